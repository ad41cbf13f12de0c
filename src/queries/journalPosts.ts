import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import {
  type CorrespondentRole,
  type JournalPostType,
  type JournalStatus,
  type ScreenedField,
  type WriteOffMethod,
} from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { journalPostFields } from '../policies/fields';
import {
  effectiveTitle,
  fullAccessJoin,
  onlyFull,
  publicTitle,
  screeningActive,
  titleScreened,
} from '../policies/redaction';
import { correspondentContactVisible, correspondentNameVisible } from '../policies/correspondents';
import { accessibleWhere, everyRowOfOrganisation } from '../policies/sql';
import {
  cappedCountSql,
  containsPattern,
  type CountSource,
  emptyList,
  likeEscaped,
  listPage,
  type ListResult,
  type Range,
  searchPrefilter,
  type SearchPrefilter,
  substringSearch,
  toTotalCount,
  type TotalCount,
} from './list';
import {
  inDirection,
  type ListOrder,
  orderBy,
  type PageRequest,
  planPage,
  type SortDirection,
  type SortKey,
  turnsNullableKey,
  withIdTieBreak,
} from './pagination';

/** A journal post as one viewer may see it: effective values only, NULL where REDACTED hides. */
export interface JournalPostRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  case_number: string;
  case_year: number;
  case_sequence: number;
  document_number: number;
  journal_year: number;
  journal_sequence_number: number;
  type: JournalPostType;
  status: JournalStatus;
  journal_date: string;
  document_date: string | null;
  received_date: string | null;
  due_date: string | null;
  responsible_unit_id: string;
  screening_code_id: string | null;
  legal_basis: string | null;
  screened_fields: ScreenedField[];
  screening_expires_on: string | null;
  screening_active: boolean;
  screening_temporary: boolean;
  write_off_method: WriteOffMethod | null;
  write_off_date: string | null;
  /** Dokumenttype: not screened, the same at both levels */
  document_type_id: string | null;
  /** timestamptz as PostgreSQL prints it (the driver returns timestamps as text) */
  created_at: string;
  is_full: boolean;
  title: string;
  public_title: string;
  title_screened: boolean;
  responsible_id: string | null;
  access_group_id: string | null;
  approver_id: string | null;
  write_off_note: string | null;
  screening_assessed_on: string | null;
  version: number;
}

/** The journal posts the viewer may see, with their level; null when the viewer may see none. */
export function visibleJournalPosts(ability: AppAbility, today: string): SqlFragment | null {
  const fields = journalPostFields('jp', 'c');
  const read = accessibleWhere(ability, 'read', 'JournalPost', fields);
  if (!read) return null;
  const full = accessibleWhere(ability, 'readFull', 'JournalPost', fields);
  return sql`select jp.id, jp.case_id, c.case_number, c.case_year, c.case_sequence,
      jp.document_number, jp.journal_year, jp.journal_sequence_number, jp.type, jp.status,
      jp.journal_date, jp.document_date, jp.received_date,
      jp.due_date, jp.responsible_unit_id, jp.screening_code_id,
      jp.legal_basis, jp.screened_fields, jp.screening_expires_on,
      jp.write_off_method, jp.write_off_date, jp.created_at, f.is_full,
      jp.document_type_id,
      ${screeningActive('jp', today)} as screening_active,
      coalesce(sc.temporary, false) as screening_temporary,
      ${effectiveTitle('jp', 'f.is_full', today)} as title,
      ${publicTitle('jp', today)} as public_title,
      (not f.is_full and ${titleScreened('jp', today)}) as title_screened,
      ${raw(onlyFull('f.is_full', 'jp.responsible_id'))} as responsible_id,
      ${raw(onlyFull('f.is_full', 'jp.access_group_id'))} as access_group_id,
      ${raw(onlyFull('f.is_full', 'jp.approver_id'))} as approver_id,
      ${raw(onlyFull('f.is_full', 'jp.write_off_note'))} as write_off_note,
      jp.screening_assessed_on, jp.version
    from journal_post jp
    join case_file c on c.id = jp.case_id
    left join screening_code sc on sc.id = jp.screening_code_id
    ${fullAccessJoin(full)}
    where ${read}`;
}

export type JournalPostOrderField = 'JOURNAL_DATE' | 'CASE_NUMBER' | 'TITLE' | 'DUE_DATE';

export type JournalPostOrder = ListOrder<JournalPostOrderField>;

/** The direction each order runs in when the client names none: its keys as written below. */
const JOURNAL_POST_ORDER_DEFAULTS: Record<JournalPostOrderField, SortDirection> = {
  JOURNAL_DATE: 'DESC',
  CASE_NUMBER: 'DESC',
  TITLE: 'ASC',
  DUE_DATE: 'ASC',
};

const ORDERS: Record<JournalPostOrderField, SortKey[]> = {
  JOURNAL_DATE: [
    { expr: 't.journal_date', column: 'journal_date', desc: true, kind: 'date' },
    {
      expr: 't.journal_sequence_number',
      column: 'journal_sequence_number',
      desc: true,
      kind: 'integer',
    },
  ],
  CASE_NUMBER: [
    { expr: 't.case_year', column: 'case_year', desc: true, kind: 'integer' },
    { expr: 't.case_sequence', column: 'case_sequence', desc: true, kind: 'integer' },
    { expr: 't.document_number', column: 'document_number', desc: false, kind: 'integer' },
  ],
  TITLE: [{ expr: 't.title', column: 'title', desc: false, kind: 'text', collation: 'norwegian' }],
  DUE_DATE: [{ expr: 't.due_date', column: 'due_date', desc: false, kind: 'date', nullable: true }],
};

/**
 * An order no index serves: the title is the effective one (the public form where the viewer is
 * REDACTED), which depends on the viewer and the day, so the page sorts every visible post. The
 * due date has its index, but only ascending: descending with NULLs still last sorts too. Its
 * statement is expensive (docs/security.md, "Cost").
 */
export function unindexedJournalPostOrder({ field, direction }: JournalPostOrder): boolean {
  return (
    field === 'TITLE' ||
    turnsNullableKey(ORDERS[field], JOURNAL_POST_ORDER_DEFAULTS[field], direction)
  );
}

export interface JournalPostFilter {
  query?: string | null;
  caseId?: string | null;
  type?: JournalPostType | null;
  status?: JournalStatus | null;
  unitId?: string | null;
  responsibleId?: string | null;
  accessGroupId?: string | null;
  journalDate?: Range<string> | null;
  dueDate?: Range<string> | null;
}

/**
 * Posts whose registry number (`<case number>-<document number>`) can contain `text`: the case
 * number holds no `-`, the document number only digits. A superset, served by the case number's
 * trigram index and the document number's index.
 */
function registryNumberCandidates(text: string): SqlFragment | null {
  const parts = text.split('-');
  if (parts.length > 2) return null;
  if (parts.length === 1) {
    const inCaseNumber = sql`select jp.id from journal_post jp where jp.case_id = any(array(
      select c.id from case_file c where c.case_number ilike ${containsPattern(text)}))`;
    if (!/^[0-9]+$/.test(text)) return inCaseNumber;
    return sql`${inCaseNumber} union all select jp.id from journal_post jp
      where jp.document_number >= ${10 ** (text.length - 1)}
        and jp.document_number::text like ${containsPattern(text)}`;
  }
  const [suffix, prefix] = parts as [string, string];
  if (!/^[0-9]*$/.test(prefix)) return null;
  return sql`select jp.id from journal_post jp join case_file c on c.id = jp.case_id
    where c.case_number ilike ${`%${likeEscaped(suffix)}`}
      and jp.document_number >= ${prefix ? 10 ** (prefix.length - 1) : 0}
      and jp.document_number::text like ${`${likeEscaped(prefix)}%`}`;
}

/** A search: the index prefilter and the exact test on what the viewer sees. */
interface JournalPostSearch {
  prefilter: SearchPrefilter;
  exact: SqlFragment;
}

/**
 * Search on effective values, in two steps: candidates from the trigram indexes over the stored
 * and the public forms (a superset, the same for every viewer), then the exact test on what this
 * viewer sees, so a word only in a screened value never matches for a REDACTED viewer.
 */
async function journalPostSearch(em: EntityManager, text: string): Promise<JournalPostSearch> {
  const p = containsPattern(text);
  const registry = registryNumberCandidates(text);
  const prefilter = await searchPrefilter(
    em,
    sql`select jp.id from journal_post jp
        where jp.title ilike ${p} or jp.public_title ilike ${p}
      union all select co.journal_post_id from correspondent co where co.name ilike ${p}
      ${registry ? sql`union all ${registry}` : raw('')}`,
  );
  const exact = sql`(t.title ilike ${p}
      or (t.case_number || '-' || t.document_number) ilike ${p}
      or exists (select 1 from correspondent co where co.journal_post_id = t.id
                 and ${correspondentNameVisible} and co.name ilike ${p}))`;
  return { prefilter, exact };
}

interface JournalPostFilters {
  search: JournalPostSearch | null;
  /** On columns the visible relation passes through as stored: the same in `journal_post` */
  stored: SqlFragment[];
  /** On effective values, NULL where REDACTED hides them: only through the visible relation */
  effective: SqlFragment[];
}

async function journalPostFilters(
  em: EntityManager,
  f: JournalPostFilter,
): Promise<JournalPostFilters> {
  const text = substringSearch(f.query);
  const stored: SqlFragment[] = [];
  const effective: SqlFragment[] = [];
  if (f.caseId) stored.push(sql`t.case_id = ${f.caseId}`);
  if (f.type) stored.push(sql`t.type = ${f.type}`);
  if (f.status) stored.push(sql`t.status = ${f.status}`);
  if (f.unitId) stored.push(sql`t.responsible_unit_id = ${f.unitId}`);
  if (f.responsibleId) effective.push(sql`t.responsible_id = ${f.responsibleId}`);
  if (f.accessGroupId) effective.push(sql`t.access_group_id = ${f.accessGroupId}`);
  if (f.journalDate?.from) stored.push(sql`t.journal_date >= ${f.journalDate.from}`);
  if (f.journalDate?.to) stored.push(sql`t.journal_date <= ${f.journalDate.to}`);
  if (f.dueDate?.from) stored.push(sql`t.due_date >= ${f.dueDate.from}`);
  if (f.dueDate?.to) stored.push(sql`t.due_date <= ${f.dueDate.to}`);
  return { search: text ? await journalPostSearch(em, text) : null, stored, effective };
}

/**
 * The relation a count of journal posts reads when its filters are on stored columns only: the
 * table itself, filtered by organisation, where the policy lets this viewer list every post of
 * their organisation (every internal user may), so the count skips the policy's joins and columns;
 * else the visible relation.
 */
function countedPosts(ability: AppAbility, visible: SqlFragment): SqlFragment {
  const organisationId = everyRowOfOrganisation(ability, 'read', 'JournalPost');
  return organisationId
    ? sql`select * from journal_post where organisation_id = ${organisationId}`
    : visible;
}

export async function listJournalPosts(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: {
    filter: JournalPostFilter;
    order: JournalPostOrder;
    page: PageRequest;
  },
): Promise<ListResult<JournalPostRow>> {
  const base = visibleJournalPosts(ability, today);
  if (!base) return emptyList();
  const { field, direction } = args.order;
  const keys = withIdTieBreak(
    inDirection(ORDERS[field], JOURNAL_POST_ORDER_DEFAULTS[field], direction),
  );
  const { search, stored, effective } = await journalPostFilters(em, args.filter);
  const rest = [...stored, ...effective];
  const filters = search
    ? [...(search.prefilter.page ? [search.prefilter.page] : []), search.exact, ...rest]
    : rest;
  const count: CountSource = search
    ? { base, filters: [search.prefilter.count, search.exact, ...rest] }
    : effective.length
      ? { base, filters: rest }
      : { base: countedPosts(ability, base), filters: stored };
  return listPage<JournalPostRow>(em, base, filters, keys, args.page, {
    expensive: search !== null || unindexedJournalPostOrder(args.order),
    count,
  });
}

export async function journalPostsById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<JournalPostRow[]> {
  const base = visibleJournalPosts(ability, today);
  if (!base || ids.length === 0) return [];
  return query<JournalPostRow>(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

export interface CorrespondentRow {
  journal_post_id: string;
  role: CorrespondentRole;
  /** NULL when hidden from this viewer */
  name: string | null;
  screened: boolean;
  address: string | null;
  email: string | null;
  /** Never public: NULL unless the viewer reads the post in full */
  national_id: string | null;
  organization_number: string | null;
}

/**
 * The effective columns of a correspondent `co` of a visible post `t`: the name where this viewer
 * sees it (and whether it is screened), the contact columns only where the viewer is FULL.
 */
export const correspondentColumns = sql`case when ${correspondentNameVisible} then co.name end as name,
  not ${correspondentNameVisible} as screened,
  case when ${correspondentContactVisible} then co.address end as address,
  case when ${correspondentContactVisible} then co.email end as email,
  case when ${correspondentContactVisible} then co.national_id end as national_id,
  case when ${correspondentContactVisible} then co.organization_number end as organization_number`;

/**
 * Correspondents of visible posts, in their order. The name is NULL where this viewer sees the
 * redacted form; addresses, e-mail and identifiers only where the viewer is FULL.
 */
export async function correspondentsOf(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  postIds: readonly string[],
): Promise<CorrespondentRow[]> {
  const base = visibleJournalPosts(ability, today);
  if (!base || postIds.length === 0) return [];
  return query<CorrespondentRow>(
    em,
    sql`select co.journal_post_id, co.role, ${correspondentColumns}
      from (${base}) t
      join correspondent co on co.journal_post_id = t.id
      where t.id in (${[...postIds]})
      order by co.journal_post_id, co.position`,
  );
}

const IN_CASE_ORDER: SortKey[] = [
  { expr: 't.document_number', column: 'document_number', desc: false, kind: 'integer' },
  { expr: 't.id', column: 'id', desc: false, kind: 'uuid' },
];

/**
 * The first page of visible posts of each of several cases, in document order, in one statement
 * (a window per case), and their counts in a second one when asked for.
 */
export async function postsOfCases(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  caseIds: readonly string[],
  page: PageRequest,
): Promise<Map<string, ListResult<JournalPostRow>>> {
  const base = visibleJournalPosts(ability, today);
  const result = new Map<string, ListResult<JournalPostRow>>();
  if (!base || caseIds.length === 0) {
    for (const id of caseIds) result.set(id, emptyList());
    return result;
  }
  const plan = planPage(page, IN_CASE_ORDER);
  const ids = [...caseIds];
  const rows =
    plan.size === 0
      ? []
      : await query<JournalPostRow & { rn: string }>(
          em,
          sql`select * from (
              select t.*, row_number() over (partition by t.case_id order by ${orderBy(plan.order)}) as rn
              from (${base}) t where t.case_id in (${ids}) and ${plan.bounds}
            ) x where x.rn <= ${plan.size + 1}`,
        );
  let counts: Promise<Map<string, TotalCount>> | undefined;
  const counted = countedPosts(ability, base);
  const countOf = (caseId: string) => {
    counts ??= query<{ case_id: string; n: string }>(
      em,
      sql`select k.id as case_id,
          ${cappedCountSql(sql`select 1 from (${counted}) t where t.case_id = k.id`)} as n
        from case_file k where k.id in (${ids})`,
    ).then((r) => new Map(r.map((c) => [c.case_id, toTotalCount(c.n)])));
    return counts.then((m) => m.get(caseId) ?? { count: 0, exact: true });
  };
  for (const id of caseIds) {
    const own = rows.filter((r) => r.case_id === id).sort((a, b) => Number(a.rn) - Number(b.rn));
    result.set(id, { ...plan.finish(own), totalCount: () => countOf(id) });
  }
  return result;
}
