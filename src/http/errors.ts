import { type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { type Logger } from 'pino';
import { AppError, isStatementTimeout, queryTimeout } from '../domain/errors';
import { loggableError } from './logSafe';
import { type ServiceContext } from '../services/context';
import { graphqlErrors } from '../observability/metrics';

/**
 * Codes whose messages were written for clients. Every other error is unexpected: the client sees
 * only INTERNAL_SERVER_ERROR and the request id; the log line carries the cause.
 */
export const CLIENT_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'STALE_VERSION',
  'INVALID_STATE',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // API hardening (limits/, rateLimit/, trustedDocuments.ts): refusals written for clients
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'OPERATION_NOT_TRUSTED',
  // a statement cancelled by DB_STATEMENT_TIMEOUT_MS (timeoutAsClientError)
  'QUERY_TIMEOUT',
]);

/**
 * The code the client is given for an error: its own when written for clients, QUERY_TIMEOUT for a
 * statement stopped at the timeout (timeoutAsClientError), INTERNAL_SERVER_ERROR for the rest.
 */
export function clientCode(err: GraphQLError): string {
  if (isStatementTimeout(err)) return queryTimeout().code;
  const code = err.extensions?.code;
  return typeof code === 'string' && CLIENT_CODES.has(code) ? code : 'INTERNAL_SERVER_ERROR';
}

function mask(error: GraphQLFormattedError, requestId: string): GraphQLFormattedError {
  const code = error.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = error.extensions ?? {};
    return { ...error, extensions: { ...extensions, requestId } };
  }
  return {
    message: `Internal server error (request ${requestId})`,
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

/**
 * Apollo's formatError: a statement cancelled at the timeout becomes QUERY_TIMEOUT, which tells the
 * client to narrow the request instead of a masked INTERNAL_SERVER_ERROR. The response stays HTTP
 * 200 like every other error of execution (other fields may have data); the cause is still logged.
 */
export function timeoutAsClientError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  if (!isStatementTimeout(error)) return formatted;
  const timeout = queryTimeout();
  return {
    message: timeout.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: timeout.code },
  };
}

/**
 * Masks unexpected errors in every response; logs each error with its code, path and operation
 * name (an unexpected one with its real cause, which only the log sees) and counts it by code.
 */
export function errorMaskingPlugin(): ApolloServerPlugin<ServiceContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const err of errors) {
            const code = clientCode(err);
            graphqlErrors.inc({ code });
            // The name as the client wrote it, cut like the request line's (app.ts).
            const fields = { code, path: err.path, operationName: operationName?.slice(0, 100) };
            if (code === 'INTERNAL_SERVER_ERROR' || code === 'QUERY_TIMEOUT') {
              contextValue.log.error(
                { ...fields, error: loggableError(err) },
                'unexpected error in GraphQL request',
              );
            } else {
              contextValue.log.info(fields, 'graphql error');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
              mask(e, contextValue.requestId),
            );
          }
        },
      };
    },
  };
}

/**
 * Errors while building a request's context (authenticating) never reach the plugin above:
 * expected refusals pass with the request id added, anything else is logged and masked here.
 */
export function maskContextError(err: unknown, requestId: string, log: Logger): Error {
  if (err instanceof AppError) {
    graphqlErrors.inc({ code: err.code });
    log.info({ code: err.code, requestId }, 'graphql error');
    // Apollo answers a failed context without running the plugins: the request id is added here.
    return new GraphQLError(err.message, { extensions: { ...err.extensions, requestId } });
  }
  graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
  log.error(
    { code: 'INTERNAL_SERVER_ERROR', error: loggableError(err), requestId },
    'unexpected error while building the request context',
  );
  return new GraphQLError(`Internal server error (request ${requestId})`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, http: { status: 500 } },
  });
}
