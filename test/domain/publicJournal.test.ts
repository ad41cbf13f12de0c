import { describe, expect, it } from 'vitest';
import {
  personalNameSearchCutoff,
  publicationCutoff,
  publicationDate,
} from '../../src/domain/publicJournal';

describe('A post is published its journal date plus N working days', () => {
  it.each([
    ['2026-03-12', 3, '2026-03-17'], // Thursday, over a weekend
    ['2026-04-01', 3, '2026-04-09'], // Wednesday before Easter 2026
    ['2026-05-13', 3, '2026-05-19'], // over Ascension Day (14 May) and a weekend
    ['2026-12-23', 3, '2026-12-29'], // over Christmas: 24 December is a working day, 25–26 are not
    ['2026-03-12', 0, '2026-03-12'],
  ])('%s + %i working days = %s', (journalDate, n, expected) => {
    expect(publicationDate(journalDate, n)).toBe(expected);
  });
});

describe('The publication cutoff is the latest journal date published by today', () => {
  it.each([
    ['2026-03-16', '2026-03-11'], // Monday: Wednesday's posts are out, Thursday's not yet
    ['2026-03-17', '2026-03-12'],
    ['2026-04-08', '2026-03-31'],
    ['2026-04-09', '2026-04-06'], // posts of the Easter holidays publish with those of 1 April
    ['2026-03-14', '2026-03-10'], // Saturday: Tuesday's posts were published on Friday
  ])('on %s: %s', (today, cutoff) => {
    expect(publicationCutoff(today, 3)).toBe(cutoff);
    expect(publicationDate(cutoff, 3) <= today).toBe(true);
  });

  it('agrees with publicationDate for every day of 2024–2032', () => {
    for (let t = Date.UTC(2024, 0, 10); t < Date.UTC(2032, 11, 31); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      const cutoff = publicationCutoff(today, 3);
      expect(publicationDate(cutoff, 3) <= today).toBe(true);
      const next = new Date(Date.parse(`${cutoff}T00:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(publicationDate(next, 3) > today).toBe(true);
    }
  });
});

describe('Personal names stop matching one year after publication', () => {
  it('names stay searchable for posts whose publication is less than a year ago', () => {
    expect(personalNameSearchCutoff('2026-06-15', 3)).toBe(publicationCutoff('2025-06-15', 3));
    expect(personalNameSearchCutoff('2028-02-29', 3)).toBe(publicationCutoff('2027-02-28', 3));
  });
});
