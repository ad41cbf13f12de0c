/**
 * Working days (virkedager) and Norwegian public holidays (helligdager og høytidsdager).
 *
 * Why: deadlines in Arkivgraf count working days, not calendar days. An insight request
 * (innsynskrav) is due 3 working days after receipt and counts as refused after 5; a journal post
 * reaches the public journal (offentlig journal) a configurable number of working days after its
 * journal date. Weekends and every Norwegian public holiday, the Easter-based ones included, are
 * skipped. This module is the only place that knows the holidays.
 *
 * Dates are ISO calendar dates as strings, 'YYYY-MM-DD': calendar days in Norway, with no time
 * and no time zone. `todayInOslo` turns an instant into such a date.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The Gregorian Easter computation holds from 1583; four-digit years keep the format simple. */
const MIN_YEAR = 1583;
const MAX_YEAR = 9999;

/** Day number since 1970-01-01 of a valid calendar date, or null when it is not one. */
function dayNumberOf(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to 2026-03-02; a round trip catches it.
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** The day number of `date`, or a RangeError when `date` is not a 'YYYY-MM-DD' calendar date. */
function toDayNumber(date: string): number {
  const n = dayNumberOf(date);
  if (n === null) throw new RangeError(`Not a date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

function fromDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
  if (dayNumberOf(date) === null) throw new RangeError(`Date out of range: ${date}`);
  return date;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (years 1583–9999). */
export function isIsoDate(value: string): boolean {
  return dayNumberOf(value) !== null;
}

/**
 * Easter Sunday (første påskedag) of `year` by the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher).
 */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year out of range (${MIN_YEAR}–${MAX_YEAR}): ${year}`);
  }
}

/**
 * The twelve Norwegian public holidays of `year` (helligdager og høytidsdager), with their
 * Norwegian names, in date order. One entry per named holiday: two of them can fall on the same
 * date (Andre pinsedag is Grunnlovsdag in 2027; Kristi himmelfartsdag was Første mai in 2008).
 */
export function publicHolidays(year: number): { date: string; name: string }[] {
  const easter = toDayNumber(easterSunday(year));
  const fromEaster = (offset: number) => fromDayNumber(easter + offset);
  const holidays = [
    { date: isoDate(year, 1, 1), name: 'Første nyttårsdag' },
    { date: fromEaster(-3), name: 'Skjærtorsdag' },
    { date: fromEaster(-2), name: 'Langfredag' },
    { date: fromEaster(0), name: 'Første påskedag' },
    { date: fromEaster(1), name: 'Andre påskedag' },
    { date: isoDate(year, 5, 1), name: 'Første mai' },
    { date: isoDate(year, 5, 17), name: 'Grunnlovsdag' },
    { date: fromEaster(39), name: 'Kristi himmelfartsdag' },
    { date: fromEaster(49), name: 'Første pinsedag' },
    { date: fromEaster(50), name: 'Andre pinsedag' },
    { date: isoDate(year, 12, 25), name: 'Første juledag' },
    { date: isoDate(year, 12, 26), name: 'Andre juledag' },
  ];
  // Array.prototype.sort is stable: same-date holidays keep the order above.
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** Holiday dates per year, computed once: deadlines ask for the same few years over and over. */
const holidayCache = new Map<number, ReadonlySet<string>>();

function holidayDates(year: number): ReadonlySet<string> {
  let dates = holidayCache.get(year);
  if (!dates) {
    dates = new Set(publicHolidays(year).map((h) => h.date));
    holidayCache.set(year, dates);
  }
  return dates;
}

/** True when `date` is a Norwegian public holiday (helligdag/høytidsdag), whatever the weekday. */
export function isPublicHoliday(date: string): boolean {
  toDayNumber(date);
  return holidayDates(Number(date.slice(0, 4))).has(date);
}

/** Saturday or Sunday; 1970-01-01 (day 0) was a Thursday. */
function isWeekendDay(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 0 = Sunday … 6 = Saturday
  return weekday === 0 || weekday === 6;
}

/** A working day (virkedag): Monday to Friday and not a public holiday. */
export function isWorkingDay(date: string): boolean {
  return !isWeekendDay(toDayNumber(date)) && !isPublicHoliday(date);
}

/**
 * The date `n` working days after `date`: the n-th working day following it. The starting day
 * never counts as one of the n. With n = 0 it is `date` itself when that is a working day,
 * otherwise the next working day.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Number of working days must be a whole number ≥ 0: ${n}`);
  }
  let day = toDayNumber(date);
  if (n === 0) {
    while (!isWorkingDay(fromDayNumber(day))) day += 1;
    return fromDayNumber(day);
  }
  let remaining = n;
  while (remaining > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day))) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * How many working days lie after `from` up to and including `to`; 0 when `to` is not after
 * `from`. So `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n ≥ 1.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isWorkingDay(fromDayNumber(day))) count += 1;
  }
  return count;
}

const OSLO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Norway (Europe/Oslo, CET/CEST) at the instant `now`. */
export function todayInOslo(now: Date = new Date()): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('Not a date: Invalid Date');
  const parts = OSLO_DATE.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return isoDate(part('year'), part('month'), part('day'));
}
