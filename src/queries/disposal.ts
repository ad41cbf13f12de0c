import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { type DisposalDecision, type DisposalStatus } from '../entities/Disposal';
import { type AppAbility } from '../policies/ability';
import { caseFields } from '../policies/fields';
import { accessibleWhere } from '../policies/sql';
import { emptyList, listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * Bevaring og kassasjon (docs/noark5.md): a case's effective disposal decision and the disposal
 * list, in SQL, so that a page is one statement whatever its size.
 */

/** Where a case's decision comes from. */
export type DisposalSource = 'CLASS' | 'ARCHIVE_PART';

/**
 * A lateral join (alias `e`) giving the effective decision of case `c`: its primary class's when
 * that class has one, else its archive part's; no row when neither has. The disposal date
 * (kassasjonsdato) is the closing day (in Norway) plus the retention period; null while the case
 * is open or when no period is set.
 */
export function effectiveDisposalJoin(c: string): SqlFragment {
  return raw(`join lateral (
      select r.decision, r.authority, r.retention_years, r.source, r.class_id, r.archive_part_id,
        case when ${c}.closed_at is not null and r.retention_years is not null
          then ((${c}.closed_at at time zone 'Europe/Oslo')::date
            + make_interval(years => r.retention_years))::date end as disposal_date
      from (
        select k.disposal_decision as decision, k.disposal_authority as authority,
          k.retention_years, 'CLASS' as source, k.id as class_id, null::uuid as archive_part_id, 1 as rank
        from case_class cc join class k on k.id = cc.class_id
        where cc.case_id = ${c}.id and cc.role = 'PRIMARY' and k.disposal_decision is not null
        union all
        select p.disposal_decision, p.disposal_authority, p.retention_years, 'ARCHIVE_PART', null, p.id, 2
        from archive_part p
        where p.id = ${c}.archive_part_id and p.disposal_decision is not null
      ) r order by r.rank limit 1) e on true`);
}

export interface CaseDisposalRow extends Record<string, unknown> {
  id: string;
  decision: DisposalDecision;
  authority: string | null;
  retention_years: number | null;
  source: DisposalSource;
  class_id: string | null;
  archive_part_id: string | null;
  disposal_date: string | null;
}

const EFFECTIVE_COLUMNS = raw(`e.decision, e.authority, e.retention_years, e.source, e.class_id,
  e.archive_part_id, e.disposal_date::text as disposal_date`);

/** The effective decisions of the given cases (those without one are left out). */
export function disposalOfCases(
  em: EntityManager,
  caseIds: readonly string[],
): Promise<CaseDisposalRow[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return query<CaseDisposalRow>(
    em,
    sql`select c.id, ${EFFECTIVE_COLUMNS} from case_file c ${effectiveDisposalJoin('c')}
      where c.id in (${[...caseIds]})`,
  );
}

/** A case disposed of by a confirmed disposal (its documents are gone). */
const caseDisposed = (c: string) =>
  raw(`exists (select 1 from disposal_item i join disposal d on d.id = i.disposal_id
    where i.case_id = ${c}.id and d.status = 'CONFIRMED')`);

/**
 * Due for disposal on `today`: the case is closed by the archive (avsluttet), its effective
 * decision is DISPOSE, its disposal date has come, and no confirmed disposal has taken it yet.
 */
function dueCases(today: string): SqlFragment {
  return sql`c.status = 'CLOSED' and e.decision = 'DISPOSE' and e.disposal_date <= ${today}::date
    and not ${caseDisposed('c')}`;
}

export interface DisposalListRow extends CaseDisposalRow {
  primary_class_id: string | null;
  case_archive_part_id: string;
}

/**
 * The disposal list (kassasjonsliste): the cases the viewer reads that are due by `dueBy`
 * (default today), earliest disposal date first; only archivists get here (policies/disposal.ts).
 */
export function listDueCases(
  em: EntityManager,
  ability: AppAbility,
  args: {
    today: string;
    filter: { archivePartId?: string | null; classId?: string | null; dueBy?: string | null };
    page: PageRequest;
  },
): Promise<ListResult<DisposalListRow>> {
  const read = accessibleWhere(ability, 'read', 'Case', caseFields('c'));
  if (!read) return Promise.resolve(emptyList());
  const dueBy = args.filter.dueBy ?? args.today;
  const base = sql`select c.id, c.archive_part_id as case_archive_part_id, ${EFFECTIVE_COLUMNS},
      (select cc.class_id from case_class cc where cc.case_id = c.id and cc.role = 'PRIMARY') as primary_class_id
    from case_file c ${effectiveDisposalJoin('c')}
    where ${dueCases(dueBy)} and (${read})`;
  const { archivePartId, classId } = args.filter;
  const filters = [
    ...(archivePartId ? [sql`t.case_archive_part_id = ${archivePartId}`] : []),
    ...(classId ? [sql`t.primary_class_id = ${classId}`] : []),
  ];
  const byDate: SortKey = {
    expr: 't.disposal_date',
    column: 'disposal_date',
    desc: false,
    kind: 'date',
  };
  return listPage<DisposalListRow>(em, base, filters, withIdTieBreak([byDate]), args.page);
}

/** Of the given cases, those due for disposal today. */
export async function dueCaseIds(
  em: EntityManager,
  today: string,
  caseIds: readonly string[],
): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await query<{ id: string }>(
    em,
    sql`select c.id from case_file c ${effectiveDisposalJoin('c')}
      where c.id in (${[...caseIds]}) and ${dueCases(today)}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** How many descriptions of each given case are not yet disposed of (cases with none left out). */
export async function undisposedDescriptionCounts(
  em: EntityManager,
  caseIds: readonly string[],
): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await query<{ case_id: string; n: string }>(
    em,
    sql`select jp.case_id, count(*) as n from document_description dd
      join journal_post jp on jp.id = dd.journal_post_id
      where jp.case_id in (${[...caseIds]}) and dd.disposed_at is null group by jp.case_id`,
  );
  return new Map(rows.map((r) => [r.case_id, Number(r.n)]));
}

export interface DisposalRow extends Record<string, unknown> {
  id: string;
  status: DisposalStatus;
  basis: string;
  proposed_by_id: string;
  proposed_at: string;
  confirmed_by_id: string | null;
  confirmed_at: string | null;
  cancelled_by_id: string | null;
  cancelled_at: string | null;
  version: number;
}

const DISPOSAL_COLUMNS = raw(`select id, status, basis, proposed_by_id, proposed_at,
  confirmed_by_id, confirmed_at, cancelled_by_id, cancelled_at, version from disposal`);

/** Disposals (kassasjoner), newest proposal first; for archivists only (the caller checks). */
export function listDisposals(
  em: EntityManager,
  args: { status?: DisposalStatus[] | null; page: PageRequest },
): Promise<ListResult<DisposalRow>> {
  const filters = args.status?.length ? [sql`t.status = any(${args.status})`] : [];
  const byProposed: SortKey = {
    expr: 't.proposed_at',
    column: 'proposed_at',
    desc: true,
    kind: 'timestamp',
  };
  return listPage<DisposalRow>(
    em,
    DISPOSAL_COLUMNS,
    filters,
    withIdTieBreak([byProposed]),
    args.page,
  );
}

export function disposalsById(em: EntityManager, ids: readonly string[]): Promise<DisposalRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return query<DisposalRow>(em, sql`${DISPOSAL_COLUMNS} where id in (${[...ids]})`);
}

/** The items of disposals: the cases and the single descriptions each one destroys. */
export function itemsOfDisposals(
  em: EntityManager,
  ids: readonly string[],
): Promise<
  { disposal_id: string; case_id: string | null; document_description_id: string | null }[]
> {
  if (ids.length === 0) return Promise.resolve([]);
  return query(
    em,
    sql`select disposal_id, case_id, document_description_id from disposal_item
      where disposal_id in (${[...ids]}) order by disposal_id, id`,
  );
}

export interface DescriptionDisposalRow extends Record<string, unknown> {
  id: string;
  disposed_at: string;
  disposed_by_id: string;
  disposal_id: string;
}

/** The trace (utført kassasjon) of the given descriptions that have been disposed of. */
export function disposalOfDescriptions(
  em: EntityManager,
  ids: readonly string[],
): Promise<DescriptionDisposalRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return query<DescriptionDisposalRow>(
    em,
    sql`select id, disposed_at, disposed_by_id, disposal_id from document_description
      where id in (${[...ids]}) and disposed_at is not null`,
  );
}

/** The decisions set on the given classes or archive parts (NULLs where none is set). */
export function disposalRules(
  em: EntityManager,
  table: 'class' | 'archive_part',
  ids: readonly string[],
): Promise<
  {
    id: string;
    disposal_decision: string | null;
    disposal_authority: string | null;
    retention_years: number | null;
  }[]
> {
  if (ids.length === 0) return Promise.resolve([]);
  return query(
    em,
    sql`select id, disposal_decision, disposal_authority, retention_years from ${raw(table)}
      where id in (${[...ids]})`,
  );
}
