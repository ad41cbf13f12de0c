import { badInput } from '../domain/errors';
import { joinSql, raw, sql, type SqlFragment } from '../db/sqlTemplate';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** `first` or `last`: default 25, at most 100. */
export function pageSize(
  size: number | null | undefined,
  name: 'first' | 'last' = 'first',
): number {
  if (size === null || size === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(
      name,
      'OUT_OF_RANGE',
      `${name} must be a whole number from 0 to ${MAX_PAGE_SIZE}`,
      {
        min: 0,
        max: MAX_PAGE_SIZE,
      },
    );
  }
  return size;
}

/**
 * The paging arguments of every connection (docs/api-conventions.md, "Lists"): `first` rows after
 * `after`, or `last` rows before `before`.
 */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
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
  /** The type of the value, so a cursor is checked before PostgreSQL would fail to cast it */
  kind: SortValueKind;
  /**
   * The value may be NULL (NULLs sort last). Leave it unset for NOT NULL columns: then the ORDER BY
   * matches a plain btree index, which `nulls last` on a descending key would not.
   */
  nullable?: boolean;
  /**
   * NULLs come first instead of last: only in the reversed order of a backward page, which reads
   * the same rows from the other end.
   */
  nullsFirst?: boolean;
  /**
   * For text a person reads: compare in Norwegian order (æ, ø, å after z). The ORDER BY and the
   * cursor condition both use it, or pages would skip or repeat rows.
   */
  collation?: 'norwegian';
}

/** The key's expression as it is compared: with its collation, if it has one. */
function compared(key: SortKey): string {
  return key.collation ? `${key.expr} collate "${key.collation}"` : key.expr;
}

/**
 * What a sort key's values are in a cursor: `integer` is PostgreSQL's int (a JSON number),
 * `bigint` a bigint as pg returns it (a string of digits), `date` and `timestamp` as PostgreSQL
 * writes them (or ISO 8601), `uuid` a uuid.
 */
export type SortValueKind = 'text' | 'integer' | 'bigint' | 'date' | 'timestamp' | 'uuid';

type CursorValue = string | number | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar day from year 1 on: PostgreSQL refuses 2024-02-30 and year 0 with an error. */
function isDay(year: string, month: string, day: string): boolean {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const last = m === 2 && leap ? 29 : (MONTH_DAYS[m - 1] ?? 0);
  return y >= 1 && d >= 1 && d <= last;
}

function isTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', oh = '0', om = '0'] = m;
  return (
    isDay(y, mo, d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60 &&
    Number(oh) < 16 &&
    Number(om) < 60
  );
}

const FITS: Record<SortValueKind, (v: string | number) => boolean> = {
  // PostgreSQL text cannot hold NUL
  text: (v) => typeof v === 'string' && !v.includes('\u0000'),
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31,
  bigint: (v) => typeof v === 'string' && /^\d{1,18}$/.test(v),
  date: (v) => {
    const m = typeof v === 'string' ? DATE.exec(v) : null;
    return m !== null && isDay(m[1]!, m[2]!, m[3]!);
  },
  timestamp: (v) => typeof v === 'string' && isTimestamp(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
};

function fits(key: SortKey, value: unknown): boolean {
  if (value === null) return key.nullable === true;
  return (typeof value === 'string' || typeof value === 'number') && FITS[key.kind](value);
}

/** Cursors carry the effective sort values of the last row seen and its id; nothing else. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * The values of a cursor, each checked against the kind of its key: a forged value of the wrong
 * type is refused here, before PostgreSQL could fail on it with a masked 500.
 */
export function decodeCursor(
  cursor: string,
  keys: SortKey[],
  name: 'after' | 'before' = 'after',
): CursorValue[] {
  try {
    if (cursor.length > 2000) throw new Error('too long');
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === keys.length &&
      values.every((v, i) => fits(keys[i]!, v))
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw badInput(name, 'INVALID_FORMAT', `${name} is not a cursor this API gave out for this list`);
}

function equal(key: SortKey, value: CursorValue): SqlFragment {
  const e = raw(compared(key));
  return value === null ? sql`${e} is null` : sql`${e} = ${value}`;
}

/** "Comes after `value` in this key's order", NULLs last (or first) for a nullable key. */
function beyond(key: SortKey, value: CursorValue): SqlFragment {
  const e = raw(compared(key));
  if (value === null) return key.nullsFirst ? sql`${e} is not null` : raw('false');
  const op = raw(key.desc ? '<' : '>');
  return key.nullable && !key.nullsFirst
    ? sql`(${e} ${op} ${value} or ${e} is null)`
    : sql`${e} ${op} ${value}`;
}

/**
 * The keyset condition "comes after the cursor row". When every key is NOT NULL and they all run
 * one way, a row comparison `(k1, k2, id) < (v1, v2, v3)`, which PostgreSQL uses to start an index
 * scan at the cursor; otherwise (k1 beyond v1) or (k1 = v1 and k2 beyond v2) and so on.
 */
export function keysetCondition(keys: SortKey[], values: CursorValue[]): SqlFragment {
  const oneWay = keys.every((k) => !k.nullable && k.desc === keys[0]!.desc);
  if (oneWay && values.every((v) => v !== null)) {
    const columns = raw(keys.map(compared).join(', '));
    const op = raw(keys[0]!.desc ? '<' : '>');
    return sql`(${columns}) ${op} (${joinSql(
      values.map((v) => sql`${v}`),
      ', ',
    )})`;
  }
  const branches = keys.map((key, i) => {
    const parts = keys.slice(0, i).map((k, j) => equal(k, values[j] ?? null));
    parts.push(beyond(key, values[i] ?? null));
    return sql`(${joinSql(parts, ' and ')})`;
  });
  return sql`(${joinSql(branches, ' or ')})`;
}

export function orderBy(keys: SortKey[]): SqlFragment {
  return raw(
    keys
      .map(
        (k) =>
          `${compared(k)} ${k.desc ? 'desc' : 'asc'}${k.nullable ? (k.nullsFirst ? ' nulls first' : ' nulls last') : ''}`,
      )
      .join(', '),
  );
}

/** The row id breaks ties, in the direction of the keys before it. */
export function withIdTieBreak(keys: SortKey[]): SortKey[] {
  return [...keys, { expr: 't.id', column: 'id', desc: keys.at(-1)?.desc ?? false, kind: 'uuid' }];
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The same rows in the opposite order: how a backward page reads from its end. */
export function reversed(keys: SortKey[]): SortKey[] {
  return keys.map((k) => ({
    ...k,
    desc: !k.desc,
    ...(k.nullable ? { nullsFirst: !k.nullsFirst } : {}),
  }));
}

/** The direction a client asks of an order (docs/api-conventions.md, "Lists"). */
export type SortDirection = 'ASC' | 'DESC';

/** An order of a list as a client asks for it: the field, and its direction when not the default. */
export interface ListOrder<F extends string> {
  field: F;
  direction?: SortDirection | null;
}

/**
 * The keys of an order in the direction asked: the field's own keys in its default direction,
 * else every key turned round. NULLs of a nullable key stay last both ways (unlike `reversed`,
 * which reads the same rows from the other end), so a list never opens with the rows that lack
 * the value.
 */
export function inDirection(
  keys: SortKey[],
  defaultDirection: SortDirection,
  direction: SortDirection | null | undefined,
): SortKey[] {
  if (!direction || direction === defaultDirection) return keys;
  return keys.map((k) => ({ ...k, desc: !k.desc }));
}

/**
 * Whether the keys in the direction asked run against the default of a nullable key: its index
 * gives NULLs first read backwards, so NULLs last that way means sorting every row.
 */
export function turnsNullableKey(
  keys: SortKey[],
  defaultDirection: SortDirection,
  direction: SortDirection | null | undefined,
): boolean {
  return Boolean(direction && direction !== defaultDirection && keys.some((k) => k.nullable));
}

/**
 * How one page of a keyset list is read: `order` (the list's keys, reversed for a backward page)
 * and `bounds` (after the `after` cursor, before the `before` cursor) go into the statement, which
 * fetches `size + 1` rows; `finish` cuts the extra row and puts the rows in the list's order.
 */
export interface PagePlan {
  size: number;
  order: SortKey[];
  bounds: SqlFragment;
  finish<T extends Record<string, unknown>>(rows: T[]): Page<T>;
}

export function planPage(page: PageRequest, keys: SortKey[]): PagePlan {
  const hasFirst = page.first !== null && page.first !== undefined;
  const hasLast = page.last !== null && page.last !== undefined;
  if (hasFirst && hasLast) {
    throw badInput(
      'last',
      'NOT_ALLOWED',
      'Give first or last, not both: first pages forwards, last backwards',
    );
  }
  const backward = hasLast || (!hasFirst && Boolean(page.before) && !page.after);
  const size = backward ? pageSize(page.last, 'last') : pageSize(page.first);
  const bounds: SqlFragment[] = [];
  if (page.after) bounds.push(keysetCondition(keys, decodeCursor(page.after, keys)));
  if (page.before) {
    bounds.push(keysetCondition(reversed(keys), decodeCursor(page.before, keys, 'before')));
  }
  return {
    size,
    order: backward ? reversed(keys) : keys,
    bounds: bounds.length ? joinSql(bounds, ' and ') : raw('true'),
    finish<T extends Record<string, unknown>>(rows: T[]): Page<T> {
      const more = rows.length > size;
      const nodes = rows.slice(0, size);
      if (backward) nodes.reverse();
      return {
        nodes,
        cursors: nodes.map((row) => encodeCursor(keys.map((k) => normalise(row[k.column])))),
        hasNextPage: backward ? Boolean(page.before) : more,
        hasPreviousPage: backward ? more : Boolean(page.after),
      };
    },
  };
}

function normalise(v: unknown): CursorValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

/** Journal posts oldest first: journal date, then year and løpenummer, then the id (`t` the row). */
export const OLDEST_JOURNAL_FIRST: SortKey[] = [
  { expr: 't.journal_date', column: 'journal_date', desc: false, kind: 'date' },
  { expr: 't.journal_year', column: 'journal_year', desc: false, kind: 'integer' },
  {
    expr: 't.journal_sequence_number',
    column: 'journal_sequence_number',
    desc: false,
    kind: 'integer',
  },
  { expr: 't.id', column: 'id', desc: false, kind: 'uuid' },
];
