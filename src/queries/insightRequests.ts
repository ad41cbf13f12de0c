import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { type DocumentVariant, type InsightOutcome, InsightRequestStatus } from '../entities';
import { type AppAbility } from '../policies/ability';
import { insightRequestFields, journalPostFields } from '../policies/fields';
import { publicTitle } from '../policies/redaction';
import { accessibleWhere } from '../policies/sql';
import { emptyList, listPage, type ListResult } from './list';
import {
  inDirection,
  type ListOrder,
  type PageRequest,
  type SortDirection,
  type SortKey,
} from './pagination';

/** An insight request as a viewer who may see it sees it, with its flags for `today`. */
export interface InsightRequestRow extends Record<string, unknown> {
  id: string;
  status: InsightRequestStatus;
  /** timestamptz as PostgreSQL prints it */
  received_at: string;
  received_on: string;
  due_date: string;
  answer_deadline: string;
  requester_name: string | null;
  requester_email: string;
  message: string | null;
  decided_at: string | null;
  decided_on: string | null;
  appealed_at: string | null;
  appeal_reason: string | null;
  closed_at: string | null;
  /** Past its due date and not answered */
  overdue: boolean;
  /** Unanswered after 5 working days: counts as refused (offl. § 32) */
  deemed_refused: boolean;
  /** Some item is PARTIAL or DENIED */
  any_refused: boolean;
  /** Optimistic locking (entities/InsightRequest.ts) */
  version: number;
}

const OPEN = [InsightRequestStatus.RECEIVED, InsightRequestStatus.IN_PROGRESS];

/** The flags, computed against today's date in Norway (never the database's clock). */
function flags(r: string, today: string): SqlFragment {
  const a = raw(r);
  return sql`(${a}.status in (${OPEN}) and ${a}.due_date < ${today}::date) as overdue,
    (${a}.status in (${OPEN}) and ${a}.answer_deadline < ${today}::date) as deemed_refused`;
}

/** The requests the viewer may see; null when none (no query is run). */
export function visibleInsightRequests(ability: AppAbility, today: string): SqlFragment | null {
  const read = accessibleWhere(ability, 'read', 'InsightRequest', insightRequestFields('r'));
  if (!read) return null;
  return sql`select r.id, r.status, r.received_at, r.received_on, r.due_date, r.answer_deadline,
      r.requester_name, r.requester_email, r.message, r.decided_at, r.decided_on, r.appealed_at,
      r.appeal_reason, r.closed_at, r.version, ${flags('r', today)},
      exists (select 1 from insight_request_item i where i.request_id = r.id
              and i.outcome in ('PARTIAL', 'DENIED')) as any_refused
    from insight_request r
    where ${read}`;
}

export interface InsightRequestFilter {
  status?: InsightRequestStatus | null;
  overdue?: boolean | null;
  deemedRefused?: boolean | null;
  unitId?: string | null;
  assigneeId?: string | null;
}

/**
 * Items assigned to `assigneeId` whose assignee the viewer may see: where they read the post in
 * full, or the assignee is themself (the item's `assignee` field shows no more). So the filter
 * never counts what the viewer cannot be shown.
 */
function assignedTo(ability: AppAbility, viewerId: string | null, assigneeId: string): SqlFragment {
  const assignee = sql`i.request_id = t.id and i.assignee_id = ${assigneeId}`;
  if (assigneeId === viewerId) {
    return sql`exists (select 1 from insight_request_item i where ${assignee})`;
  }
  const full = accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields('ijp', 'ic'));
  if (!full) return raw('false');
  return sql`exists (select 1 from insight_request_item i
      join journal_post ijp on ijp.id = i.journal_post_id
      join case_file ic on ic.id = ijp.case_id
    where ${assignee} and (${full}))`;
}

function filters(
  ability: AppAbility,
  viewerId: string | null,
  f: InsightRequestFilter,
): SqlFragment[] {
  const out: SqlFragment[] = [];
  if (f.status) out.push(sql`t.status = ${f.status}`);
  if (f.overdue !== null && f.overdue !== undefined) out.push(sql`t.overdue = ${f.overdue}`);
  if (f.deemedRefused !== null && f.deemedRefused !== undefined) {
    out.push(sql`t.deemed_refused = ${f.deemedRefused}`);
  }
  if (f.unitId) {
    out.push(sql`exists (select 1 from insight_request_item i
      where i.request_id = t.id and i.unit_id = ${f.unitId})`);
  }
  if (f.assigneeId) out.push(assignedTo(ability, viewerId, f.assigneeId));
  return out;
}

export type InsightRequestOrderField = 'RECEIVED_AT' | 'DUE_DATE';

export type InsightRequestOrder = ListOrder<InsightRequestOrderField>;

/** The direction each order runs in when the client names none: its keys as written below. */
const INSIGHT_REQUEST_ORDER_DEFAULTS: Record<InsightRequestOrderField, SortDirection> = {
  RECEIVED_AT: 'DESC',
  DUE_DATE: 'ASC',
};

const ORDERS: Record<InsightRequestOrderField, SortKey[]> = {
  RECEIVED_AT: [{ expr: 't.received_at', column: 'received_at', desc: true, kind: 'timestamp' }],
  DUE_DATE: [
    { expr: 't.due_date', column: 'due_date', desc: false, kind: 'date' },
    { expr: 't.received_at', column: 'received_at', desc: false, kind: 'timestamp' },
  ],
};

export function listInsightRequests(
  em: EntityManager,
  ability: AppAbility,
  viewerId: string | null,
  today: string,
  args: {
    filter: InsightRequestFilter;
    order: InsightRequestOrder;
    page: PageRequest;
  },
): Promise<ListResult<InsightRequestRow>> {
  const base = visibleInsightRequests(ability, today);
  if (!base) return Promise.resolve(emptyList());
  const { field, direction } = args.order;
  const keys = inDirection(
    [...ORDERS[field], { expr: 't.id', column: 'id', desc: false, kind: 'uuid' }],
    INSIGHT_REQUEST_ORDER_DEFAULTS[field],
    direction,
  );
  return listPage<InsightRequestRow>(
    em,
    base,
    filters(ability, viewerId, args.filter),
    keys,
    args.page,
  );
}

export async function insightRequestsById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<InsightRequestRow[]> {
  const base = visibleInsightRequests(ability, today);
  if (!base || ids.length === 0) return [];
  return query<InsightRequestRow>(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

export interface InsightItemRow {
  id: string;
  request_id: string;
  position: number;
  journal_post_id: string;
  assignee_id: string | null;
  unit_id: string;
  outcome: InsightOutcome | null;
  legal_basis: string | null;
  additional_access_considered: boolean;
  note: string | null;
  decided_by_id: string | null;
  decided_at: string | null;
  released_document_id: string | null;
  released_variant: DocumentVariant | null;
  appeal_pending: boolean;
}

/** The items of requests the caller has already found visible, in the order asked for. */
export function itemsOfRequests(
  em: EntityManager,
  requestIds: readonly string[],
): Promise<InsightItemRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return query<InsightItemRow>(
    em,
    sql`select i.id, i.request_id, i.position, i.journal_post_id, i.assignee_id, i.unit_id,
        i.outcome, i.legal_basis, i.additional_access_considered, i.note, i.decided_by_id,
        i.decided_at, i.released_document_id, d.variant as released_variant, i.appeal_pending
      from insight_request_item i left join document d on d.id = i.released_document_id
      where i.request_id in (${[...requestIds]})
      order by i.request_id, i.position`,
  );
}

/** What the requester sees of their request: nothing about people or screened content. */
export interface PublicStatusRow {
  id: string;
  /** where the request is kept: its download links name it */
  organisation_id: string;
  status: InsightRequestStatus;
  received_at: string;
  due_date: string;
  answer_deadline: string;
  decided_on: string | null;
  appealed_at: string | null;
}

export interface PublicItemRow {
  id: string;
  registry_id: string;
  /** The title in its public form today */
  title: string;
  outcome: InsightOutcome | null;
  legal_basis: string | null;
  released_document_id: string | null;
  released_variant: DocumentVariant | null;
  appeal_pending: boolean;
}

/**
 * A request of the transaction's organisation by the hash of its reference, as its requester may
 * see it; null when unknown there (a reference is unique within its organisation only).
 */
export function publicStatusByHash(
  em: EntityManager,
  hash: string,
  today: string,
): Promise<{ request: PublicStatusRow; items: PublicItemRow[] } | null> {
  return publicStatusWhere(em, sql`r.reference_hash = ${hash}`, today);
}

/** The same by the request's id: what its requester's mails tell (services/insightNotices.ts). */
export function publicStatusById(
  em: EntityManager,
  id: string,
  today: string,
): Promise<{ request: PublicStatusRow; items: PublicItemRow[] } | null> {
  return publicStatusWhere(em, sql`r.id = ${id}`, today);
}

async function publicStatusWhere(
  em: EntityManager,
  where: SqlFragment,
  today: string,
): Promise<{ request: PublicStatusRow; items: PublicItemRow[] } | null> {
  const [request] = await query<PublicStatusRow>(
    em,
    sql`select r.id, r.organisation_id::text as organisation_id, r.status, r.received_at, r.due_date, r.answer_deadline, r.decided_on,
        r.appealed_at
      from insight_request r where ${where}
      and r.organisation_id = current_organisation()`,
  );
  if (!request) return null;
  const items = await query<PublicItemRow>(
    em,
    sql`select i.id, c.case_number || '-' || jp.document_number as registry_id,
        ${publicTitle('jp', today)} as title, i.outcome, i.legal_basis,
        i.released_document_id, d.variant as released_variant, i.appeal_pending
      from insight_request_item i
      join journal_post jp on jp.id = i.journal_post_id
      join case_file c on c.id = jp.case_id
      left join document d on d.id = i.released_document_id
      where i.request_id = ${request.id}
      order by i.position`,
  );
  return { request, items };
}
