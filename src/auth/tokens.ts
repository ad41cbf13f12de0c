import { loadJose } from './jose';

/** Issuer and audience of the tokens this server signs itself (local mode). */
export const LOCAL_ISSUER = 'arkivgraf-local';
export const LOCAL_AUDIENCE = 'arkivgraf';
/** The claim of a local token that names the organisation it acts in (a short name) */
export const LOCAL_ORGANISATION_CLAIM = 'org';

/**
 * A local-mode access token for `username`. The username is in `preferred_username`, the claim
 * the verifier reads, and in `sub` for tools that expect a subject; `organisation` (a short name),
 * when given, binds the token to that organisation.
 */
export async function issueLocalToken(
  secret: Uint8Array,
  username: string,
  ttlSeconds = 12 * 3600,
  organisation?: string,
): Promise<string> {
  const { SignJWT } = await loadJose();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    preferred_username: username,
    ...(organisation ? { [LOCAL_ORGANISATION_CLAIM]: organisation } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(username)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secret);
}
