import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { InsightRequestStatus, Role } from '../entities';
import { publicTitle } from '../policies/redaction';

/**
 * Who is told of an insight request, and what a notice may name (docs/notices.md, "Notices of
 * insight requests"). Recipients are active users of the request's organisation with an address:
 *
 * | who                    | the users                                                                      |
 * |------------------------|--------------------------------------------------------------------------------|
 * | handlers               | INSIGHT_HANDLERs of the unit of one of the items named, or of the whole organisation |
 * | assignees, else handlers | the assignees (holding a role now) of the items named; where none has an address, the handlers |
 *
 * Both see the request (policies/insightRequests.ts): nobody is told of a request they could not
 * open. Documents are named by registry id and their public title today, as the public journal
 * names them.
 */

const OPEN = [InsightRequestStatus.RECEIVED, InsightRequestStatus.IN_PROGRESS];

const grantValid = (g: string) =>
  raw(`${g}.valid_from <= now() and (${g}.valid_to is null or ${g}.valid_to > now())`);

const reachable = (u: string) =>
  raw(`${u}.active and ${u}.email is not null and ${u}.organisation_id = current_organisation()`);

/**
 * The recipients of the requests of `items` (a select of request_id, assignee_id, unit_id): one
 * row per request and user.
 */
function recipients(items: SqlFragment, assigneesFirst: boolean): SqlFragment {
  const handlers = sql`select distinct it.request_id, u.id::text as user_id, u.email from it
      join role_grant g on g.role = ${Role.INSIGHT_HANDLER} and ${grantValid('g')}
        and (g.unit_id is null or g.unit_id = it.unit_id)
      join app_user u on u.id = g.user_id and ${reachable('u')}`;
  if (!assigneesFirst) return sql`with it as (${items}) ${handlers}`;
  return sql`with it as (${items}),
    assignee as (select distinct it.request_id, u.id::text as user_id, u.email from it
      join app_user u on u.id = it.assignee_id and ${reachable('u')}
      where exists (select 1 from role_grant g where g.user_id = u.id and ${grantValid('g')}))
    select * from assignee
    union all
    select * from (${handlers}) h
      where not exists (select 1 from assignee a where a.request_id = h.request_id)`;
}

export interface Recipient {
  userId: string;
  email: string;
}

/**
 * Whom to tell of a request: its insight handlers (`arrived`), or the assignees of its items
 * under appeal, else their handlers (`appealed`).
 */
export async function requestRecipients(
  em: EntityManager,
  requestId: string,
  about: 'arrived' | 'appealed',
): Promise<Recipient[]> {
  const items = sql`select i.request_id, i.assignee_id, i.unit_id from insight_request_item i
    where i.request_id = ${requestId} ${about === 'appealed' ? raw('and i.appeal_pending') : raw('')}`;
  const rows = await query<{ user_id: string; email: string }>(
    em,
    sql`select x.user_id, x.email from (${recipients(items, about === 'appealed')}) x
      order by x.email`,
  );
  return rows.map((r) => ({ userId: r.user_id, email: r.email }));
}

/** The documents of a request as the public journal names them, in the request's order. */
export async function noticeDocuments(
  em: EntityManager,
  requestIds: readonly string[],
  today: string,
  which: 'all' | 'appealed' | 'open' | { journalPostId: string },
): Promise<Map<string, { registryId: string; title: string }[]>> {
  const byRequest = new Map<string, { registryId: string; title: string }[]>();
  if (!requestIds.length) return byRequest;
  const only =
    typeof which === 'object'
      ? sql`and i.journal_post_id = ${which.journalPostId}`
      : {
          all: raw(''),
          appealed: raw('and i.appeal_pending'),
          open: raw('and (i.outcome is null or i.appeal_pending)'),
        }[which];
  const rows = await query<{ request_id: string; registry_id: string; title: string }>(
    em,
    sql`select i.request_id::text as request_id, c.case_number || '-' || jp.document_number as registry_id,
        ${publicTitle('jp', today)} as title
      from insight_request_item i
      join journal_post jp on jp.id = i.journal_post_id
      join case_file c on c.id = jp.case_id
      where i.request_id in (${[...requestIds]}) ${only}
      order by i.request_id, i.position`,
  );
  for (const r of rows) {
    const list = byRequest.get(r.request_id) ?? [];
    list.push({ registryId: r.registry_id, title: r.title });
    byRequest.set(r.request_id, list);
  }
  return byRequest;
}

export interface ReminderRow {
  kind: 'dueSoon' | 'overdue';
  request_id: string;
  received_on: string;
  due_date: string;
  answer_deadline: string;
  email: string;
  dedupe_key: string;
}

/**
 * The reminders not yet queued, one row per request and recipient: requests not answered
 * (RECEIVED, IN_PROGRESS) due on a day after `today` up to `nextWorkingDay` (one working day
 * before they are overdue), or past their due date and not yet deemed refused (overdue: once).
 * Told: the assignees of the undecided items, else their handlers. From the index on the due
 * date; a reminder queued once is not looked at again (the outbox's key).
 */
export function dueReminders(
  em: EntityManager,
  today: string,
  nextWorkingDay: string,
): Promise<ReminderRow[]> {
  const due = sql`select r.id, r.received_on::text as received_on, r.due_date::text as due_date,
      r.answer_deadline::text as answer_deadline,
      case when r.due_date < ${today}::date then 'overdue' else 'dueSoon' end as kind
    from insight_request r
    where r.organisation_id = current_organisation() and r.status in (${OPEN})
      and ((r.due_date > ${today}::date and r.due_date <= ${nextWorkingDay}::date)
        or (r.due_date < ${today}::date and r.answer_deadline >= ${today}::date))`;
  const items = sql`select i.request_id, i.assignee_id, i.unit_id from insight_request_item i
    where i.request_id in (select d.id from d) and i.outcome is null`;
  return query<ReminderRow>(
    em,
    sql`with d as (${due}),
      k as (select d.*, x.email,
          'insightRequest.' || d.kind || ':' || d.id || ':' || d.due_date || ':' || x.user_id as dedupe_key
        from d join (${recipients(items, true)}) x on x.request_id = d.id)
      select k.kind, k.id::text as request_id, k.received_on, k.due_date, k.answer_deadline, k.email,
          k.dedupe_key
        from k
        where not exists (select 1 from mail_message m
          where m.organisation_id = current_organisation() and m.dedupe_key = k.dedupe_key)
        order by k.due_date, k.id, k.email`,
  );
}

/** The name and short name of the transaction's organisation. */
export async function currentOrganisation(
  em: EntityManager,
): Promise<{ name: string; shortName: string } | null> {
  const [row] = await query<{ name: string; shortName: string }>(
    em,
    sql`select o.name, o.short_name as "shortName" from organisation o
      where o.id = current_organisation()`,
  );
  return row ?? null;
}
