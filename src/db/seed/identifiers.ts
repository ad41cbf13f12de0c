// Synthetic identifiers for the demo data: never a real person's or organisation's.
import { isValidOrganizationNumber } from '../../domain/identifiers';
import { isValidNationalId } from '../../domain/nationalId';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A synthetic national identity number (syntetisk fødselsnummer): the month is written + 80, as
 * the test numbers of the National Population Register (Tenor) are, so it can never be a real
 * person's. `serial` picks the individual number (000–499 for births 1900–1999, 500–749 for
 * 2000–2039); the first one from there whose check digits exist is taken.
 */
export function syntheticNationalId(
  birth: { day: number; month: number; year: number },
  serial: number,
): string {
  const base = serial + (birth.year >= 2000 ? 500 : 0);
  for (let individual = base; individual < base + 50; individual++) {
    const head = `${two(birth.day)}${two(birth.month + 80)}${two(birth.year % 100)}${String(individual).padStart(3, '0')}`;
    for (let check = 0; check < 100; check++) {
      if (isValidNationalId(`${head}${two(check)}`)) return `${head}${two(check)}`;
    }
  }
  throw new Error(`No synthetic national id near ${serial}`);
}

/**
 * A synthetic organisation number: 9 digits with a valid check digit, starting with 3, outside
 * the 8 and 9 ranges the Register of Legal Entities (Enhetsregisteret) hands out.
 */
export function syntheticOrganizationNumber(serial: number): string {
  for (let n = 31_000_000 + serial * 10; ; n++) {
    for (let check = 0; check < 10; check++) {
      if (isValidOrganizationNumber(`${n}${check}`)) return `${n}${check}`;
    }
  }
}
