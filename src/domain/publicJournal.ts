import { type PublicJournalSettings } from '../config';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { JournalStatus } from '../entities/enums';
import { addWorkingDays } from './workingDays';

/**
 * Publication in the public journal (offentlig journal): a post appears when its publication date
 * has come, that is its journal date plus a number of working days (default 3), giving handlers
 * time to correct screening (domain.md).
 */

function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The day a post with this journal date is published. */
export function publicationDate(journalDate: string, delayWorkdays: number): string {
  return addWorkingDays(journalDate, delayWorkdays);
}

/**
 * The latest journal date whose publication date is on or before `today`. Publication dates grow
 * with journal dates, so "published by today" is simply `journal_date <= cutoff`: one indexable
 * comparison, and a change of the delay setting applies at once.
 */
export function publicationCutoff(today: string, delayWorkdays: number): string {
  let day = today;
  while (publicationDate(day, delayWorkdays) > today) day = minusDays(day, 1);
  return day;
}

/**
 * Personal names stop being searchable one year after publication (Noark 5 krav 5.2.33): a name
 * on a post still matches only while its journal date is after this date.
 */
export function personalNameSearchCutoff(today: string, delayWorkdays: number): string {
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  return publicationCutoff(yearAgo, delayWorkdays);
}

/**
 * The public journal (offentlig journal), the same for everybody, signed in or not.
 *
 * | a journal post is an entry when …                                                  |
 * |------------------------------------------------------------------------------------|
 * | its type is published (setting PUBLIC_JOURNAL_TYPES, default I and U)              |
 * | its status is DISPATCHED, REGISTERED or ARCHIVED                                   |
 * | its publication date (journal date + PUBLIC_JOURNAL_DELAY_WORKDAYS working days)   |
 * | has come, or an archivist published it now                                        |
 * | and no archivist holds it back                                                     |
 *
 * Every field of an entry is its public form: see queries/publicJournal.ts.
 */
export const PUBLISHED_STATUSES = [
  JournalStatus.DISPATCHED,
  JournalStatus.REGISTERED,
  JournalStatus.ARCHIVED,
];

export function publishedPosts(
  jp: string,
  settings: PublicJournalSettings,
  today: string,
): SqlFragment {
  const a = raw(jp);
  if (settings.types.length === 0) return sql`false`;
  // The journal is the organisation's the transaction is set to (docs/access-control.md,
  // "Organisations"): named here as well as by row-level security, so the statement walks that
  // organisation's part of the order index even where row-level security does not apply.
  return sql`(${a}.organisation_id = (select current_organisation())
    and ${a}.type in (${settings.types})
    and ${a}.status in (${PUBLISHED_STATUSES})
    and ${a}.publication_override is distinct from 'HOLD'
    and (${a}.journal_date <= ${publicationCutoff(today, settings.delayWorkdays)}
         or ${a}.publication_override = 'PUBLISH_NOW'))`;
}
