import { hasRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type Refusal } from './writes';

/**
 * Importing a deposit package (arkivuttrekk) into an organisation (docs/noark5.md, "Import").
 *
 * | who                                  | may                                                    |
 * |--------------------------------------|--------------------------------------------------------|
 * | an archivist (ARCHIVIST) of the      | import a package into it while it holds no records     |
 * | organisation                         |                                                        |
 * | anybody else                         | nothing                                                |
 *
 * An import creates every record of the package, screened ones in full, and archivists read every
 * record of their organisation in full: whoever imports reads all that the import writes, so the
 * write widens nobody's reading.
 */
export const ARCHIVE_IMPORT_REFUSAL =
  'Only an archivist (arkivar) of the organisation may import a deposit package (arkivuttrekk)';

/** May the viewer import a deposit package into their organisation? null when allowed. */
export function refuseArchiveImport(viewer: Viewer | null): Refusal | null {
  return viewer && hasRole(viewer, Role.ARCHIVIST)
    ? null
    : { code: 'FORBIDDEN', message: ARCHIVE_IMPORT_REFUSAL };
}
