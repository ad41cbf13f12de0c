import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { OPEN_CASE_STATUSES } from '../domain/caseStates';
import { type ArchivePartStatus } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { organisationFields } from '../policies/fields';
import { accessibleWhere } from '../policies/sql';
import { emptyList, listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * The archives (arkiv) and their parts (arkivdeler) as keyset pages, for every internal user
 * (policies/archiveParts.ts): they hold titles, statuses and periods, never a value of a record.
 */

const byTitle: SortKey = {
  expr: 't.title',
  column: 'title',
  desc: false,
  kind: 'text',
  collation: 'norwegian',
};

function readable(ability: AppAbility, subject: 'Archive' | 'ArchivePart', from: SqlFragment) {
  const where = accessibleWhere(ability, 'read', subject, organisationFields());
  return where ? sql`${from} where ${where}` : null;
}

export interface ArchiveRow extends Record<string, unknown> {
  id: string;
  title: string;
  description: string | null;
  status: string;
  records_creator_name: string;
}

const ARCHIVE_COLUMNS = 'select id, title, description, status, records_creator_name from archive';

/** Archives (arkiv) by title. */
export function listArchives(
  em: EntityManager,
  ability: AppAbility,
  page: PageRequest,
): Promise<ListResult<ArchiveRow>> {
  const base = readable(ability, 'Archive', raw(ARCHIVE_COLUMNS));
  if (!base) return Promise.resolve(emptyList());
  return listPage<ArchiveRow>(em, base, [], withIdTieBreak([byTitle]), page);
}

export interface ArchivePartRow extends Record<string, unknown> {
  id: string;
  archive_id: string;
  title: string;
  status: ArchivePartStatus;
  period_start: string;
  period_end: string | null;
  successor_id: string | null;
  version: number;
}

export const ARCHIVE_PART_COLUMNS =
  'select id, archive_id, title, status, period_start::text as period_start, period_end::text as period_end, successor_id, version from archive_part';

/** Archive parts (arkivdeler), newest period first. */
export function listArchiveParts(
  em: EntityManager,
  ability: AppAbility,
  args: {
    filter: { archiveId?: string | null; status?: ArchivePartStatus[] | null };
    page: PageRequest;
  },
): Promise<ListResult<ArchivePartRow>> {
  const base = readable(ability, 'ArchivePart', raw(ARCHIVE_PART_COLUMNS));
  if (!base) return Promise.resolve(emptyList());
  const { archiveId, status } = args.filter;
  const filters = [
    ...(archiveId ? [sql`t.archive_id = ${archiveId}`] : []),
    ...(status?.length ? [sql`t.status = any(${status})`] : []),
  ];
  const byStart: SortKey = {
    expr: 't.period_start',
    column: 'period_start',
    desc: true,
    kind: 'date',
  };
  return listPage<ArchivePartRow>(em, base, filters, withIdTieBreak([byStart]), args.page);
}

/**
 * The parts, of those given, that still hold an open case (neither closed by the archive nor
 * cancelled): one statement for a whole page of parts, over the index on archive_part_id.
 */
export async function partsWithOpenCases(
  em: EntityManager,
  partIds: readonly string[],
): Promise<Set<string>> {
  const rows = await query<{ id: string }>(
    em,
    sql`select p.id from archive_part p where p.id in (${[...partIds]}) and exists (
      select 1 from case_file c
       where c.archive_part_id = p.id and c.status in (${OPEN_CASE_STATUSES}))`,
  );
  return new Set(rows.map((r) => r.id));
}
