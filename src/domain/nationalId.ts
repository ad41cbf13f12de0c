/**
 * Norwegian national identity numbers: fødselsnummer and D-nummer.
 *
 * Why: the public journal (offentlig journal) must never carry one. A public title or an
 * unscreened correspondent name that contains a national identity number is refused at
 * registration, so this module decides what "contains one" means: 11 digits whose two mod-11
 * check digits (kontrollsiffer k1 and k2) are both valid. Birth dates are deliberately not
 * checked, so D-numbers (day + 40) and synthetic test numbers (month + 40 or + 80) count too.
 */

/** Weights for the first check digit (k1), applied to digits 1–9. */
const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
/** Weights for the second check digit (k2), applied to digits 1–10 (k1 included). */
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * Mod-11 check digit (kontrollsiffer) for `digits` with `weights`: 11 minus the weighted sum
 * modulo 11, where a remainder of 0 gives 0. Returns null when the result would be 10: no valid
 * number has such a check digit.
 */
function checkDigit(digits: readonly number[], weights: readonly number[]): number | null {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight * (digits[i] ?? 0);
  });
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  const digit = 11 - remainder;
  return digit === 10 ? null : digit;
}

/**
 * True when `digits` is exactly 11 digits (nothing else, no separators) whose check digits k1
 * (position 10) and k2 (position 11) are both valid.
 */
export function isValidNationalId(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const d = Array.from(digits, Number);
  const k1 = checkDigit(d, K1_WEIGHTS);
  if (k1 === null || k1 !== d[9]) return false;
  const k2 = checkDigit(d, K2_WEIGHTS);
  return k2 !== null && k2 === d[10];
}

/**
 * Eleven digits standing on their own, optionally written with a space, non-breaking space or dot
 * after the first six ("010190 12345", "010190.12345"). The lookarounds keep runs of 10 or 12+
 * digits (account numbers, long references) from matching a slice of themselves.
 */
const CANDIDATE = /(?<!\d)(\d{6})[ .\u00a0]?(\d{5})(?!\d)/g;

/**
 * True when `text` contains a national identity number (fødselsnummer or D-nummer) that passes
 * both mod-11 checks, written as 11 digits or as 6 + 5 digits with a space or dot between.
 * Phone numbers (8 digits), organisation numbers (9 digits) and registry ids like `2026/123-8`
 * never match.
 */
export function containsNationalId(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidNationalId(`${match[1]}${match[2]}`)) return true;
  }
  return false;
}
