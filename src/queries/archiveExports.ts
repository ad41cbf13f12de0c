import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql } from '../db/sqlTemplate';
import { type ArchiveExportState } from '../entities/ArchiveExport';
import { listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * Export jobs (arkivuttrekk) and what an export checks before it runs. Jobs hold no value of a
 * record (errors name records by registry id), and only archivists read them
 * (policies/archiveExports.ts, decided by the caller).
 */

export interface ArchiveExportRow extends Record<string, unknown> {
  id: string;
  archive_part_id: string;
  requested_by_id: string;
  state: ArchiveExportState;
  records_done: number;
  records_total: number | null;
  errors: string[];
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date;
  package_file: string | null;
  package_size: string | null;
  package_sha256: string | null;
}

const COLUMNS = raw(`select id, archive_part_id, requested_by_id, state, records_done,
  records_total, errors, requested_at, started_at, finished_at, heartbeat_at, package_file,
  package_size::text as package_size, package_sha256 from archive_export`);

/** The jobs of these ids (of the transaction's organisation), for a DataLoader or one read. */
export async function archiveExportsById(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, ArchiveExportRow>> {
  if (ids.length === 0) return new Map();
  const rows = await query<ArchiveExportRow>(em, sql`${COLUMNS} where id in (${[...ids]})`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The exports of one archive part, newest first. */
export function listArchiveExports(
  em: EntityManager,
  archivePartId: string,
  page: PageRequest,
): Promise<ListResult<ArchiveExportRow>> {
  const byRequested: SortKey = {
    expr: 't.requested_at',
    column: 'requested_at',
    desc: true,
    kind: 'timestamp',
  };
  return listPage<ArchiveExportRow>(
    em,
    sql`${COLUMNS} where archive_part_id = ${archivePartId}`,
    [],
    withIdTieBreak([byRequested]),
    page,
  );
}

/** The export of the part that is QUEUED or RUNNING, if any (at most one: a unique index). */
export async function activeExportOf(
  em: EntityManager,
  archivePartId: string,
): Promise<ArchiveExportRow | null> {
  const [row] = await query<ArchiveExportRow>(
    em,
    sql`${COLUMNS} where archive_part_id = ${archivePartId} and state in ('QUEUED', 'RUNNING')`,
  );
  return row ?? null;
}

/** How many descriptions at most `descriptionsWithoutArchiveFile` names. */
export const MISSING_LISTED = 100;

/**
 * The document descriptions of the part's posts (not disposed of) without a current ARCHIVE
 * (arkivformat) file: by registry id and document number, never by title. At most
 * MISSING_LISTED are named; `total` counts them all.
 */
export async function descriptionsWithoutArchiveFile(
  em: EntityManager,
  archivePartId: string,
): Promise<{ total: number; named: { registryId: string; documentNumber: number }[] }> {
  const rows = await query<{ registry_id: string; document_number: number; total: number }>(
    em,
    sql`select c.case_number || '-' || jp.document_number as registry_id,
        dd.document_number, count(*) over ()::int as total
      from document_description dd
      join journal_post jp on jp.id = dd.journal_post_id
      join case_file c on c.id = jp.case_id
      where c.archive_part_id = ${archivePartId} and dd.disposed_at is null
        and not exists (select 1 from document d where d.document_description_id = dd.id
          and d.variant = 'ARCHIVE' and d.replaced_at is null and d.disposed_at is null)
      order by c.case_year, c.case_sequence, jp.document_number, dd.document_number
      limit ${MISSING_LISTED}`,
  );
  return {
    total: rows[0]?.total ?? 0,
    named: rows.map((r) => ({ registryId: r.registry_id, documentNumber: r.document_number })),
  };
}
