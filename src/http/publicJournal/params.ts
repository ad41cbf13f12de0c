import { type Request } from 'express';
import { badInput } from '../../domain/errors';
import { JournalPostType } from '../../entities/enums';
import { type PublicJournalFilter, type PublicJournalOrder } from '../../queries/publicJournal';
import { JOURNAL_POST_TYPE_CODES } from '../../queries/publicJournalCsv';
import { idOf } from '../../schema/globalId';

/**
 * The search as the query string gives it, trimmed; '' where absent. The same names on every view
 * (/journal, .csv, .json, .atom), so a link keeps a search by copying these.
 */
export interface SearchParams {
  q: string;
  from: string;
  to: string;
  unit: string;
  type: string;
  legalBasis: string;
  /** Dokumentdato range, YYYY-MM-DD */
  documentFrom: string;
  documentTo: string;
}

export const SEARCH_PARAM_NAMES = [
  'q',
  'from',
  'to',
  'unit',
  'type',
  'legalBasis',
  'documentFrom',
  'documentTo',
] as const;

export interface Search {
  params: SearchParams;
  filter: PublicJournalFilter;
}

const TYPES = Object.values(JournalPostType) as string[];

/** The journal post type of each Noark 5 code (journalposttype), as the downloads write them. */
export const NOARK_TYPE_CODES: Record<string, JournalPostType> = Object.fromEntries(
  Object.entries(JOURNAL_POST_TYPE_CODES).map(([type, code]) => [code, type as JournalPostType]),
);

/** The type a `type` parameter names: a Noark code (`U`, `u`) or the API's name (`OUTGOING`). */
export function typeOf(given: string): JournalPostType | null {
  if (!given) return null;
  if (TYPES.includes(given)) return given as JournalPostType;
  const byCode = NOARK_TYPE_CODES[given.toUpperCase()];
  if (byCode) return byCode;
  throw badInput(
    'type',
    'INVALID_FORMAT',
    `type must be one of ${Object.keys(NOARK_TYPE_CODES).join(', ')} or ${TYPES.join(', ')}`,
  );
}

/** One value of a query parameter: a repeated or nested one is a mistake, not a list. */
function single(query: Request['query'], name: string): string {
  const value = query[name];
  if (value === undefined) return '';
  if (typeof value !== 'string')
    throw badInput(name, 'NOT_ALLOWED', `${name} may be given only once`);
  return value.trim();
}

function calendarDate(name: string, value: string): string | null {
  if (!value) return null;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  // Date.parse takes 2026-02-31 as 3 March, so the date must survive the round trip; PostgreSQL
  // has no year 0.
  const valid =
    !Number.isNaN(time) && value >= '0001' && new Date(time).toISOString().startsWith(value);
  if (!valid)
    throw badInput(name, 'INVALID_FORMAT', `${name} must be a calendar date written YYYY-MM-DD`);
  return value;
}

export const NO_SEARCH: SearchParams = {
  q: '',
  from: '',
  to: '',
  unit: '',
  type: '',
  legalBasis: '',
  documentFrom: '',
  documentTo: '',
};

/** The search parameters as given; only a repeated parameter is refused here. */
export function readParams(query: Request['query']): SearchParams {
  return Object.fromEntries(
    SEARCH_PARAM_NAMES.map((name) => [name, single(query, name)]),
  ) as unknown as SearchParams;
}

/** The uuid behind the `unit` parameter, which carries the unit's global id. */
function unitId(given: string): string | null {
  if (!given) return null;
  const id = idOf('Unit', given);
  if (!id) throw badInput('unit', 'INVALID_ID', 'unit is not the id of a Unit', { type: 'Unit' });
  return id;
}

/**
 * Checks the parameters and maps them to the query layer's filter. The page keeps its `from` and
 * `to` parameters; they are the journal date range (`journalDate`) of the filter.
 */
export function toFilter(params: SearchParams): PublicJournalFilter {
  const type = typeOf(params.type);
  const from = calendarDate('from', params.from);
  const to = calendarDate('to', params.to);
  if (from && to && from > to) {
    throw badInput('to', 'OUT_OF_RANGE', 'to must be on or after from', { min: from });
  }
  const documentFrom = calendarDate('documentFrom', params.documentFrom);
  const documentTo = calendarDate('documentTo', params.documentTo);
  if (documentFrom && documentTo && documentFrom > documentTo) {
    throw badInput('documentTo', 'OUT_OF_RANGE', 'documentTo must be on or after documentFrom', {
      min: documentFrom,
    });
  }
  return {
    journalDate: { from, to },
    documentDate: { from: documentFrom, to: documentTo },
    unitId: unitId(params.unit),
    type,
    query: params.q || null,
    legalBasis: params.legalBasis || null,
  };
}

/**
 * Reads the shared search parameters (q, from, to, unit, type, legalBasis); a mistake is an
 * AppError BAD_USER_INPUT naming the parameter.
 */
export function parseSearch(query: Request['query']): Search {
  const params = readParams(query);
  return { params, filter: toFilter(params) };
}

/**
 * The orders of /journal by their `sort` value ('' the default, newest journal date first), each
 * with its label in the form.
 */
export const SORTS: Record<string, { order: PublicJournalOrder; label: string }> = {
  '': { order: { field: 'JOURNAL_DATE', direction: 'DESC' }, label: 'Journaldato, nyeste først' },
  eldste: {
    order: { field: 'JOURNAL_DATE', direction: 'ASC' },
    label: 'Journaldato, eldste først',
  },
  dokumentdato: {
    order: { field: 'DOCUMENT_DATE', direction: 'DESC' },
    label: 'Dokumentdato, nyeste først',
  },
  'dokumentdato-eldste': {
    order: { field: 'DOCUMENT_DATE', direction: 'ASC' },
    label: 'Dokumentdato, eldste først',
  },
  relevans: { order: { field: 'RELEVANCE', direction: 'DESC' }, label: 'Relevans' },
};

/**
 * Where the page is in the list and in which order: `sort` (a key of SORTS), and `after` (the
 * next page) or `before` (the previous page), cursors checked by the query layer like any cursor.
 */
export interface Paging {
  sort: string;
  after: string | null;
  before: string | null;
}

export function parsePaging(query: Request['query']): Paging {
  const sort = single(query, 'sort');
  const after = single(query, 'after') || null;
  const before = single(query, 'before') || null;
  if (!Object.hasOwn(SORTS, sort)) {
    throw badInput(
      'sort',
      'INVALID_FORMAT',
      `sort must be one of ${Object.keys(SORTS).filter(Boolean).join(', ')}`,
    );
  }
  if (after && before) throw badInput('before', 'NOT_ALLOWED', 'Give after or before, not both');
  return { sort, after, before };
}

/** The order a `sort` value names. */
export function orderOf(sort: string): PublicJournalOrder {
  return (SORTS[sort] ?? SORTS['']!).order;
}

/** `?q=…&from=…` with the non-empty parameters in a fixed order, plus `extra`; '' when none. */
export function queryString(
  params: SearchParams,
  extra: Record<string, string | null> = {},
): string {
  const out = new URLSearchParams();
  for (const name of SEARCH_PARAM_NAMES) if (params[name]) out.set(name, params[name]);
  for (const [name, value] of Object.entries(extra)) if (value) out.set(name, value);
  const text = out.toString();
  return text ? `?${text}` : '';
}
