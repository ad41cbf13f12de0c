import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The codes of AppError; the error table of docs/security.md is checked against them. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'STALE_VERSION',
  'INVALID_STATE',
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

/**
 * The codes of `extensions.fieldErrors`, stable so that a front end can translate them (the list
 * of docs/security.md is checked against this one).
 */
export const FIELD_ERROR_CODES = [
  /** missing or blank */
  'REQUIRED',
  /** shorter than `params.min` characters */
  'TOO_SHORT',
  /** longer than `params.max` characters (or items) */
  'TOO_LONG',
  /** not written the way the field needs (a date, an e-mail address, a cursor, markers) */
  'INVALID_FORMAT',
  /** not a global id of the type the field takes (`params.type`) */
  'INVALID_ID',
  /** a number or date outside `params.min` … `params.max` */
  'OUT_OF_RANGE',
  /** well-formed, but the rules do not allow this value here; the message says why */
  'NOT_ALLOWED',
  /** a well-formed id that names no record of the kind the field takes */
  'UNKNOWN_REFERENCE',
  /** the same value given twice where each must differ */
  'DUPLICATE',
  /** the file of the ARCHIVE variant is not PDF/A; `params.reason` says what is missing */
  'NOT_PDFA',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** From the operation's argument into the input: `["input", "correspondents", 0, "name"]`. */
export type FieldPath = readonly (string | number)[];

export type FieldErrorParams = Readonly<Record<string, string | number | boolean>>;

export interface FieldError {
  path: (string | number)[];
  code: FieldErrorCode;
  message: string;
  params: FieldErrorParams;
}

/** A whole path, or a field name written `filter.journalDate.from` or `correspondents[0].name`. */
export const pathOf = (path: string | FieldPath): (string | number)[] =>
  typeof path === 'string'
    ? path
        .split('.')
        .flatMap((part) => part.split(/\[(\d+)\]/).filter((s) => s !== ''))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    : [...path];

/** BAD_USER_INPUT with its field errors; the message joins theirs, for clients that read one. */
export function inputError(fieldErrors: readonly FieldError[]): AppError {
  return new AppError('BAD_USER_INPUT', fieldErrors.map((e) => e.message).join('; '), {
    fieldErrors,
  });
}

export const badInput = (
  path: string | FieldPath,
  code: FieldErrorCode,
  message: string,
  params: FieldErrorParams = {},
) => inputError([{ path: pathOf(path), code, message, params }]);

/** The field errors a BAD_USER_INPUT carries (none for any other error). */
export function fieldErrorsOf(err: unknown): FieldError[] {
  if (!(err instanceof AppError) || err.code !== 'BAD_USER_INPUT') return [];
  const fieldErrors = err.extensions.fieldErrors;
  return Array.isArray(fieldErrors) ? (fieldErrors as FieldError[]) : [];
}

/** The same input error with every path led by `prefix` (the operation's argument). */
export function withPathPrefix(err: AppError, prefix: FieldPath): AppError {
  return inputError(fieldErrorsOf(err).map((e) => ({ ...e, path: [...prefix, ...e.path] })));
}

/** The name of the first field an input error names: the last name on its path. */
export function firstFieldName(err: AppError): string | undefined {
  const path = fieldErrorsOf(err)[0]?.path ?? [];
  return path.findLast((segment): segment is string => typeof segment === 'string');
}

/** STALE_VERSION: the client changed what it loaded, but someone changed the record since. */
export const staleVersion = (message: string, currentVersion: number) =>
  new AppError('STALE_VERSION', message, { currentVersion });

/** INVALID_STATE: the record's state (`state`, its current status) does not allow this. */
export const invalidState = (state: string, message: string) =>
  new AppError('INVALID_STATE', message, { state });

/** CONFLICT: a clash with another record (a name taken) or with a change saved at the same time. */
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
