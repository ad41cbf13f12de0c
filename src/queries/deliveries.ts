import { type EntityManager } from '@mikro-orm/postgresql';
import { sql, type SqlFragment } from '../db/sqlTemplate';
import { type DeliveryStatus } from '../entities/Delivery';
import { listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * The archive log (arkivlogg) and the specialist systems (fagsystemer), over the rows the viewer
 * reads (`visible`, from policies/deliveries.ts, decided by the caller). Rows hold codes, keys and
 * ids only, never a value of a record.
 */

export interface ArchiveLogRow extends Record<string, unknown> {
  id: string;
  user_id: string;
  operation: string;
  idempotency_key: string | null;
  status: DeliveryStatus;
  error_code: string | null;
  reason: string | null;
  /** The record the entry points to as a Node: a correspondent's journal post, a file's description */
  node_kind: 'Case' | 'JournalPost' | 'DocumentDescription' | null;
  node_id: string | null;
  request_id: string;
  /** timestamptz as PostgreSQL writes it (the server's pool returns text) */
  received_at: string;
  finished_at: string | null;
  /** 1: a refusal no later delivery has put right (Delivery.unresolved); else 0 */
  unresolved: number;
  system_id: string | null;
  system_name: string | null;
  system_owner_id: string | null;
  system_user_id: string | null;
  system_created_at: string | null;
}

const ENTRIES = sql`select d.id, d.user_id, d.operation, d.idempotency_key, d.status, d.error_code,
    d.reason, d.request_id, d.received_at, d.finished_at,
    case d.record_kind when 'Correspondent' then 'JournalPost'
      when 'Document' then 'DocumentDescription' else d.record_kind end as node_kind,
    case d.record_kind
      when 'Correspondent' then (select c.journal_post_id from correspondent c where c.id = d.record_id)
      when 'Document' then (select f.document_description_id from document f where f.id = d.record_id)
      else d.record_id end as node_id,
    d.unresolved::int as unresolved,
    s.id as system_id, s.name as system_name, s.owner_id as system_owner_id, s.user_id as system_user_id,
    s.created_at as system_created_at
  from delivery d left join specialist_system s on s.user_id = d.user_id`;

export interface ArchiveLogFilter {
  /** One specialist system's deliveries */
  systemId?: string | null;
  status?: DeliveryStatus | null;
}

/** The log, unresolved refusals first, then newest first. */
export function listArchiveLog(
  em: EntityManager,
  visible: SqlFragment,
  filter: ArchiveLogFilter,
  page: PageRequest,
): Promise<ListResult<ArchiveLogRow>> {
  const filters: SqlFragment[] = [];
  if (filter.systemId) filters.push(sql`t.system_id = ${filter.systemId}`);
  if (filter.status) filters.push(sql`t.status = ${filter.status}`);
  const keys: SortKey[] = [
    { expr: 't.unresolved', column: 'unresolved', desc: true, kind: 'integer' },
    { expr: 't.received_at', column: 'received_at', desc: true, kind: 'timestamp' },
  ];
  return listPage<ArchiveLogRow>(
    em,
    sql`${ENTRIES} where ${visible}`,
    filters,
    withIdTieBreak(keys),
    page,
  );
}

export interface SpecialistSystemRow extends Record<string, unknown> {
  id: string;
  name: string;
  user_id: string;
  owner_id: string;
  created_at: string | Date;
}

/** The columns of a SpecialistSystemRow, over `s`. */
const SYSTEM_COLUMNS = sql`s.id, s.name, s.user_id, s.owner_id, s.created_at`;

const BY_NAME: SortKey[] = withIdTieBreak([
  { expr: 't.name', column: 'name', desc: false, kind: 'text', collation: 'norwegian' },
]);

/** The systems the viewer reads (`visible` over `s`), by name. */
export function listSpecialistSystems(
  em: EntityManager,
  visible: SqlFragment,
  page: PageRequest,
): Promise<ListResult<SpecialistSystemRow>> {
  return listPage<SpecialistSystemRow>(
    em,
    sql`select ${SYSTEM_COLUMNS} from specialist_system s where ${visible}`,
    [],
    BY_NAME,
    page,
  );
}

export interface ArchiveLogSummaryRow extends SpecialistSystemRow {
  last_delivery_at: string | null;
  stored_last_day: number;
  refused_last_day: number;
  unresolved_failures: number;
}

/** Per system the viewer reads the log of: the last delivery, and counts of the last day. */
export function archiveLogSummary(
  em: EntityManager,
  visible: SqlFragment,
  page: PageRequest,
): Promise<ListResult<ArchiveLogSummaryRow>> {
  return listPage<ArchiveLogSummaryRow>(
    em,
    sql`select ${SYSTEM_COLUMNS},
        (select max(d.received_at) from delivery d where d.user_id = s.user_id) as last_delivery_at,
        (select count(*) from delivery d where d.user_id = s.user_id and d.status = 'STORED'
          and d.received_at > now() - interval '1 day')::int as stored_last_day,
        (select count(*) from delivery d where d.user_id = s.user_id and d.status = 'REFUSED'
          and d.received_at > now() - interval '1 day')::int as refused_last_day,
        (select count(*) from delivery d where d.user_id = s.user_id
          and d.unresolved)::int as unresolved_failures
      from specialist_system s where ${visible}`,
    [],
    BY_NAME,
    page,
    { count: { base: sql`select s.id from specialist_system s where ${visible}`, filters: [] } },
  );
}
