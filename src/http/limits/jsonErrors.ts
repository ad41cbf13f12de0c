import { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { type Logger } from 'pino';

/**
 * Errors answered outside GraphQL execution (before Apollo, or on other routes) in the same shape
 * as GraphQL errors, so a client reads every refusal the same way, and never as Express's HTML
 * page (which shows the stack outside production).
 */
export function sendJsonError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const requestId = res.locals.requestId as string | undefined;
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra, requestId } }] }));
}

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Refusals by express.json: too large (413), not JSON (400), wrong charset (415) and the like. */
export function bodyErrorHandler(bodyLimit: string): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    const e = (err ?? {}) as HttpError;
    const status = e.status ?? e.statusCode;
    if (!status || status < 400 || status >= 500 || res.headersSent) return next(err);
    if (e.type === 'entity.too.large') {
      return sendJsonError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than the limit of ${bodyLimit}`,
      );
    }
    if (e.type === 'entity.parse.failed') {
      return sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
    }
    if (status === 415) {
      return sendJsonError(res, 415, 'BAD_REQUEST', 'Send the request body as UTF-8 JSON');
    }
    return sendJsonError(res, status, 'BAD_REQUEST', 'The request could not be read');
  };
}

/** After every route: a path no route answers, with any method, in the JSON shape too. */
export const unknownPath: RequestHandler = (_req, res) => {
  sendJsonError(res, 404, 'NOT_FOUND', 'There is nothing at this path');
};

/**
 * The last handler of the app: anything unexpected is logged with its cause and the request id,
 * and the client gets INTERNAL_SERVER_ERROR with the request id only.
 */
export function finalErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as HttpError;
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      return sendJsonError(res, status, 'BAD_REQUEST', 'The request could not be read');
    }
    const requestId = String(res.locals.requestId);
    log.error(
      { err, requestId, path: req.originalUrl.split('?')[0] },
      'unexpected error in HTTP request',
    );
    sendJsonError(
      res,
      500,
      'INTERNAL_SERVER_ERROR',
      `Internal server error (request ${requestId})`,
    );
  };
}
