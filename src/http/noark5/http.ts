import { type EntityManager } from '@mikro-orm/postgresql';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { type Logger } from 'pino';
import { AppError } from '../../domain/errors';
import { AccessLog } from '../../services/accessLog';
import { type ServiceContext } from '../../services/context';
import { endRequest } from '../../services/requestScope';
import { loggableError } from '../logSafe';
import {
  serviceContexts,
  signIn,
  type SignedInRouteDeps,
  STATUS as REFUSAL_STATUS,
} from '../signedInRoutes';
import { type Links, linksOf } from './links';

/**
 * What every route of the Noark 5 service interface shares: the media type, the sign-in, one
 * transaction per request committed before the answer leaves, and errors in the standard's shape
 * (`{"feil": {"kode": <HTTP status>, "beskrivelse": "…"}}`, docs/noark5-service-interface.md).
 */

/** The standard's media type (Overføringsformat); requests may also send plain application/json. */
export const NOARK5_MEDIA_TYPE = 'application/vnd.noark5+json';

export type Noark5Deps = SignedInRouteDeps;

/** One signed-in request as a handler sees it. */
export interface Noark5Request {
  req: Request;
  /** The service context; its `em` is in the request's transaction */
  ctx: ServiceContext;
  links: Links;
  /** Full reads of restricted records are noted here (services/accessLog.ts) */
  accessLog: AccessLog;
}

/**
 * A handler's answer: JSON (sent after the commit), or a stream written inside the transaction (a
 * file read from the database), committed after.
 */
export type Noark5Result =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | {
      status: number;
      headers: Record<string, string>;
      stream: (res: Response, em: EntityManager) => Promise<void>;
    };

/**
 * The status an error is answered with: a refusal's as on the other signed-in routes; an
 * unexpected error is 500. (413, 415 and 428 of the deliveries are writes/parse.ts `Refusal`s.)
 */
export function statusOf(err: unknown): number {
  return err instanceof AppError ? (REFUSAL_STATUS[err.code] ?? 500) : 500;
}

/** An answer in the standard's media type. */
export function sendNoark(
  res: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.status(status).set(headers).set('Content-Type', `${NOARK5_MEDIA_TYPE}; charset=utf-8`);
  if (body === undefined) res.end();
  else res.send(JSON.stringify(body));
}

/**
 * An error in the standard's shape; `kode` is the HTTP status. The `arkivgraf` member carries our
 * error code, field errors and the request id, as GraphQL's `extensions` do.
 */
export function sendFeil(
  res: Response,
  status: number,
  beskrivelse: string,
  extra: Record<string, unknown> = {},
): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  sendNoark(res, status, {
    feil: { kode: status, beskrivelse },
    arkivgraf: { ...extra, requestId: res.locals.requestId as string },
  });
}

/** An error as its answer: an AppError as its status, anything else logged and 500. */
export function sendError(err: unknown, res: Response, log: Logger): void {
  if (err instanceof AppError) {
    const { http: _h, ...extensions } = err.extensions as Record<string, unknown>;
    sendFeil(res, statusOf(err), err.message, extensions);
    return;
  }
  log.error(
    { requestId: String(res.locals.requestId), error: loggableError(err) },
    'Noark 5 service interface request failed',
  );
  sendFeil(res, 500, `Internal server error (request ${String(res.locals.requestId)})`, {
    code: 'INTERNAL_SERVER_ERROR',
  });
}

/**
 * A route of a signed-in caller: sign-in (401 without a token), the request's transaction in their
 * organisation, the handler, then the commit BEFORE the answer leaves, so a client is never told of
 * a change that was not kept. A refusal (AppError) is committed too: what was refused rolled back
 * in its own savepoint, and only the archive log's note of the refusal remains
 * (services/deliveries.ts). Anything else rolls back and is 500.
 */
export function noark5Route(
  deps: Noark5Deps,
  handler: (request: Noark5Request) => Promise<Noark5Result>,
): RequestHandler {
  const contexts = serviceContexts({
    ...deps,
    signedIn: signIn({
      authenticator: deps.authenticator,
      withoutToken: 'Sign in: the Noark 5 service interface needs a bearer token',
    }),
  });
  return async (req: Request, res: Response, _next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    const em = deps.orm.em.fork();
    let accessLog: AccessLog | undefined;
    try {
      const ctx = await contexts(req, res, em);
      accessLog = new AccessLog({
        requestId: ctx.requestId,
        em,
        viewer: ctx.viewer,
        ability: ctx.ability,
        log: ctx.log,
      });
      const result = await handler({ req, ctx, links: linksOf(req), accessLog });
      if ('stream' in result) {
        res.status(result.status).set(result.headers);
        await result.stream(res, em);
        await endRequest(em, true);
      } else {
        await endRequest(em, true);
        sendNoark(res, result.status, result.body, result.headers);
      }
      accessLog.write();
    } catch (err) {
      await endRequest(em, err instanceof AppError).catch(() => undefined);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(err, res, deps.log);
    }
  };
}
