import { badInput } from '../domain/errors';
import { joinSql, raw, sql, type SqlFragment } from '../db/sqlTemplate';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** `first`: default 25, at most 100. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/**
 * A sort key: the SQL expression over the query's row alias `t` (always an effective value) and
 * its direction. The row id is always the last key, so the order is total.
 */
export interface SortKey {
  expr: string;
  /** the column name of the value in the row, for building the cursor */
  column: string;
  desc: boolean;
}

type CursorValue = string | number | null;

/** Cursors carry the effective sort values of the last row seen and its id; nothing else. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    if (cursor.length > 2000) throw new Error('too long');
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw badInput('after', 'after is not a cursor this API gave out for this list');
}

function equal(key: SortKey, value: CursorValue): SqlFragment {
  const e = raw(key.expr);
  return value === null ? sql`${e} is null` : sql`${e} = ${value}`;
}

/** "Comes after `value` in this key's order", with NULLs last in both directions. */
function beyond(key: SortKey, value: CursorValue, last: boolean): SqlFragment {
  if (value === null) return raw('false');
  const e = raw(key.expr);
  const op = raw(key.desc ? '<' : '>');
  return last ? sql`${e} ${op} ${value}` : sql`(${e} ${op} ${value} or ${e} is null)`;
}

/**
 * The keyset condition "comes after the cursor row": (k1 beyond v1) or (k1 = v1 and k2 beyond v2)
 * and so on; the last key is the row id, never NULL.
 */
export function keysetCondition(keys: SortKey[], values: CursorValue[]): SqlFragment {
  const branches = keys.map((key, i) => {
    const parts = keys.slice(0, i).map((k, j) => equal(k, values[j] ?? null));
    parts.push(beyond(key, values[i] ?? null, i === keys.length - 1));
    return sql`(${joinSql(parts, ' and ')})`;
  });
  return sql`(${joinSql(branches, ' or ')})`;
}

export function orderBy(keys: SortKey[]): SqlFragment {
  return raw(keys.map((k) => `${k.expr} ${k.desc ? 'desc' : 'asc'} nulls last`).join(', '));
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
}

/** Cuts the one extra row fetched to learn whether a next page exists. */
export function toPage<T extends Record<string, unknown>>(
  rows: T[],
  size: number,
  keys: SortKey[],
): Page<T> {
  const nodes = rows.slice(0, size);
  return {
    nodes,
    cursors: nodes.map((row) => encodeCursor(keys.map((k) => normalise(row[k.column])))),
    hasNextPage: rows.length > size,
  };
}

function normalise(v: unknown): CursorValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}
