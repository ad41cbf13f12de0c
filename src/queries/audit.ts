import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { expensiveStatement } from './statementSlots';
import { type AppAbility } from '../policies/ability';
import { auditValuesVisible, SCREENED_VALUE } from '../policies/audit';
import { cappedCount, type ListResult, type Range, type TotalCount } from './list';
import { orderBy, type PageRequest, planPage, type SortKey } from './pagination';

/** One event of the audit trail as one reader may see it (policies/audit.ts). */
export interface AuditEventRow extends Record<string, unknown> {
  id: string;
  /** `at` to the microsecond, in UTC: the cursor value (a JS Date would lose the microseconds) */
  at_key: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** { field: { old, new } }; values replaced by the screened marker where `redacted` */
  changes: Record<string, { old: unknown; new: unknown }> | null;
  reason: string | null;
  request_id: string | null;
  /** Values were withheld from this reader */
  redacted: boolean;
}

export interface AuditFilter {
  actorId?: string | null;
  /** The target's type, when the filter was a global id */
  targetType?: string | null;
  targetId?: string | null;
  action?: string | null;
  at?: Range<Date> | null;
}

/**
 * The audit trail with the reader's redaction applied in SQL: where the reader may not see an
 * event's values, `changes` keeps the field names with `*****` for old and new, and the reason is
 * `*****`. The withheld values never leave the database.
 */
function visibleAuditEvents(ability: AppAbility): SqlFragment {
  const marker = SCREENED_VALUE;
  return sql`select e.id, e.at,
      to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key,
      e.actor_id, e.action, e.target_type, e.target_id, e.request_id,
      case when v.visible then e.changes
        when jsonb_typeof(e.changes) = 'object' then (
          select coalesce(jsonb_object_agg(k.key,
              jsonb_build_object('old', ${marker}::text, 'new', ${marker}::text)), '{}'::jsonb)
          from jsonb_object_keys(e.changes) k(key))
      end as changes,
      case when v.visible or e.reason is null then e.reason else ${marker}::text end as reason,
      (not v.visible and (e.changes is not null or e.reason is not null)) as redacted
    from audit_event e
    cross join lateral (select ${auditValuesVisible(ability, 'e')} as visible) v`;
}

function auditFilters(f: AuditFilter): SqlFragment[] {
  const out: SqlFragment[] = [];
  if (f.actorId) out.push(sql`t.actor_id = ${f.actorId}::uuid`);
  if (f.targetType) out.push(sql`t.target_type = ${f.targetType}`);
  if (f.targetId) out.push(sql`t.target_id = ${f.targetId}::uuid`);
  if (f.action) out.push(sql`t.action = ${f.action}`);
  if (f.at?.from) out.push(sql`t.at >= ${f.at.from}`);
  if (f.at?.to) out.push(sql`t.at <= ${f.at.to}`);
  return out;
}

/** Newest first; the id breaks ties between events of the same microsecond. */
const KEYS: SortKey[] = [
  { expr: 't.at', column: 'at_key', desc: true, kind: 'timestamp' },
  { expr: 't.id', column: 'id', desc: true, kind: 'bigint' },
];

/**
 * One keyset page of the audit trail, newest first (at desc, id desc), with its count. Readers
 * are checked by the caller (`read` on `AuditEvent`).
 */
export async function listAuditEvents(
  em: EntityManager,
  ability: AppAbility,
  args: { filter: AuditFilter; page: PageRequest },
): Promise<ListResult<AuditEventRow>> {
  const base = visibleAuditEvents(ability);
  const plan = planPage(args.page, KEYS);
  const filters = auditFilters(args.filter);
  const where = filters.length ? joinSql(filters, ' and ') : raw('true');
  // Both keys are NOT NULL, so a plain order (which an index on (at, id) serves either way) is the
  // order keysetCondition assumes.
  const rows =
    plan.size === 0
      ? []
      : await query<AuditEventRow>(
          em,
          sql`select * from (${base}) t where ${where} and ${plan.bounds}
            order by ${orderBy(plan.order)} limit ${plan.size + 1}`,
        );
  let counted: Promise<TotalCount> | undefined;
  return {
    ...plan.finish(rows),
    // Redaction hides values, never events: the count reads the table itself.
    totalCount: () =>
      (counted ??= expensiveStatement(em, () =>
        cappedCount(em, sql`select 1 from audit_event t where ${where}`),
      )),
  };
}
