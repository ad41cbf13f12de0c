import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new TypeError('Date must be an ISO 8601 calendar date such as 2026-11-21');
  }
  return value;
}

/**
 * A calendar date without time or zone (journaldato, dokumentdato, forfallsdato). Kept as the
 * string 'YYYY-MM-DD' end to end, so no time zone can shift it by a day.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO 8601 calendar date, e.g. 2026-11-21',
  serialize: (value) => parseDate(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Date must be a string such as 2026-11-21');
    return parseDate(ast.value);
  },
});

/** ISO 8601 timestamp with offset (graphql-scalars names it DateTime, as the contract does). */
export const DateTimeScalar = DateTimeResolver;
