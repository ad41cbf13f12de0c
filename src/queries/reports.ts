import { type EntityManager } from '@mikro-orm/postgresql';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { badInput } from '../domain/errors';
import { DEFAULT_BACKLOG_AGE_DAYS, MAX_BACKLOG_AGE_DAYS } from '../domain/followUp';
import { JournalPostType, JournalStatus } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { type JournalPostRow, visibleJournalPosts } from './journalPosts';
import { emptyList, listPage, type ListResult } from './list';
import { OLDEST_JOURNAL_FIRST, type PageRequest, type SortKey } from './pagination';

/**
 * The follow-up reports: restanseliste (backlog) and forfallsliste (due list). Both are lists of
 * journal posts over `visibleJournalPosts`, so they hold only posts the viewer may see, at the
 * viewer's level, and every filter works on effective values (a REDACTED post has no responsible
 * person, so it never matches a filter by one).
 *
 * Both are keyset-paged connections in their fixed order (the oldest first); the page, its
 * cursor and its count read the same visible relation, so none of them tells of a hidden post.
 */

/** The types that must be written off (avskrives): I and N. */
const FOLLOW_UP_TYPES = [JournalPostType.INCOMING, JournalPostType.INTERNAL_FOLLOW_UP];

/** The due list's keys: the due date (never NULL in the list) first, then the journal order. */
const DUE_ORDER: SortKey[] = [
  { expr: 't.due_date', column: 'due_date', desc: false, kind: 'date' },
  ...OLDEST_JOURNAL_FIRST,
];

function report(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  filters: SqlFragment[],
  keys: SortKey[],
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  const base = visibleJournalPosts(ability, today);
  if (!base) return Promise.resolve(emptyList());
  // No index serves either order over the visible relation: the page waits for a slot.
  return listPage<JournalPostRow>(em, base, filters, keys, page, { expensive: true });
}

const notCancelled = sql`t.status <> ${JournalStatus.CANCELLED}`;
const notWrittenOff = raw('t.write_off_method is null');

export interface BacklogArgs {
  unitId?: string | null;
  responsibleId?: string | null;
  olderThanDays?: number | null;
}

/**
 * Restanseliste: incoming letters (I) and internal notes with follow-up (N) that are not written
 * off and not cancelled, registered at least `olderThanDays` days before today (default 21, so the
 * last three weeks are left out; 0 = all), oldest journal date first.
 */
export function backlog(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: BacklogArgs,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  const days = args.olderThanDays ?? DEFAULT_BACKLOG_AGE_DAYS;
  if (!Number.isInteger(days) || days < 0 || days > MAX_BACKLOG_AGE_DAYS) {
    throw badInput(
      ['filter', 'olderThanDays'],
      'OUT_OF_RANGE',
      `olderThanDays must be a whole number of days from 0 to ${MAX_BACKLOG_AGE_DAYS}`,
      { min: 0, max: MAX_BACKLOG_AGE_DAYS },
    );
  }
  const filters = [
    sql`t.type in (${FOLLOW_UP_TYPES})`,
    notWrittenOff,
    notCancelled,
    // Effective values: REDACTED rows carry NULL for the responsible person.
    ...(args.unitId ? [sql`t.responsible_unit_id = ${args.unitId}`] : []),
    ...(args.responsibleId ? [sql`t.responsible_id = ${args.responsibleId}`] : []),
    ...(days > 0 ? [sql`t.journal_date <= ${today}::date - ${days}::int`] : []),
  ];
  return report(em, ability, today, filters, OLDEST_JOURNAL_FIRST, page);
}

export interface DueListArgs {
  from?: string | null;
  to?: string | null;
  unitId?: string | null;
  includeWrittenOff?: boolean | null;
}

/**
 * Forfallsliste: posts whose due date (forfallsdato) falls in [from, to] (either end may be left
 * open), or, when neither is given, whose due date has passed (before today). Written-off posts
 * are left out unless `includeWrittenOff`; cancelled posts always. Earliest due date first.
 */
export function dueList(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: DueListArgs,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  if (args.from && args.to && args.from > args.to) {
    throw badInput(
      ['filter', 'dueDate', 'to'],
      'OUT_OF_RANGE',
      'to must be the same day as from or later',
      {
        min: args.from,
      },
    );
  }
  const range =
    args.from || args.to
      ? [
          ...(args.from ? [sql`t.due_date >= ${args.from}::date`] : []),
          ...(args.to ? [sql`t.due_date <= ${args.to}::date`] : []),
        ]
      : [sql`t.due_date < ${today}::date`];
  const filters = [
    raw('t.due_date is not null'),
    ...range,
    notCancelled,
    ...(args.includeWrittenOff ? [] : [notWrittenOff]),
    ...(args.unitId ? [sql`t.responsible_unit_id = ${args.unitId}`] : []),
  ];
  return report(em, ability, today, filters, DUE_ORDER, page);
}
