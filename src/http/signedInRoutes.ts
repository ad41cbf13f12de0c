import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { type Request, type Response } from 'express';
import { type Logger } from 'pino';
import { type Authenticator } from '../auth/authenticate';
import { type Config } from '../config';
import { AppError, unauthenticated } from '../domain/errors';
import { type InsightRuntime } from '../domain/insightRequests';
import { defineAbilityFor } from '../policies/ability';
import { type ServiceContext } from '../services/context';
import { beginRequest, ORGANISATION_HEADER, type RequestScope } from '../services/requestScope';
import { sendJsonError } from './limits/jsonErrors';
import { loggableError } from './logSafe';
import { clientKey } from './rateLimit/clientAddress';

/**
 * What the routes outside GraphQL that a bearer token signs in to (documents, deposit packages,
 * the løpende journal) share: the sign-in, the service context, and their refusals as JSON errors
 * in GraphQL's shape.
 */

/**
 * The HTTP status of each refusal (an AppError's code) these routes answer; the Noark 5 service
 * interface answers these and a few more (noark5/http.ts).
 */
export const STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  STALE_VERSION: 409,
  INVALID_STATE: 409,
  CONFLICT: 409,
};

/** Errors of a reader that went away in the middle of a download: no failure of ours. */
const GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);

export interface SignInOptions {
  authenticator: Authenticator;
  /** The 401's message without a token: what needs one */
  withoutToken: string;
}

export type SignIn = (req: Request, res: Response, em: EntityManager) => Promise<RequestScope>;

/**
 * The signed-in viewer, with `em`'s transaction begun in their organisation (end it with
 * endRequest, services/requestScope.ts); the request log names the user.
 */
export function signIn({ authenticator, withoutToken }: SignInOptions): SignIn {
  return async (req, res, em) => {
    const authorization = req.get('authorization');
    if (!authorization) throw unauthenticated(withoutToken);
    const identity = await authenticator.identify(authorization);
    const scope = await beginRequest(em, identity, req.get(ORGANISATION_HEADER));
    if (scope.viewer.kind === 'user') res.locals.userId = scope.viewer.userId;
    return scope;
  };
}

/** What a router of signed-in routes is built with (the package routes, the Noark 5 interface). */
export interface SignedInRouteDeps {
  orm: MikroORM;
  config: Config;
  authenticator: Authenticator;
  insight: InsightRuntime;
  /** The calendar date in Norway (tests pass a fixed one) */
  today: () => string;
  log: Logger;
}

export interface ServiceContextOptions {
  signedIn: SignIn;
  config: Config;
  insight: InsightRuntime;
  /** The calendar date in Norway */
  today: () => string;
  log: Logger;
}

/** The service context of a signed-in request (GraphQL builds the same for its resolvers). */
export function serviceContexts(
  options: ServiceContextOptions,
): (req: Request, res: Response, em: EntityManager) => Promise<ServiceContext> {
  const { signedIn, config, insight, today, log } = options;
  return async (req, res, em) => {
    const { viewer, organisation } = await signedIn(req, res, em);
    const requestId = String(res.locals.requestId);
    return {
      requestId,
      em,
      viewer,
      organisation,
      today: today(),
      publicJournal: config.publicJournal,
      ability: defineAbilityFor(viewer),
      insight,
      clientAddress: clientKey(req.ip),
      log: log.child({ requestId }),
    };
  };
}

/**
 * Ends a response whose headers are already sent (a download cut off in the middle) without its
 * last chunk, so the client sees it is incomplete; logs it unless the reader went away. False
 * when nothing was sent yet.
 */
export function endCutOff(err: unknown, res: Response, log: Logger, message: string): boolean {
  if (!res.headersSent) return false;
  if (!GONE.has(String((err as { code?: unknown }).code))) {
    log.error({ requestId: res.locals.requestId, error: loggableError(err) }, message);
  }
  res.destroy();
  return true;
}

/**
 * A refusal (an AppError of a code in STATUS) as its JSON error; `statusOf` may answer another
 * status than the code's. False for any other error.
 */
export function sendRefusal(
  err: unknown,
  res: Response,
  statusOf: (err: AppError) => number | undefined = () => undefined,
): boolean {
  if (!(err instanceof AppError) || !STATUS[err.code]) return false;
  if (err.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
  const { code: _c, http: _h, ...extra } = err.extensions as Record<string, unknown>;
  sendJsonError(res, statusOf(err) ?? STATUS[err.code]!, err.code, err.message, extra);
  return true;
}

/** An unexpected error, logged: 500 with the request id to look it up by. */
export function sendInternalError(res: Response): void {
  sendJsonError(
    res,
    500,
    'INTERNAL_SERVER_ERROR',
    `Internal server error (request ${String(res.locals.requestId)})`,
  );
}

/** Logs an unexpected error of a request with its request id. */
export function logFailure(err: unknown, res: Response, log: Logger, message: string): void {
  log.error({ requestId: String(res.locals.requestId), error: loggableError(err) }, message);
}
