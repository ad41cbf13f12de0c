import { describe, it, expect } from 'vitest';
import {
  addWorkingDays,
  easterSunday,
  isIsoDate,
  isPublicHoliday,
  isWorkingDay,
  publicHolidays,
  todayInOslo,
  workingDaysBetween,
} from '../../src/domain/workingDays';

/** Weekday of a calendar date, computed independently of the module: 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Every calendar date from `from` to `to`, both included. */
function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const SUNDAY = 0;
const MONDAY = 1;
const WEDNESDAY = 3;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;

describe('Easter Sunday (første påskedag) follows the Gregorian computus', () => {
  // Cross-checked against python-dateutil's easter(); 2026 also worked through by hand.
  const EASTER: [number, string][] = [
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2031, '2031-04-13'],
    [2032, '2032-03-28'],
  ];

  it.each(EASTER)('Easter %i is on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(weekday(date)).toBe(SUNDAY);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (let year = 1900; year <= 2200; year += 1) {
      const easter = easterSunday(year);
      expect(weekday(easter), easter).toBe(SUNDAY);
      expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25', easter).toBe(true);
    }
  });
});

describe('Norway has twelve public holidays a year', () => {
  it('lists every holiday of 2026 with its Norwegian name and date', () => {
    expect(publicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Første nyttårsdag' },
      { date: '2026-04-02', name: 'Skjærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: 'Første påskedag' },
      { date: '2026-04-06', name: 'Andre påskedag' },
      { date: '2026-05-01', name: 'Første mai' },
      { date: '2026-05-14', name: 'Kristi himmelfartsdag' },
      { date: '2026-05-17', name: 'Grunnlovsdag' },
      { date: '2026-05-24', name: 'Første pinsedag' },
      { date: '2026-05-25', name: 'Andre pinsedag' },
      { date: '2026-12-25', name: 'Første juledag' },
      { date: '2026-12-26', name: 'Andre juledag' },
    ]);
  });

  it('has twelve named holidays every year, in date order', () => {
    for (let year = 2024; year <= 2032; year += 1) {
      const holidays = publicHolidays(year);
      expect(holidays, String(year)).toHaveLength(12);
      const dates = holidays.map((h) => h.date);
      expect(dates).toEqual([...dates].sort());
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
    }
  });

  it('puts the Easter-based holidays at fixed distances from Easter Sunday', () => {
    for (let year = 2024; year <= 2032; year += 1) {
      const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
      const offset = (name: string) => {
        const holiday = publicHolidays(year).find((h) => h.name === name);
        return (Date.parse(`${holiday?.date}T00:00:00Z`) - easter) / 86_400_000;
      };
      expect(offset('Skjærtorsdag')).toBe(-3);
      expect(offset('Langfredag')).toBe(-2);
      expect(offset('Første påskedag')).toBe(0);
      expect(offset('Andre påskedag')).toBe(1);
      expect(offset('Kristi himmelfartsdag')).toBe(39);
      expect(offset('Første pinsedag')).toBe(49);
      expect(offset('Andre pinsedag')).toBe(50);
    }
  });

  it('keeps Easter and Whit Sunday on Sundays, Maundy Thursday and Ascension on Thursdays', () => {
    for (let year = 2024; year <= 2032; year += 1) {
      const on = (name: string) => weekday(publicHolidays(year).find((h) => h.name === name)!.date);
      expect(on('Første påskedag')).toBe(SUNDAY);
      expect(on('Første pinsedag')).toBe(SUNDAY);
      expect(on('Skjærtorsdag')).toBe(THURSDAY);
      expect(on('Kristi himmelfartsdag')).toBe(THURSDAY);
      expect(on('Langfredag')).toBe(FRIDAY);
      expect(on('Andre påskedag')).toBe(MONDAY);
      expect(on('Andre pinsedag')).toBe(MONDAY);
    }
  });

  it('lists two holidays on one date when they coincide (Whit Monday on 17 May 2027 and 2032)', () => {
    for (const year of [2027, 2032]) {
      const on17May = publicHolidays(year).filter((h) => h.date === `${year}-05-17`);
      expect(on17May.map((h) => h.name)).toEqual(['Grunnlovsdag', 'Andre pinsedag']);
      expect(new Set(publicHolidays(year).map((h) => h.date)).size).toBe(11);
    }
    for (const year of [2024, 2025, 2026, 2028, 2029, 2030, 2031]) {
      expect(new Set(publicHolidays(year).map((h) => h.date)).size, String(year)).toBe(12);
    }
    // Ascension Day was 1 May in 2008 (Easter on 23 March).
    expect(publicHolidays(2008).filter((h) => h.date === '2008-05-01')).toHaveLength(2);
  });

  it('counts 1 May and 17 May as holidays also when they fall on a weekend', () => {
    expect(weekday('2027-05-01')).toBe(SATURDAY);
    expect(isPublicHoliday('2027-05-01')).toBe(true);
    expect(weekday('2026-05-17')).toBe(SUNDAY);
    expect(isPublicHoliday('2026-05-17')).toBe(true);
  });

  it('knows the fixed holidays and nothing else', () => {
    expect(isPublicHoliday('2026-01-01')).toBe(true);
    expect(isPublicHoliday('2026-05-01')).toBe(true);
    expect(isPublicHoliday('2026-05-17')).toBe(true);
    expect(isPublicHoliday('2026-12-25')).toBe(true);
    expect(isPublicHoliday('2026-12-26')).toBe(true);
    // Christmas Eve, New Year's Eve and Easter Saturday are ordinary days in law.
    expect(isPublicHoliday('2026-12-24')).toBe(false);
    expect(isPublicHoliday('2026-12-31')).toBe(false);
    expect(isPublicHoliday('2026-04-04')).toBe(false);
    expect(isPublicHoliday('2026-05-18')).toBe(false);
  });

  it('refuses a year outside the Gregorian four-digit range', () => {
    expect(() => publicHolidays(1500)).toThrow(RangeError);
    expect(() => publicHolidays(2026.5)).toThrow(RangeError);
    expect(() => publicHolidays(10000)).toThrow(RangeError);
  });
});

describe('a working day (virkedag) is Monday to Friday and not a public holiday', () => {
  it('counts an ordinary weekday', () => {
    expect(isWorkingDay('2026-03-04')).toBe(true);
    expect(isWorkingDay('2026-12-24')).toBe(true);
  });

  it('does not count Saturdays and Sundays', () => {
    expect(isWorkingDay('2026-03-07')).toBe(false);
    expect(isWorkingDay('2026-03-08')).toBe(false);
  });

  it('does not count holidays on weekdays', () => {
    expect(isWorkingDay('2026-04-02')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(isWorkingDay('2026-05-25')).toBe(false);
  });

  it('agrees with weekday and holiday for every day of 2024–2032', () => {
    for (const day of everyDay('2024-01-01', '2032-12-31')) {
      const weekend = weekday(day) === SATURDAY || weekday(day) === SUNDAY;
      expect(isWorkingDay(day), day).toBe(!weekend && !isPublicHoliday(day));
    }
  });
});

describe('adding working days skips weekends and holidays and never counts the starting day', () => {
  it('Friday plus 3 working days is the next Wednesday', () => {
    expect(weekday('2026-03-06')).toBe(FRIDAY);
    expect(addWorkingDays('2026-03-06', 3)).toBe('2026-03-11');
    expect(weekday('2026-03-11')).toBe(WEDNESDAY);
  });

  it('Friday plus 1 is Monday, also from Saturday or Sunday', () => {
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('skips Maundy Thursday, Good Friday and Easter Monday 2026', () => {
    expect(addWorkingDays('2026-04-01', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-01', 3)).toBe('2026-04-09');
    expect(addWorkingDays('2026-04-02', 3)).toBe('2026-04-09');
  });

  it('skips Christmas and New Year', () => {
    // Christmas Eve is a working day; 25 and 26 December are not.
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 3)).toBe('2026-12-30');
    // 31 December (Thursday), 1 January (Friday, holiday), then the weekend.
    expect(addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('gives no day off in lieu when Christmas falls on a weekend', () => {
    expect(weekday('2027-12-25')).toBe(SATURDAY);
    expect(addWorkingDays('2027-12-23', 3)).toBe('2027-12-28');
  });

  it('skips 17 May and Whit Monday', () => {
    expect(addWorkingDays('2028-05-16', 1)).toBe('2028-05-18');
    expect(addWorkingDays('2029-05-16', 2)).toBe('2029-05-22');
    expect(addWorkingDays('2027-05-14', 1)).toBe('2027-05-18');
  });

  it('with 0 days gives the date itself on a working day, else the next working day', () => {
    expect(addWorkingDays('2026-03-04', 0)).toBe('2026-03-04');
    expect(addWorkingDays('2026-03-07', 0)).toBe('2026-03-09');
    expect(addWorkingDays('2026-04-02', 0)).toBe('2026-04-07');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-03-04', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-04', 1.5)).toThrow(RangeError);
  });
});

describe('working days between two dates count the days after the first up to and including the last', () => {
  it('counts across Easter 2026', () => {
    // 30 and 31 March, 1 April, then 7–10 April.
    expect(workingDaysBetween('2026-03-27', '2026-04-10')).toBe(7);
  });

  it('does not count the first date and does count the last', () => {
    expect(workingDaysBetween('2026-03-04', '2026-03-05')).toBe(1);
    expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
    expect(workingDaysBetween('2026-03-06', '2026-03-08')).toBe(0);
  });

  it('is 0 when the last date is not after the first', () => {
    expect(workingDaysBetween('2026-03-04', '2026-03-04')).toBe(0);
    expect(workingDaysBetween('2026-03-10', '2026-03-04')).toBe(0);
  });
});

describe('adding n working days and counting them back agree on every day of 2024–2032', () => {
  const days = everyDay('2024-01-01', '2032-12-31');

  it('covers 3288 days', () => {
    expect(days).toHaveLength(3288);
  });

  it.each([1, 2, 3, 5, 10])('n = %i lands on a working day exactly n working days later', (n) => {
    for (const day of days) {
      const result = addWorkingDays(day, n);
      expect(isWorkingDay(result), `${day} + ${n}`).toBe(true);
      expect(workingDaysBetween(day, result), `${day} + ${n}`).toBe(n);
    }
  });

  it('n = 0 lands on the first working day on or after the date', () => {
    for (const day of days) {
      const result = addWorkingDays(day, 0);
      expect(isWorkingDay(result), day).toBe(true);
      if (isWorkingDay(day)) expect(result).toBe(day);
      else expect(workingDaysBetween(day, result), day).toBe(1);
    }
  });
});

describe('dates are ISO calendar dates, and anything else is refused', () => {
  it.each(['not a date', '2026-02-30', '2026-13-01', '2026-00-10', '2026-4-1', '26-04-01', ''])(
    '%j is refused with a RangeError',
    (bad) => {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => isWorkingDay(bad)).toThrow(RangeError);
      expect(() => isPublicHoliday(bad)).toThrow(RangeError);
      expect(() => addWorkingDays(bad, 1)).toThrow(RangeError);
      expect(() => workingDaysBetween(bad, '2026-04-01')).toThrow(RangeError);
      expect(() => workingDaysBetween('2026-04-01', bad)).toThrow(RangeError);
    },
  );

  it('accepts 29 February only in leap years', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
  });
});

describe('today is the calendar date in Norway (Europe/Oslo)', () => {
  it('is already tomorrow in Oslo late in the UTC evening, winter and summer', () => {
    expect(todayInOslo(new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-02');
    expect(todayInOslo(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('is the same date when Oslo has not reached midnight yet', () => {
    expect(todayInOslo(new Date('2026-01-01T22:59:59Z'))).toBe('2026-01-01');
    expect(todayInOslo(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
  });

  it('turns the year at Oslo midnight', () => {
    expect(todayInOslo(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('defaults to now and refuses an invalid date', () => {
    expect(isIsoDate(todayInOslo())).toBe(true);
    expect(() => todayInOslo(new Date('nonsense'))).toThrow(RangeError);
  });
});
