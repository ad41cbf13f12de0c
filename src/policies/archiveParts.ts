import { type Viewer, hasRole } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type AppAbility, type RuleBuilder } from './subjects';
import { isInternal } from './viewerFacts';
import { type Refusal } from './writes';

/**
 * The archive (arkiv) and its parts (arkivdeler).
 *
 * | who                 | may                                                                 |
 * |---------------------|---------------------------------------------------------------------|
 * | every internal user | read the archive and its parts (titles, statuses, periods: no       |
 * |                     | screened data, and no count of the cases in them)                   |
 * | ADMIN, ARCHIVIST    | administer the parts: create one, start a new period, close one     |
 *
 * Administering a part reads or changes no case's content: starting a period with CLOSED_PERIOD
 * moves open cases into the new part without reading them, so no read right is widened.
 */
export function archiveRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  can('read', ['Archive', 'ArchivePart']);
  if (hasRole(viewer, Role.ADMIN) || hasRole(viewer, Role.ARCHIVIST)) {
    can('administer', 'ArchivePart');
  }
}

export const ARCHIVE_PART_REFUSAL =
  'Only administrators and archivists may create, end or close archive parts (arkivdeler)';

/** May the ability's viewer administer archive parts? null when allowed, else the refusal. */
export function refuseArchivePartAdministration(ability: AppAbility): Refusal | null {
  return ability.can('administer', 'ArchivePart')
    ? null
    : { code: 'FORBIDDEN', message: ARCHIVE_PART_REFUSAL };
}
