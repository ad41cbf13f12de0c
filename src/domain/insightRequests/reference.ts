import { createHash, randomBytes } from 'node:crypto';

/**
 * The requester's reference (e.g. `INN-7M2Q9X…`, 26 characters after the prefix): 128 random bits
 * in Crockford's base32, so it is unguessable and survives being read aloud or typed (O is read as
 * 0, I and L as 1, case and spaces do not matter). It is the requester's only credential (status,
 * appeal, download links): the database keeps only its SHA-256.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'INN-';
const LENGTH = 26;

export function newReference(): string {
  const bytes = randomBytes(16);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < LENGTH; i++) {
    out = ALPHABET[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${PREFIX}${out}`;
}

/** The reference in its one written form, or null when it cannot be one. */
export function normaliseReference(input: string): string | null {
  if (input.length > 100) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith('INN')) return null;
  const body = compact.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (body.length !== LENGTH || [...body].some((c) => !ALPHABET.includes(c))) return null;
  return `${PREFIX}${body}`;
}

/** What the database keeps of a reference. */
export function referenceHash(reference: string): string {
  return createHash('sha256').update(reference, 'utf8').digest('hex');
}
