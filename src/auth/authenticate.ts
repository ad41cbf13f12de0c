import { type EntityManager } from '@mikro-orm/postgresql';
import { type Config } from '../config';
import { unauthenticated } from '../domain/errors';
import { bearerToken } from './bearer';
import { loadViewer } from './loadViewer';
import { createTokenVerifier } from './verify';
import { anonymousViewer, type Viewer } from './viewer';

export interface Authenticator {
  /**
   * The viewer of a request, from its Authorization header. No header: anonymous. A header that
   * does not hold a valid token for an active user: UNAUTHENTICATED, never anonymous, so a client
   * with a stale token is told to sign in again instead of silently seeing less.
   */
  authenticate(authorization: string | undefined, em: EntityManager): Promise<Viewer>;
}

/** Created once per server: in OIDC mode it holds the cached JWKS. */
export function createAuthenticator(config: Config): Authenticator {
  const verify = createTokenVerifier(config);
  return {
    async authenticate(authorization, em) {
      if (!authorization) return anonymousViewer;
      const username = await verify(bearerToken(authorization));
      const viewer = await loadViewer(em, { username });
      if (!viewer) throw unauthenticated('The user is unknown or deactivated');
      return viewer;
    },
  };
}
