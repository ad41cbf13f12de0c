import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Download links of released documents: `/insight-downloads/<token>`, the token a signed,
 * time-limited statement "item i of request r of organisation o released document d, valid until
 * e": the organisation says where the request is read (row-level security). Signed with
 * HMAC-SHA256 (INSIGHT_LINK_SECRET, or a key derived from the local token secret). The server
 * checks the signature, then the time, then that the item still releases exactly that document.
 */
export interface LinkClaims {
  /** the request's organisation (links issued before there were several have none) */
  o?: string;
  /** request id */
  r: string;
  /** item id */
  i: string;
  /** the released document's id */
  d: string;
  /** expiry, seconds since the epoch */
  e: number;
}

const VERSION = 'v1';
const MAX_TOKEN = 600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The link key: the dedicated secret, or one derived from the token secret (never that itself). */
export function deriveLinkKey(dedicated: string | undefined, tokenSecret: Uint8Array): Buffer {
  if (dedicated) return Buffer.from(dedicated, 'utf8');
  return createHmac('sha256', tokenSecret).update('arkivgraf insight download links').digest();
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(`${VERSION}.${body}`).digest();
}

export function signLink(key: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; claims: LinkClaims };

export function verifyLink(key: Buffer, token: string, now: Date): LinkCheck {
  if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, reason: 'invalid' };
  }
  const [body, signature] = token.split('.') as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (
    ![claims.r, claims.i, claims.d].every((v) => typeof v === 'string' && UUID.test(v)) ||
    (claims.o !== undefined && (typeof claims.o !== 'string' || !UUID.test(claims.o))) ||
    !Number.isInteger(claims.e)
  ) {
    return { ok: false, reason: 'invalid' };
  }
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export const DOWNLOAD_PATH = '/insight-downloads';

/** The path of a fresh link, valid for `ttlHours` from `now`. */
export function downloadPath(
  key: Buffer,
  ids: { organisationId: string; requestId: string; itemId: string; documentId: string },
  now: Date,
  ttlHours: number,
): { path: string; expiresAt: Date } {
  const e = Math.floor(now.getTime() / 1000) + ttlHours * 3600;
  const token = signLink(key, {
    o: ids.organisationId,
    r: ids.requestId,
    i: ids.itemId,
    d: ids.documentId,
    e,
  });
  return { path: `${DOWNLOAD_PATH}/${token}`, expiresAt: new Date(e * 1000) };
}
