/**
 * Screening rules (skjerming): which fields of a record a screening code (tilgangskode) hides
 * from the public, and until when.
 *
 * Why: external screening decides what the public sees in the public journal (offentlig journal)
 * and in insight requests. The rules are small but easy to get subtly wrong (the temporary code
 * XX, the expiry day itself, 29 February), so they live here as pure functions that the
 * resolvers, the public journal and the policies all share.
 */
import { ScreenedField } from '../entities/enums';
import { isIsoDate } from './workingDays';

/** Every field a screening can hide (skjermingMetadata), in enum order. */
export const ALL_SCREENABLE_FIELDS: ScreenedField[] = Object.freeze(
  Object.values(ScreenedField),
) as ScreenedField[];

/** `fields` without duplicates, in enum order; always a fresh array. */
function normalise(fields: readonly ScreenedField[]): ScreenedField[] {
  return ALL_SCREENABLE_FIELDS.filter((field) => fields.includes(field));
}

/**
 * The screened fields (skjermingMetadata) of a record with screening code `code`.
 * The temporary code XX (midlertidig sperret, `temporary: true`) screens every screenable field
 * until the post is assessed, whatever is asked. Otherwise the explicit list wins when given
 * (also an empty one), else the code's default screened fields. Deduplicated, in enum order.
 */
export function screenedFieldsFor(
  code: { temporary: boolean; defaultScreenedFields: ScreenedField[] },
  explicit?: ScreenedField[] | null,
): ScreenedField[] {
  if (code.temporary) return [...ALL_SCREENABLE_FIELDS];
  return normalise(explicit ?? code.defaultScreenedFields);
}

function assertDate(value: string, what: string): void {
  if (!isIsoDate(value)) {
    throw new RangeError(`${what} is not a date (expected YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Skjermingen opphører (skjermingOpphørerDato): journal date (journaldato) plus the screening
 * duration in years (skjermingsvarighet). 29 February moves to 28 February when the target year
 * has none. Null when there is no duration: the screening lasts until someone lifts it.
 */
export function screeningExpiresOn(
  journalDate: string,
  durationYears: number | null | undefined,
): string | null {
  assertDate(journalDate, 'Journal date');
  if (durationYears === null || durationYears === undefined) return null;
  if (!Number.isInteger(durationYears) || durationYears < 0) {
    throw new RangeError(
      `Screening duration must be a whole number of years ≥ 0: ${durationYears}`,
    );
  }
  const year = Number(journalDate.slice(0, 4)) + durationYears;
  let monthDay = journalDate.slice(5);
  if (monthDay === '02-29' && !isLeapYear(year)) monthDay = '02-28';
  const expires = `${String(year).padStart(4, '0')}-${monthDay}`;
  if (!isIsoDate(expires)) throw new RangeError(`Screening expiry out of range: ${expires}`);
  return expires;
}

/**
 * Whether a screening is in force on `today`: there is a screening code and either no expiry
 * date or today is before it. From the expiry date on, the record is public without anyone
 * touching it.
 */
export function isScreeningActive(
  s: { screeningCodeId: string | null; screeningExpiresOn: string | null },
  today: string,
): boolean {
  assertDate(today, 'Today');
  if (s.screeningCodeId === null) return false;
  if (s.screeningExpiresOn === null) return true;
  assertDate(s.screeningExpiresOn, 'Screening expiry');
  return today < s.screeningExpiresOn;
}

/** Whether `field` of the record is hidden from the public on `today` (active screening + listed). */
export function isFieldScreened(
  s: {
    screeningCodeId: string | null;
    screeningExpiresOn: string | null;
    screenedFields: ScreenedField[];
  },
  field: ScreenedField,
  today: string,
): boolean {
  return isScreeningActive(s, today) && s.screenedFields.includes(field);
}
