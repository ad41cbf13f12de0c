import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../../db/sqlTemplate';
import { AppError, badInput } from '../../domain/errors';
import { cappedCount, type TotalCount } from '../list';
import {
  decodeCursor,
  encodeCursor,
  keysetCondition,
  orderBy,
  type SortKey,
  withIdTieBreak,
} from '../pagination';
import { expensiveStatement } from '../statementSlots';
import { codeColumn, JOURNALPOSTTYPE, JOURNALSTATUS, SAKSSTATUS } from './codes';
import { compileFilter, type FieldMap, parseFilter, parseOrderBy } from './odata';

/**
 * Lists of the service interface: `$filter`, `$orderby`, `$top`, `$skip` and the server's keyset
 * cursor `$skiptoken` (docs/noark5-service-interface.md, "Lists"), over a visible
 * relation of src/queries. Filters and order work on its effective columns only.
 */

/** A page holds 25 results unless `$top` asks for fewer or more, up to 100. */
export const DEFAULT_TOP = 25;
export const MAX_TOP = 100;
/** `$skip` beyond this is refused: a client pages further by following `next`. */
export const MAX_SKIP = 500;

/** What a list of one entity supports: its `$filter` fields, its `$orderby` keys, its default order. */
export interface ListSpec {
  fields: FieldMap;
  orders: Record<string, SortKey[]>;
  defaultOrder: string;
}

const text = (expr: string) => ({ expr, type: 'text' as const });
const integer = (expr: string) => ({ expr, type: 'integer' as const });
const date = (expr: string) => ({ expr, type: 'date' as const });
const timestamp = (expr: string) => ({ expr, type: 'timestamp' as const });
const uuid = (expr: string) => ({ expr, type: 'uuid' as const });
/**
 * A title of `table`: its effective value (title or public title, policies/redaction.ts) is one of
 * the two trigram-indexed columns (see ODataField.trigram).
 */
const title = (expr: string, table: string) => ({
  expr,
  type: 'text' as const,
  trigram: { table, columns: ['title', 'public_title'] },
});

/** saksdato: the day the case was made, in Norway. */
const SAKSDATO = "(t.created_at at time zone 'Europe/Oslo')::date";

/** Saksmappe over queries/noark5/records.ts `saksmapper`. */
export const SAKSMAPPE_LIST: ListSpec = {
  fields: {
    systemID: uuid('t.id'),
    mappeID: text('t.case_number'),
    tittel: title('t.title', 'case_file'),
    offentligTittel: title('t.public_title', 'case_file'),
    saksaar: integer('t.case_year'),
    sakssekvensnummer: integer('t.case_sequence'),
    saksdato: date(SAKSDATO),
    'saksstatus/kode': text(codeColumn('t.status', SAKSSTATUS)),
    administrativEnhet: text('t.unit_name'),
    referanseAdministrativEnhet: uuid('t.responsible_unit_id'),
    opprettetDato: timestamp('t.created_at'),
    avsluttetDato: timestamp('t.closed_at'),
  },
  orders: {
    mappeID: [
      { expr: 't.case_year', column: 'case_year', desc: false, kind: 'integer' },
      { expr: 't.case_sequence', column: 'case_sequence', desc: false, kind: 'integer' },
    ],
    tittel: [
      { expr: 't.title', column: 'title', desc: false, kind: 'text', collation: 'norwegian' },
    ],
    opprettetDato: [{ expr: 't.created_at', column: 'created_at', desc: false, kind: 'timestamp' }],
  },
  defaultOrder: 'mappeID',
};

/** Journalpost over queries/noark5/records.ts `journalposter`. */
export const JOURNALPOST_LIST: ListSpec = {
  fields: {
    systemID: uuid('t.id'),
    registreringsID: text("(t.case_number || '-' || t.document_number)"),
    tittel: title('t.title', 'journal_post'),
    offentligTittel: title('t.public_title', 'journal_post'),
    journalaar: integer('t.journal_year'),
    journalsekvensnummer: integer('t.journal_sequence_number'),
    journalpostnummer: integer('t.document_number'),
    'journalposttype/kode': text(codeColumn('t.type', JOURNALPOSTTYPE)),
    'journalstatus/kode': text(codeColumn('t.status', JOURNALSTATUS)),
    journaldato: date('t.journal_date'),
    dokumentetsDato: date('t.document_date'),
    forfallsdato: date('t.due_date'),
    'saksmappe/systemID': uuid('t.case_id'),
    opprettetDato: timestamp('t.created_at'),
  },
  orders: {
    registreringsID: [
      { expr: 't.case_year', column: 'case_year', desc: false, kind: 'integer' },
      { expr: 't.case_sequence', column: 'case_sequence', desc: false, kind: 'integer' },
      { expr: 't.document_number', column: 'document_number', desc: false, kind: 'integer' },
    ],
    journaldato: [
      { expr: 't.journal_date', column: 'journal_date', desc: false, kind: 'date' },
      {
        expr: 't.journal_sequence_number',
        column: 'journal_sequence_number',
        desc: false,
        kind: 'integer',
      },
    ],
    tittel: [
      { expr: 't.title', column: 'title', desc: false, kind: 'text', collation: 'norwegian' },
    ],
    opprettetDato: [{ expr: 't.created_at', column: 'created_at', desc: false, kind: 'timestamp' }],
  },
  defaultOrder: 'registreringsID',
};

/** A list without `$filter` fields, in one fixed order (arkiv, arkivdel, klasse, …). */
export function fixedOrder(keys: SortKey[]): ListSpec {
  return { fields: {}, orders: { default: keys }, defaultOrder: 'default' };
}

/** The OData parameters of a request, as the client sent them. */
export interface ODataParams {
  filter?: string;
  orderby?: string;
  top?: string;
  skip?: string;
  skiptoken?: string;
}

export interface ODataPage<T> {
  rows: T[];
  /** The cursor of the next page, or null on the last */
  next: string | null;
  count: TotalCount;
}

function whole(
  name: '$top' | '$skip',
  value: string | undefined,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) > max) {
    throw badInput(
      name,
      'OUT_OF_RANGE',
      name === '$skip'
        ? `$skip must be a whole number from 0 to ${max}; page further by following the next link`
        : `$top must be a whole number from 1 to ${max}`,
      { min: name === '$top' ? 1 : 0, max },
    );
  }
  const n = Number(value);
  if (name === '$top' && n === 0)
    throw badInput('$top', 'OUT_OF_RANGE', `$top must be a whole number from 1 to ${max}`, {
      min: 1,
      max,
    });
  return n;
}

/** The keys of `$orderby` (each term's keys in its direction) and the id as the last one. */
function orderKeys(spec: ListSpec, orderby: string | undefined): SortKey[] {
  if (!orderby) return withIdTieBreak(spec.orders[spec.defaultOrder]!);
  const keys = parseOrderBy(orderby, Object.keys(spec.orders)).flatMap(({ field, desc }) =>
    spec.orders[field]!.map((k) => (desc ? { ...k, desc: !k.desc } : k)),
  );
  return withIdTieBreak(keys);
}

/** The cursor's values, or a 400 that says the token is not one this list gave out. */
function cursorValues(token: string, keys: SortKey[]) {
  try {
    return decodeCursor(token, keys);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw badInput(
      '$skiptoken',
      'INVALID_FORMAT',
      '$skiptoken is not one this list gave out in a next link with the same $orderby',
    );
  }
}

/**
 * One page of `base` (aliased `t`) with the client's OData parameters and the list's own
 * conditions (`scope`: e.g. the case whose posts these are). The page and the count are counted
 * among the viewer's expensive statements (a filter can walk many rows).
 */
export async function odataPage<T extends Record<string, unknown>>(
  em: EntityManager,
  base: SqlFragment | null,
  scope: SqlFragment[],
  spec: ListSpec,
  params: ODataParams,
): Promise<ODataPage<T>> {
  const top = whole('$top', params.top, MAX_TOP, DEFAULT_TOP);
  const skip = whole('$skip', params.skip, MAX_SKIP, 0);
  const keys = orderKeys(spec, params.orderby);
  const conditions = [...scope];
  if (params.filter !== undefined)
    conditions.push(compileFilter(parseFilter(params.filter), spec.fields));
  const bounds = params.skiptoken
    ? keysetCondition(keys, cursorValues(params.skiptoken, keys))
    : raw('true');
  if (!base) return { rows: [], next: null, count: { count: 0, exact: true } };
  const where = conditions.length ? joinSql(conditions, ' and ') : raw('true');
  const rows = await expensiveStatement(em, () =>
    query<T>(
      em,
      sql`select * from (${base}) t where ${where} and ${bounds}
        order by ${orderBy(keys)} limit ${top + 1} offset ${skip}`,
    ),
  );
  const count = await expensiveStatement(em, () =>
    cappedCount(em, sql`select 1 from (${base}) t where ${where}`),
  );
  const more = rows.length > top;
  const page = rows.slice(0, top);
  const last = page.at(-1);
  return {
    rows: page,
    next: more && last ? encodeCursor(keys.map((k) => cursorValue(last[k.column]))) : null,
    count,
  };
}

function cursorValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

/** A list's own condition: the children of one record. */
export type ListScope = SqlFragment;

/** The conditions that make a list the children of one record (over the list's alias `t`). */
export const SCOPES = {
  /** Arkivdeler of an arkiv */
  arkiv: (id: string): ListScope => sql`t.archive_id = ${id}`,
  /** Saksmapper of an arkivdel */
  arkivdel: (id: string): ListScope => sql`t.archive_part_id = ${id}`,
  /** The top classes of a klassifikasjonssystem */
  klassifikasjonssystem: (id: string): ListScope =>
    sql`(t.system_id = ${id} and t.parent_id is null)`,
  /** Underklasser of a klasse */
  overklasse: (id: string): ListScope => sql`t.parent_id = ${id}`,
  /** Journalposter of a saksmappe */
  saksmappe: (id: string): ListScope => sql`t.case_id = ${id}`,
};

/** The fixed orders of the lists without `$orderby` fields. */
export const ORDERS = {
  byTitle: {
    expr: 't.title',
    column: 'title',
    desc: false,
    kind: 'text',
    collation: 'norwegian',
  } as SortKey,
  byPeriodStart: {
    expr: 't.period_start',
    column: 'period_start',
    desc: true,
    kind: 'date',
  } as SortKey,
  /** By klasseID as the viewer sees it (code point order), as queries/classification.ts */
  byClassId: { expr: 't.class_id', column: 'class_id', desc: false, kind: 'text' } as SortKey,
};
