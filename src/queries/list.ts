import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { expensiveStatement } from './statementSlots';
import { badInput } from '../domain/errors';
import { orderBy, type Page, type PageRequest, planPage, type SortKey } from './pagination';

/**
 * Counts stop here: past it a count says "at least this many" (totalCountIsExact false). A capped
 * count reads at most COUNT_CAP + 1 rows of the same visible relation as the page, so its cost has
 * a ceiling whatever the size of the table. Planner estimates are never used instead: they are
 * computed over every row, screened ones included.
 */
export const COUNT_CAP = 10_000;

/** A count of visible rows: exact up to COUNT_CAP, else COUNT_CAP as a lower bound. */
export interface TotalCount {
  count: number;
  exact: boolean;
}

export interface ListResult<T> extends Page<T> {
  /** Counted only when asked for, at most once; counts only rows visible to the viewer */
  totalCount: () => Promise<TotalCount>;
}

export function emptyList<T>(): ListResult<T> {
  return {
    nodes: [],
    cursors: [],
    hasNextPage: false,
    hasPreviousPage: false,
    totalCount: async () => ({ count: 0, exact: true }),
  };
}

/**
 * `(select count(*) …)` over at most COUNT_CAP + 1 of the rows `rows` selects (a select without
 * its own order or limit), for a statement that counts several lists at once.
 */
export function cappedCountSql(rows: SqlFragment): SqlFragment {
  return sql`(select count(*) from (${rows} limit ${raw(String(COUNT_CAP + 1))}) capped)`;
}

/** The count `cappedCountSql` gave, as the list tells it. */
export function toTotalCount(counted: number | string): TotalCount {
  const n = Number(counted);
  return n > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: n, exact: true };
}

/** The capped count of the rows `rows` selects: the one way every list counts. */
export async function cappedCount(em: EntityManager, rows: SqlFragment): Promise<TotalCount> {
  const [row] = await query<{ n: string }>(em, sql`select ${cappedCountSql(rows)} as n`);
  return toTotalCount(row?.n ?? 0);
}

/**
 * What a list's count reads when a cheaper statement gives the same number as the page's
 * relation and filters: the filters of `t` over another relation (see listPage).
 */
export interface CountSource {
  base: SqlFragment;
  filters: SqlFragment[];
}

const conjunction = (filters: SqlFragment[]) =>
  filters.length ? joinSql(filters, ' and ') : raw('true');

/**
 * One keyset page over a relation of visible rows (`base`, aliased `t`). Filters, order and
 * cursor all work on the columns of `t`, which hold effective values only. The page of a search
 * or of an order no index serves (`expensive`) and every count wait for a slot of the viewer's
 * expensive statements (queries/statementSlots.ts). The count reads `count` when given: it must
 * select exactly the rows of `base` that the filters keep (the same policy, the same effective
 * values), only by a cheaper way.
 */
export async function listPage<T extends Record<string, unknown>>(
  em: EntityManager,
  base: SqlFragment,
  filters: SqlFragment[],
  keys: SortKey[],
  page: PageRequest,
  options: { expensive?: boolean; count?: CountSource } = {},
): Promise<ListResult<T>> {
  const plan = planPage(page, keys);
  const where = conjunction(filters);
  const count = options.count ?? { base, filters };
  const read = () =>
    query<T>(
      em,
      sql`select * from (${base}) t where ${where} and ${plan.bounds} order by ${orderBy(plan.order)} limit ${plan.size + 1}`,
    );
  const rows =
    plan.size === 0 ? [] : await (options.expensive ? expensiveStatement(em, read) : read());
  let counted: Promise<TotalCount> | undefined;
  return {
    ...plan.finish(rows),
    totalCount: () =>
      (counted ??= expensiveStatement(em, () =>
        cappedCount(em, sql`select 1 from (${count.base}) t where ${conjunction(count.filters)}`),
      )),
  };
}

/** A range of days (YYYY-MM-DD) or moments, both ends included; either end may be open. */
export interface Range<T> {
  from?: T | null;
  to?: T | null;
}

/** The text with the ILIKE wildcard characters taken literally. */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for ILIKE, with the wildcard characters of the text taken literally. */
export function containsPattern(text: string): string {
  return `%${likeEscaped(text)}%`;
}

/**
 * Past this many index candidates a search word is common: its matches are dense, and walking the
 * page order with the exact test finds a page sooner than fetching and sorting every candidate.
 */
export const SEARCH_CANDIDATE_CAP = 2000;

/** The index prefilter of a search, for the page and for its count. */
export interface SearchPrefilter {
  /** null when the candidates are past the cap: the page walks its order with the exact test */
  page: SqlFragment | null;
  /** Always starts from the candidates, so a count never walks the table for a common word */
  count: SqlFragment;
}

/**
 * The prefilter of a search: `candidates` (ids from the search indexes, a superset of the
 * matches, duplicates allowed) fetched up to the cap. Few: `t.id` among them, so the statement
 * starts from the matches. Many: the page has none (walking the order with the exact test finds a
 * page of dense matches sooner), and the count takes the candidates as a semi-join, which the
 * search indexes still drive.
 */
export async function searchPrefilter(
  em: EntityManager,
  candidates: SqlFragment,
): Promise<SearchPrefilter> {
  const rows = await expensiveStatement(em, () =>
    query<{ id: string }>(
      em,
      sql`select x.id from (${candidates}) x limit ${SEARCH_CANDIDATE_CAP + 1}`,
    ),
  );
  if (rows.length > SEARCH_CANDIDATE_CAP) {
    return { page: null, count: sql`t.id = any(array(select x.id from (${candidates}) x))` };
  }
  const ids = [...new Set(rows.map((r) => r.id))];
  const few = ids.length ? sql`t.id in (${ids})` : raw('false');
  return { page: few, count: few };
}

/** Trigrams need three characters: a shorter substring search could only walk every row. */
export const MIN_SUBSTRING_SEARCH = 3;

/** The substring an internal list searches for, or null for no search; too short is refused. */
export function substringSearch(query: string | null | undefined): string | null {
  const text = query?.replaceAll('\u0000', ' ').trim();
  if (!text) return null;
  if ([...text].length < MIN_SUBSTRING_SEARCH) {
    throw badInput(
      ['filter', 'query'],
      'TOO_SHORT',
      `The search text must be at least ${MIN_SUBSTRING_SEARCH} characters`,
      { min: MIN_SUBSTRING_SEARCH },
    );
  }
  return text;
}
