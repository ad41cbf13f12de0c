import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { type Config } from '../config';
import { unauthenticated } from '../domain/errors';
import { loadJose } from './jose';
import { localSecret } from './secret';
import { type Identity } from './viewer';

export type { Identity };
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_ORGANISATION_CLAIM } from './tokens';

/** Checks an access token and returns whom it was issued to. */
export type TokenVerifier = (token: string) => Promise<Identity>;

/**
 * Asymmetric algorithms only: with a public JWKS, accepting HS256 would let anyone who has the
 * public key forge tokens by using it as an HMAC secret. `none` is never accepted.
 */
const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** The identity provider's keys could not be had: its fault or ours, not the client's. */
export class SigningKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super('The signing keys could not be fetched from AUTH_JWKS_URL', { cause });
  }
}

/**
 * The identity provider's keys, fetched from the JWKS URL and cached by jose (fetched again when a
 * token names a key it does not know, at most every 30 s). A failure to fetch or read the JWKS
 * says nothing about the token, so it becomes SigningKeysUnavailable: an internal error (HTTP
 * 500) instead of telling every client to sign in again while the identity provider is down.
 */
function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  let jwks: JWTVerifyGetKey | undefined;
  return async (header, token) => {
    const { createRemoteJWKSet, errors } = await loadJose();
    jwks ??= createRemoteJWKSet(new URL(jwksUrl));
    try {
      return await jwks(header, token);
    } catch (err) {
      if (
        err instanceof errors.JWKSNoMatchingKey ||
        err instanceof errors.JWKSMultipleMatchingKeys ||
        err instanceof errors.JOSENotSupported
      ) {
        throw err; // the token names a key or algorithm the identity provider does not have
      }
      throw new SigningKeysUnavailable(err);
    }
  };
}

/**
 * Turns a verification failure into a 401 with a fixed message. jose's own messages are not passed
 * on: the client learns what to do (sign in again), never the token's claims.
 */
function refusal(err: unknown, errors: Awaited<ReturnType<typeof loadJose>>['errors']): unknown {
  // Not about the token: stays an internal error, logged and masked.
  if (!(err instanceof errors.JOSEError)) return err;
  if (err instanceof errors.JWTExpired) return unauthenticated('The access token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    // Not `iat`: jose only says it is missing (our own check judges its time, checkLifetime).
    if (err.claim === 'nbf') {
      return unauthenticated('The access token is not valid yet');
    }
    if (err.claim === 'iss' || err.claim === 'aud') {
      return unauthenticated('The access token was not issued for this service');
    }
    return unauthenticated('The access token is not valid');
  }
  // Bad signature, disallowed algorithm, unknown key, malformed token.
  return unauthenticated('The access token is not valid');
}

function identityFrom(payload: JWTPayload, claims: IdentityClaims): Identity {
  const value = payload[claims.username];
  if (typeof value !== 'string' || value === '') {
    throw unauthenticated('The access token does not name a user');
  }
  const organisation = payload[claims.organisation];
  if (organisation === undefined) return { username: value };
  if (typeof organisation !== 'string' || organisation === '') {
    throw unauthenticated('The access token does not name its organisation properly');
  }
  return { username: value, organisation };
}

interface IdentityClaims {
  username: string;
  organisation: string;
}

/** How far ahead of ours the issuer's clock may be when it says when it issued a token. */
const ISSUED_AT_TOLERANCE_SECONDS = 60;

/**
 * A stolen token is usable until it expires, so none may be issued to live longer than the
 * maximum: jose checks `exp` against now, but not how far it lies from `iat`. An `iat` in the
 * future would stretch the lifetime the same way.
 */
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  // Both are required claims, and jose has checked that they are numbers.
  const { iat, exp } = payload as { iat: number; exp: number };
  if (exp - iat > maxSeconds) {
    throw unauthenticated('The access token is valid for longer than this service allows');
  }
  if (iat > Date.now() / 1000 + ISSUED_AT_TOLERANCE_SECONDS) {
    throw unauthenticated('The access token is not valid yet');
  }
}

/** Runs jose's check, maps its failures, checks the lifetime and reads the username claim. */
function verifier(
  check: (token: string) => Promise<{ payload: JWTPayload }>,
  claims: IdentityClaims,
  maxLifetimeSeconds: number,
): TokenVerifier {
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await check(token));
    } catch (err) {
      throw refusal(err, (await loadJose()).errors);
    }
    checkLifetime(payload, maxLifetimeSeconds);
    return identityFrom(payload, claims);
  };
}

/** The verifier for the configured mode; in OIDC mode it holds the JWKS cache, so make it once. */
export function createTokenVerifier(config: Config): TokenVerifier {
  const auth = config.auth;
  // Tokens without an expiry would be valid forever; without iat their lifetime is unknown.
  const requiredClaims = ['exp', 'iat'];
  const maxLifetimeSeconds = auth.maxTokenLifetimeHours * 3600;
  if (auth.mode === 'oidc') {
    const keys = remoteKeys(auth.jwksUrl);
    const options: JWTVerifyOptions = {
      issuer: auth.issuer,
      audience: auth.audience,
      algorithms: OIDC_ALGORITHMS,
      requiredClaims,
      // The identity provider's clock is not ours.
      clockTolerance: 30,
    };
    return verifier(
      async (token) => (await loadJose()).jwtVerify(token, keys, options),
      { username: auth.usernameClaim, organisation: auth.organisationClaim },
      maxLifetimeSeconds,
    );
  }
  const secret = localSecret(config);
  const options: JWTVerifyOptions = {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: ['HS256'],
    requiredClaims,
  };
  return verifier(
    async (token) => (await loadJose()).jwtVerify(token, secret, options),
    { username: 'preferred_username', organisation: LOCAL_ORGANISATION_CLAIM },
    maxLifetimeSeconds,
  );
}
