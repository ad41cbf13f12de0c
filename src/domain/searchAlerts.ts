import { createHash, randomBytes } from 'node:crypto';
import { checkEmail } from './insightRequests/input';

/**
 * Varsel per lagret søk: the rules of the public journal's e-mail alerts (docs/public-journal.md,
 * "E-mail alerts"). Subscribing, confirming and unsubscribing are the public's own acts and are
 * not audited; each is idempotent, and none tells whether an address already has an alert.
 */

/** At most this many alerts (confirmed or waiting) per address in one organisation's journal. */
export const MAX_ALERTS_PER_ADDRESS = 20;
/** A second subscription to an unconfirmed alert sends the confirm mail again after this long. */
export const CONFIRM_RESEND_HOURS = 1;
/** An alert not confirmed within this many days is deleted. */
export const UNCONFIRMED_DAYS = 7;
/** A digest lists at most this many entries, then says how many more there are. */
export const DIGEST_MAX_ENTRIES = 50;
/** Digests looked for in one organisation per run of the sender's clock. */
export const DIGESTS_PER_RUN = 100;

export type AlertTokenPurpose = 'confirm' | 'unsubscribe';

/** The address an alert goes to, as it is stored and compared: trimmed, in lower case. */
export function alertAddress(value: string | null | undefined): string {
  return checkEmail(value, 'email').toLowerCase();
}

/** A link token: 32 random bytes, base64url. Only its hash is stored. */
export function newAlertToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function alertTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as it can come from a link: base64url of 32 bytes, nothing else. */
export function isAlertToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
