import { hasRole, type Viewer } from '../auth/viewer';
import { type SqlFragment, sql } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { descriptionNotReadInFull } from './disposal';
import { caseFields } from './fields';
import { postsNotReadInFull } from './moves';
import { accessibleWhere } from './sql';
import { type AppAbility } from './subjects';
import { type Refusal } from './writes';

/**
 * Arkivuttrekk (docs/noark5.md, "Arkivuttrekk (deposit package)"): exporting a closed archive part
 * into a deposit package, reading the exports and downloading their packages.
 *
 * | who       | may                                                                         |
 * |-----------|-----------------------------------------------------------------------------|
 * | ARCHIVIST | start an export of a part, follow it, download its package: when they read  |
 * |           | every case, journal post and document description of the part in full       |
 *
 * A package hands on every record of the part with its screened values in full (the deposit is not
 * public): write rights never exceed read rights, so the check of the whole part runs in SQL with
 * the policies' FULL predicates of the requester before the export is started (FORBIDDEN when
 * anything of the part is not read in full). Archivists read everything of their organisation.
 */
export const ARCHIVE_EXPORT_REFUSAL =
  'Only archivists may export an archive part (arkivuttrekk) and read its exports';

/** May the viewer export archive parts and read the exports? null when allowed. */
export function refuseArchiveExport(viewer: Viewer): Refusal | null {
  return hasRole(viewer, Role.ARCHIVIST)
    ? null
    : { code: 'FORBIDDEN', message: ARCHIVE_EXPORT_REFUSAL };
}

export const PART_NOT_READ_IN_FULL: Refusal = {
  code: 'FORBIDDEN',
  message:
    'You do not read every case, journal post and document of this archive part in full; only one who does may export it',
};

/**
 * SQL, true when some case, journal post or document description of archive part `partId` is NOT
 * read in full by the ability's viewer: the FULL predicates of the policies, for the whole part.
 */
export function partNotReadInFull(ability: AppAbility, partId: string): SqlFragment {
  const caseFull = accessibleWhere(ability, 'readFull', 'Case', caseFields('c'));
  const caseUnread = caseFull ? sql`not coalesce(${caseFull}, false)` : sql`true`;
  return sql`(exists (select 1 from case_file c where c.archive_part_id = ${partId} and ${caseUnread})
    or exists (select 1 from journal_post jp join case_file c on c.id = jp.case_id
      where c.archive_part_id = ${partId} and ${postsNotReadInFull(ability, 'jp', 'c')})
    or exists (select 1 from document_description dd
      join journal_post jp on jp.id = dd.journal_post_id join case_file c on c.id = jp.case_id
      where c.archive_part_id = ${partId} and ${descriptionNotReadInFull(ability, 'dd', 'jp', 'c')}))`;
}
