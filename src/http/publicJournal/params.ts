import { type Request } from 'express';
import { badInput } from '../../domain/errors';
import { JournalPostType } from '../../entities/enums';
import { type PublicJournalFilter } from '../../queries/publicJournal';
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
}

export const SEARCH_PARAM_NAMES = ['q', 'from', 'to', 'unit', 'type', 'legalBasis'] as const;

export interface Search {
  params: SearchParams;
  filter: PublicJournalFilter;
}

const TYPES = Object.values(JournalPostType) as string[];

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
  if (params.type && !TYPES.includes(params.type)) {
    throw badInput('type', 'INVALID_FORMAT', `type must be one of ${TYPES.join(', ')}`);
  }
  const from = calendarDate('from', params.from);
  const to = calendarDate('to', params.to);
  if (from && to && from > to) {
    throw badInput('to', 'OUT_OF_RANGE', 'to must be on or after from', { min: from });
  }
  return {
    journalDate: { from, to },
    unitId: unitId(params.unit),
    type: (params.type || null) as JournalPostType | null,
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

/** The page cursor (`after`) of /journal; checked by the query layer like any cursor. */
export function parseAfter(query: Request['query']): string | null {
  return single(query, 'after') || null;
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
