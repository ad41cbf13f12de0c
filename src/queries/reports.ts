import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { badInput } from '../domain/errors';
import { JournalPostType, JournalStatus } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { type JournalPostRow, visibleJournalPosts } from './journalPosts';

/**
 * The follow-up reports: restanseliste (backlog) and forfallsliste (due list). Both are lists of
 * journal posts over `visibleJournalPosts`, so they hold only posts the viewer may see, at the
 * viewer's level, and every filter works on effective values (a REDACTED post has no responsible
 * person, so it never matches a filter by one).
 *
 * Each report returns at most REPORT_LIMIT posts, in its order (the oldest first); narrow it by
 * unit, handler or dates to see the rest. `truncated` tells that there were more.
 */
export const REPORT_LIMIT = 500;

/** "So the last three weeks are left out": the default of `olderThanDays`. */
export const DEFAULT_BACKLOG_AGE_DAYS = 21;
export const MAX_BACKLOG_AGE_DAYS = 3650;

/** The types that must be written off (avskrives): I and N. */
const FOLLOW_UP_TYPES = [JournalPostType.INCOMING, JournalPostType.INTERNAL_FOLLOW_UP];

export interface ReportResult {
  rows: JournalPostRow[];
  /** More posts matched than REPORT_LIMIT */
  truncated: boolean;
}

async function report(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  filters: SqlFragment[],
  order: string,
): Promise<ReportResult> {
  const base = visibleJournalPosts(ability, today);
  if (!base) return { rows: [], truncated: false };
  const rows = await query<JournalPostRow>(
    em,
    sql`select * from (${base}) t where ${joinSql(filters, ' and ')}
      order by ${raw(order)} limit ${REPORT_LIMIT + 1}`,
  );
  return { rows: rows.slice(0, REPORT_LIMIT), truncated: rows.length > REPORT_LIMIT };
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
): Promise<ReportResult> {
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
  return report(
    em,
    ability,
    today,
    filters,
    't.journal_date asc, t.journal_year asc, t.journal_sequence_number asc, t.id asc',
  );
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
): Promise<ReportResult> {
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
  return report(
    em,
    ability,
    today,
    filters,
    't.due_date asc, t.journal_date asc, t.journal_year asc, t.journal_sequence_number asc, t.id asc',
  );
}
