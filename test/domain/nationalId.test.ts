import { describe, it, expect } from 'vitest';
import { containsNationalId, isValidNationalId } from '../../src/domain/nationalId';

/**
 * The rule, written out independently of the module: k1 from digits 1–9 with weights
 * 3 7 6 1 8 9 4 5 2, k2 from digits 1–10 with weights 5 4 3 2 7 6 5 4 3 2; 11 minus the weighted
 * sum mod 11, a remainder of 0 gives 0, and 10 means no valid number exists for those digits.
 */
function mod11(digits: string, weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const k = (11 - (sum % 11)) % 11;
  return k === 10 ? null : k;
}

/** Completes nine digits (birth date + individnummer) with both check digits, or null. */
function withCheckDigits(nine: string): string | null {
  const k1 = mod11(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === null) return null;
  const ten = `${nine}${k1}`;
  const k2 = mod11(ten, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2 === null ? null : `${ten}${k2}`;
}

function valid(nine: string): string {
  const id = withCheckDigits(nine);
  if (id === null) throw new Error(`no valid number starts with ${nine}`);
  return id;
}

/** The same number with its k1 or k2 digit changed by one. */
function withWrongDigit(id: string, position: 9 | 10): string {
  const wrong = (Number(id[position]) + 1) % 10;
  return `${id.slice(0, position)}${wrong}${id.slice(position + 1)}`;
}

// Synthetic numbers only: month + 80 (Skatteetaten's synthetic test numbers) and D-numbers
// (day + 40), plus the example number published in the Norwegian Wikipedia article.
const PUBLISHED_EXAMPLE = '15076500565';
const SYNTHETIC = valid('018190123'); // 01.01.1990, synthetic month 81
const D_NUMBER = valid('410180367'); // D-nummer: day 01 + 40
const LEAP_DAY = valid('298996000'); // 29.02.1996, synthetic month 89
const SAMPLES = [PUBLISHED_EXAMPLE, SYNTHETIC, D_NUMBER, LEAP_DAY];

describe('a national identity number is 11 digits whose two mod-11 check digits are valid', () => {
  it('the helper built from the rule reproduces the published example', () => {
    expect(withCheckDigits('150765005')).toBe(PUBLISHED_EXAMPLE);
  });

  it('accepts the published example, a synthetic number, a D-number and a leap-day number', () => {
    for (const id of SAMPLES) expect(isValidNationalId(id), id).toBe(true);
    expect(D_NUMBER).toBe('41018036736');
  });

  it('accepts every number the rule completes, for many birth dates and individual numbers', () => {
    let checked = 0;
    for (let day = 1; day <= 28; day += 3) {
      for (let individual = 0; individual < 1000; individual += 37) {
        const nine = `${String(day).padStart(2, '0')}0385${String(individual).padStart(3, '0')}`;
        const id = withCheckDigits(nine);
        if (id === null) continue;
        expect(isValidNationalId(id), id).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses a number with a wrong first check digit (k1)', () => {
    for (const id of SAMPLES) expect(isValidNationalId(withWrongDigit(id, 9)), id).toBe(false);
  });

  it('refuses a number with a wrong second check digit (k2)', () => {
    for (const id of SAMPLES) expect(isValidNationalId(withWrongDigit(id, 10)), id).toBe(false);
  });

  it('refuses every number whose first check digit would have to be 10', () => {
    // 150765003: weighted sum 3·1+7·5+6·0+1·7+8·6+9·5+4·0+5·0+2·3 = 144, remainder 1, k1 = 10.
    expect(withCheckDigits('150765003')).toBeNull();
    for (let k1 = 0; k1 <= 9; k1 += 1) {
      for (let k2 = 0; k2 <= 9; k2 += 1) {
        expect(isValidNationalId(`150765003${k1}${k2}`)).toBe(false);
      }
    }
  });

  it('refuses every number whose second check digit would have to be 10', () => {
    // 150765014 gets k1 = 3, and 1507650143 then leaves remainder 1, so k2 = 10.
    expect(mod11('150765014', [3, 7, 6, 1, 8, 9, 4, 5, 2])).toBe(3);
    expect(withCheckDigits('150765014')).toBeNull();
    for (let k2 = 0; k2 <= 9; k2 += 1) {
      expect(isValidNationalId(`1507650143${k2}`)).toBe(false);
    }
  });

  it('refuses 10 and 12 digits, separators and letters', () => {
    expect(isValidNationalId(PUBLISHED_EXAMPLE.slice(0, 10))).toBe(false);
    expect(isValidNationalId(`${PUBLISHED_EXAMPLE}0`)).toBe(false);
    expect(isValidNationalId(`150765 00565`)).toBe(false);
    expect(isValidNationalId(`1507650056a`)).toBe(false);
    expect(isValidNationalId('')).toBe(false);
  });
});

describe('a text contains a national identity number when 11 digits standing alone pass both checks', () => {
  it('finds a number on its own and inside a title', () => {
    expect(containsNationalId(PUBLISHED_EXAMPLE)).toBe(true);
    expect(containsNationalId(`Søknad om permisjon – Ole Knutsen ${SYNTHETIC}`)).toBe(true);
    expect(containsNationalId(`Elevmappe (${D_NUMBER})`)).toBe(true);
    expect(containsNationalId(`fnr:${LEAP_DAY}.`)).toBe(true);
  });

  it('finds a number written with a space or a dot after the first six digits', () => {
    const [birth, rest] = [SYNTHETIC.slice(0, 6), SYNTHETIC.slice(6)];
    expect(containsNationalId(`Vedtak for ${birth} ${rest}`)).toBe(true);
    expect(containsNationalId(`Vedtak for ${birth}.${rest}`)).toBe(true);
    expect(containsNationalId(`Vedtak for ${birth}\u00a0${rest}`)).toBe(true);
  });

  it('finds a valid number after an invalid one in the same text', () => {
    expect(containsNationalId(`${withWrongDigit(SYNTHETIC, 10)} og ${D_NUMBER}`)).toBe(true);
  });

  it('ignores 11 digits that fail a check', () => {
    expect(containsNationalId(`Søknad ${withWrongDigit(SYNTHETIC, 9)}`)).toBe(false);
    expect(containsNationalId(`Søknad ${withWrongDigit(SYNTHETIC, 10)}`)).toBe(false);
  });

  it('ignores a valid number that is only part of a longer run of digits', () => {
    expect(containsNationalId(`1${PUBLISHED_EXAMPLE}`)).toBe(false);
    expect(containsNationalId(`${PUBLISHED_EXAMPLE}9`)).toBe(false);
    expect(containsNationalId(`99${PUBLISHED_EXAMPLE}99`)).toBe(false);
    expect(containsNationalId(`7${SYNTHETIC.slice(0, 6)} ${SYNTHETIC.slice(6)}`)).toBe(false);
    expect(containsNationalId(`${SYNTHETIC.slice(0, 6)} ${SYNTHETIC.slice(6)}3`)).toBe(false);
  });

  it('ignores runs of 10 digits', () => {
    expect(containsNationalId(`Ref ${PUBLISHED_EXAMPLE.slice(0, 10)}`)).toBe(false);
    expect(containsNationalId(`Ref ${PUBLISHED_EXAMPLE.slice(1)}`)).toBe(false);
  });

  it('ignores phone numbers, organisation numbers, registry ids and dates', () => {
    for (const text of [
      'Ring 38 17 00 00 eller +47 912 34 567',
      'Telefon 91234567, 004791234567',
      'Vennesla kommune, org.nr. 964 967 636',
      'Saksnummer 2026/123, registreringsID 2026/123-8',
      'Journalpost 2026/12345-11 av 15.07.2026',
      'Konto 1234.56.78903',
    ]) {
      expect(containsNationalId(text), text).toBe(false);
    }
  });

  it('finds nothing in a text without digits', () => {
    expect(containsNationalId('')).toBe(false);
    expect(containsNationalId('Personalmappe – Kari Nordmann')).toBe(false);
  });
});
