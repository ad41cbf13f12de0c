import { type FieldPath } from './errors';
import { type InputErrors } from './inputErrors';
import { isValidNationalId } from './nationalId';

/**
 * The identifiers of parties and correspondents (partID, korrespondansepart's id): a Norwegian
 * national identity number (fødselsnummer or D-nummer) or an organisation number
 * (organisasjonsnummer). They are never public (docs/security.md, "Identifiers"), so no message
 * here repeats the value it was given, and what the audit trail keeps is `maskIdentifier`'s form.
 */

/** Weights of the organisation number's check digit, applied to digits 1–8 (Brønnøysund). */
const ORGANIZATION_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * True when `digits` is exactly 9 digits whose last is the mod-11 check digit of the first eight
 * (a remainder of 0 gives 0; a check digit of 10 means no number is valid).
 */
export function isValidOrganizationNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const d = Array.from(digits, Number);
  const sum = ORGANIZATION_WEIGHTS.reduce((acc, w, i) => acc + w * d[i]!, 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === d[8];
}

/** Spaces and dots people type between groups of digits ("010190 12345", "974 760 673"). */
const SEPARATORS = /[\s.\u00a0]/g;

export type IdentifierKind = 'nationalId' | 'organizationNumber';

const WHAT: Record<
  IdentifierKind,
  { digits: number; words: string; valid: (d: string) => boolean }
> = {
  nationalId: {
    digits: 11,
    words: 'A national identity number (fødselsnummer or D-nummer)',
    valid: isValidNationalId,
  },
  organizationNumber: {
    digits: 9,
    words: 'An organisation number (organisasjonsnummer)',
    valid: isValidOrganizationNumber,
  },
};

/**
 * The identifier as stored (digits only), null when none was given, or undefined after adding a
 * field error to `errors`. The error says what is wrong without repeating the value.
 */
export function checkIdentifier(
  errors: InputErrors,
  path: FieldPath,
  kind: IdentifierKind,
  value: string | null | undefined,
): string | null | undefined {
  const digits = value?.replace(SEPARATORS, '') ?? '';
  if (!digits) return null;
  const what = WHAT[kind];
  if (!new RegExp(`^\\d{${what.digits}}$`).test(digits)) {
    errors.add(path, 'INVALID_FORMAT', `${what.words} is ${what.digits} digits`, {
      digits: what.digits,
    });
    return undefined;
  }
  if (!what.valid(digits)) {
    errors.add(path, 'INVALID_FORMAT', `${what.words} must have valid check digits`);
    return undefined;
  }
  return digits;
}

/** A search term that is one of the two: its digits and kind, or null. */
export function identifierOf(value: string): { kind: IdentifierKind; digits: string } | null {
  const digits = value.replace(SEPARATORS, '');
  if (isValidNationalId(digits)) return { kind: 'nationalId', digits };
  if (isValidOrganizationNumber(digits)) return { kind: 'organizationNumber', digits };
  return null;
}

/**
 * What the audit trail keeps of an identifier: its length in stars and its last two digits, so a
 * reader sees that it was set or changed, never the number ("*********45").
 */
export const maskIdentifier = (value: string | null | undefined): string | null =>
  value ? `${'*'.repeat(value.length - 2)}${value.slice(-2)}` : null;
