import { isInstallationAdmin, type Viewer } from '../auth/viewer';
import { type Refusal } from './writes';

/**
 * Organisations (arkivskapere) and who administers what (docs/access-control.md, "Organisations").
 *
 * | who                                   | may                                                  |
 * |---------------------------------------|------------------------------------------------------|
 * | everybody, the public included        | read the directory: names, short names, numbers      |
 * | an installation admin (super-admin)   | create an organisation with its first admin; rename  |
 * | an ADMIN of an organisation           | manage that organisation's users, grants, units, …   |
 *
 * Creating and renaming are root operations of the installation: there is no record to hide, so
 * everybody else is refused with FORBIDDEN. Being an installation admin gives nothing inside an
 * organisation (no grant, no content): that needs a user and grants there like anybody else.
 */

export const INSTALLATION_ADMIN_REFUSAL =
  'Only an installation admin (installasjonsadministrator) may create or change organisations';

/** May the viewer create or rename organisations? null when allowed, else the refusal. */
export function refuseOrganisationAdministration(viewer: Viewer): Refusal | null {
  return isInstallationAdmin(viewer)
    ? null
    : { code: 'FORBIDDEN', message: INSTALLATION_ADMIN_REFUSAL };
}
