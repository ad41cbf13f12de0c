import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

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
