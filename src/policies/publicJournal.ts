import { type PublicJournalSettings } from '../config';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { JournalStatus } from '../entities/enums';
import { publicationCutoff } from '../domain/publicJournal';
import { screeningActive } from './redaction';

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
  return sql`(${a}.type in (${settings.types})
    and ${a}.status in (${PUBLISHED_STATUSES})
    and ${a}.publication_override is distinct from 'HOLD'
    and (${a}.journal_date <= ${publicationCutoff(today, settings.delayWorkdays)}
         or ${a}.publication_override = 'PUBLISH_NOW'))`;
}

/**
 * A correspondent's name is shown as `*****` in the public journal while the post's screening
 * applies and the correspondent is screened, or the code is temporary (XX screens everything).
 * `co` is the correspondent, `jp` the post and `sc` its screening code (left-joined).
 */
export function correspondentHiddenFromPublic(
  co: string,
  jp: string,
  sc: string,
  today: string,
): SqlFragment {
  return sql`(${screeningActive(jp, today)} and (${raw(co)}.screened or coalesce(${raw(sc)}.temporary, false)))`;
}
