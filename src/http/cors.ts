import { type RequestHandler } from 'express';
import { sendJsonError } from './limits/jsonErrors';

/** What a page on an allowed origin may send: documents are uploaded with PUT. */
const METHODS = 'GET, POST, PUT, OPTIONS';
const HEADERS = [
  'content-type',
  'authorization',
  'x-organisation',
  'x-request-id',
  'apollo-require-preflight',
  'if-match',
  'if-none-match',
].join(', ');
/** What its scripts may read of an answer. */
const EXPOSED = 'x-request-id, etag, location, retry-after';
/** Seconds a browser may reuse a preflight's answer. */
const MAX_AGE = '600';

/**
 * CORS for the exact origins of CORS_ORIGINS (docs/security.md, "Browsers on other origins"): an
 * allowed origin's preflight is answered here (204), and its requests get Allow-Origin and the
 * exposed headers. Credentials stay off: a browser sends no cookies, and the API reads none; the
 * bearer token goes in Authorization. Another origin gets no CORS header, and its preflight 403,
 * so its browser sends nothing but simple requests, which Apollo's CSRF prevention refuses on
 * /graphql as before.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    if (allowed.size === 0) return next();
    // Answers differ by Origin: a cache must keep them apart.
    res.vary('Origin');
    const origin = req.get('origin');
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method');
    if (!origin || !allowed.has(origin)) {
      if (origin && preflight) {
        sendJsonError(res, 403, 'FORBIDDEN', 'This origin is not in CORS_ORIGINS');
        return;
      }
      return next();
    }
    res.setHeader('access-control-allow-origin', origin);
    if (preflight) {
      res.setHeader('access-control-allow-methods', METHODS);
      res.setHeader('access-control-allow-headers', HEADERS);
      res.setHeader('access-control-max-age', MAX_AGE);
      res.status(204).end();
      return;
    }
    res.setHeader('access-control-expose-headers', EXPOSED);
    next();
  };
}
