import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
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
 * cursor all work on the columns of `t`, which hold effective values only.
 */
export async function listPage<T extends Record<string, unknown>>(
  em: EntityManager,
  base: SqlFragment,
  filters: SqlFragment[],
  keys: SortKey[],
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ListResult<T>> {
  const size = pageSize(first);
  const where = filters.length ? joinSql(filters, ' and ') : raw('true');
  const cursor = after ? keysetCondition(keys, decodeCursor(after, keys)) : raw('true');
  const rows =
    size === 0
      ? []
      : await query<T>(
          em,
          sql`select * from (${base}) t where ${where} and ${cursor} order by ${orderBy(keys)} limit ${size + 1}`,
        );
  let count: Promise<number> | undefined;
  return {
    ...toPage(rows, size, keys),
    totalCount: () =>
      (count ??= query<{ n: string }>(
        em,
        sql`select count(*) as n from (${base}) t where ${where}`,
      ).then((r) => Number(r[0]?.n ?? 0))),
  };
}

/** `%text%` for ILIKE, with the wildcard characters of the text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
