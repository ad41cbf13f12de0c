import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { expensiveStatement } from './statementSlots';
import { badInput } from '../domain/errors';
import {
  decodeCursor,
  keysetCondition,
  orderBy,
  type Page,
  pageSize,
  type SortKey,
  toPage,
} from './pagination';

export interface ListResult<T> extends Page<T> {
  /** Counted only when asked for; counts only rows visible to the viewer */
  totalCount: () => Promise<number>;
}

export function emptyList<T>(): ListResult<T> {
  return { nodes: [], cursors: [], hasNextPage: false, totalCount: async () => 0 };
}

/**
 * One keyset page over a relation of visible rows (`base`, aliased `t`). Filters, order and
 * cursor all work on the columns of `t`, which hold effective values only. The page of a search
 * or of an order no index serves (`expensive`) and every count wait for a slot of the viewer's
 * expensive statements (db/statementSlots.ts).
 */
export async function listPage<T extends Record<string, unknown>>(
  em: EntityManager,
  base: SqlFragment,
  filters: SqlFragment[],
  keys: SortKey[],
  first: number | null | undefined,
  after: string | null | undefined,
  expensive = false,
): Promise<ListResult<T>> {
  const size = pageSize(first);
  const where = filters.length ? joinSql(filters, ' and ') : raw('true');
  const cursor = after ? keysetCondition(keys, decodeCursor(after, keys)) : raw('true');
  const page = () =>
    query<T>(
      em,
      sql`select * from (${base}) t where ${where} and ${cursor} order by ${orderBy(keys)} limit ${size + 1}`,
    );
  const rows = size === 0 ? [] : await (expensive ? expensiveStatement(em, page) : page());
  let count: Promise<number> | undefined;
  return {
    ...toPage(rows, size, keys),
    totalCount: () =>
      (count ??= expensiveStatement(em, () =>
        query<{ n: string }>(em, sql`select count(*) as n from (${base}) t where ${where}`),
      ).then((r) => Number(r[0]?.n ?? 0))),
  };
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

/**
 * The prefilter of a search: `candidates` (ids from the search indexes, a superset of the
 * matches, duplicates allowed) fetched up to the cap. Few: `t.id` among them, so the statement
 * starts from the matches. Many: null, the exact test alone decides while walking the order.
 */
export async function searchPrefilter(
  em: EntityManager,
  candidates: SqlFragment,
): Promise<SqlFragment | null> {
  const rows = await expensiveStatement(em, () =>
    query<{ id: string }>(
      em,
      sql`select x.id from (${candidates}) x limit ${SEARCH_CANDIDATE_CAP + 1}`,
    ),
  );
  if (rows.length > SEARCH_CANDIDATE_CAP) return null;
  const ids = [...new Set(rows.map((r) => r.id))];
  return ids.length ? sql`t.id in (${ids})` : raw('false');
}

/** Trigrams need three characters: a shorter substring search could only walk every row. */
export const MIN_SUBSTRING_SEARCH = 3;

/** The substring an internal list searches for, or null for no search; too short is refused. */
export function substringSearch(query: string | null | undefined): string | null {
  const text = query?.replaceAll('\u0000', ' ').trim();
  if (!text) return null;
  if ([...text].length < MIN_SUBSTRING_SEARCH) {
    throw badInput('query', `The search text must be at least ${MIN_SUBSTRING_SEARCH} characters`);
  }
  return text;
}
