import { AsyncLocalStorage } from 'node:async_hooks';
import { type RequestHandler } from 'express';
import { clientKey } from '../rateLimit/clientAddress';

/**
 * What the Apollo plugins need of the HTTP request and cannot get from Apollo: the client address
 * (req.ip, which honours TRUST_PROXY). Kept in an AsyncLocalStorage entered right before Apollo's
 * middleware, so the GraphQL context stays as it is.
 */
export interface RequestScope {
  /** The client's address as counted by the rate limits (IPv6: its /64) */
  client: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function requestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Mount last before expressMiddleware(apollo): everything Apollo does for the request sees it. */
export function enterRequestScope(): RequestHandler {
  return (req, _res, next) => storage.run({ client: clientKey(req.ip) }, next);
}
