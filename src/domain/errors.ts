import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The codes of AppError; the error table of docs/security.md is checked against them. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'QUERY_TIMEOUT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

/**
 * An expected refusal with a message a front end can show as it is. Anything else that escapes a
 * resolver is an internal error and is masked.
 */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    const status = httpStatus[code];
    super(message, {
      extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
    });
  }
}

/** Unknown, or invisible to this viewer: the two are never told apart. */
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);

export const forbidden = (message: string) => new AppError('FORBIDDEN', message);

export const badInput = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', message, { field });

export const conflict = (message: string) => new AppError('CONFLICT', message);

export const unauthenticated = (message = 'Sign in again: the access token is not valid') =>
  new AppError('UNAUTHENTICATED', message);

/** RATE_LIMITED: a budget of the API hardening is spent (429 with Retry-After). */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(
    `Too many requests: this client has used its budget for now; try again in ${retryAfterSeconds} s`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: {
          status: 429,
          headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]),
        },
      },
    },
  );
}

/** PostgreSQL's query_canceled: here, a statement that ran past DB_STATEMENT_TIMEOUT_MS. */
const QUERY_CANCELED = '57014';

/** The error, or one it wraps (GraphQL's originalError, a driver's cause), is a cancelled statement. */
export function isStatementTimeout(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    if ((e as { code?: unknown }).code === QUERY_CANCELED) return true;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * QUERY_TIMEOUT: the database stopped a statement at the timeout. An answer, not a failure of the
 * server: the same request will take as long again, a narrower one will not.
 */
export const queryTimeout = () =>
  new AppError(
    'QUERY_TIMEOUT',
    'The query took too long and was stopped: narrow it (a date range, a unit, more or rarer search words) and try again',
  );
