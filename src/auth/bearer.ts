import { unauthenticated } from '../domain/errors';

// RFC 6750 b64token; a JWT's three base64url parts fit it.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer <token>` header; anything else is refused. */
export function bearerToken(authorization: string): string {
  const match = BEARER.exec(authorization);
  if (!match) {
    throw unauthenticated('Send the access token as "Authorization: Bearer <token>"');
  }
  return match[1]!;
}
