import { type Config } from '../config';
import { bearerToken } from './bearer';
import { createTokenVerifier, type Identity } from './verify';

export interface Authenticator {
  /**
   * Whom the request's Authorization header names. No header: null (anonymous). A header that does
   * not hold a valid token: UNAUTHENTICATED, never anonymous, so a client with a stale token is
   * told to sign in again instead of silently seeing less. Whether the user exists and is active
   * is decided when the request's organisation is known (services/requestScope.ts).
   */
  identify(authorization: string | undefined): Promise<Identity | null>;
}

/** Created once per server: in OIDC mode it holds the cached JWKS. */
export function createAuthenticator(config: Config): Authenticator {
  const verify = createTokenVerifier(config);
  return {
    async identify(authorization) {
      if (!authorization) return null;
      return verify(bearerToken(authorization));
    },
  };
}
