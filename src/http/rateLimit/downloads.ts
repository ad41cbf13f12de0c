import { type RequestHandler } from 'express';
import { sendJsonError } from '../limits/jsonErrors';
import { clientKey } from './clientAddress';
import { type CostLimiter } from './limiter';

/**
 * Public HTTP routes outside GraphQL that cost the server real work: the public journal downloads
 * (/public-journal.csv, .atom, .html …) and the /journal pages. Each request spends a fixed number
 * of points (RATE_LIMIT_DOWNLOAD_COST) from the client address's budget, the same budget as its
 * anonymous GraphQL operations.
 */
// Case-insensitive, with or without a trailing slash, as Express routes them.
export const RATE_LIMITED_PATHS = [/^\/public-journal\.[a-z0-9]+\/?$/i, /^\/journal(\/.*)?$/i];

export function rateLimitedPath(path: string): boolean {
  return RATE_LIMITED_PATHS.some((re) => re.test(path));
}

/** Spends `cost` points per request on the matching paths; 429 with Retry-After when over. */
export function rateLimitDownloads(limiter: CostLimiter, cost: number): RequestHandler {
  return async (req, res, next) => {
    if (!rateLimitedPath(req.path)) return next();
    const decision = await limiter.consume({ kind: 'anonymous', address: clientKey(req.ip) }, cost);
    if (decision.allowed) return next();
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    sendJsonError(
      res,
      429,
      'RATE_LIMITED',
      `Too many requests: try again in ${decision.retryAfterSeconds} s`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  };
}
