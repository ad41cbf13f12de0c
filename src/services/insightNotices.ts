import { type EntityManager } from '@mikro-orm/postgresql';
import { type OrganisationRef } from '../auth/viewer';
import * as insight from '../domain/insightRequests';
import * as texts from '../domain/notices/insightRequests';
import { queueMail, queueMailOnce, queueMailToUsers } from '../domain/notices/outbox';
import { addWorkingDays } from '../domain/workingDays';
import { InsightRequest } from '../entities';
import {
  currentOrganisation,
  dueReminders,
  noticeDocuments,
  requestRecipients,
} from '../queries/insightNotices';
import { publicStatusById } from '../queries/insightRequests';

/**
 * The mails of insight requests (docs/notices.md, "Notices of insight requests"), queued on the
 * transaction of the change they tell of (domain/notices/outbox.ts): a refused or rolled-back
 * change queues none. Texts in domain/notices/insightRequests.ts.
 */

/** The status page of the organisation's journal: asks for the reference (never in a URL). */
const statusUrl = (runtime: insight.InsightRuntime, organisation: { shortName: string }) =>
  `${runtime.publicBaseUrl}/journal/${encodeURIComponent(organisation.shortName)}/innsyn/status`;

/**
 * A request was submitted: the receipt to the requester (with the reference, which is theirs),
 * and a notice to the insight handlers of its units. Flushed here: a submission to several
 * organisations queues each one's mails while its transaction is set to that organisation.
 */
export async function queueSubmissionNotices(
  em: EntityManager,
  runtime: insight.InsightRuntime,
  organisation: OrganisationRef,
  submitted: insight.SubmittedRequest,
  today: string,
): Promise<void> {
  const { request, reference } = submitted;
  const documents = (await noticeDocuments(em, [request.id], today, 'all')).get(request.id) ?? [];
  const dates = {
    organisationName: organisation.name,
    receivedOn: request.receivedOn,
    dueDate: request.dueDate,
    answerDeadline: request.answerDeadline,
    documents,
  };
  queueMail(em, {
    kind: 'insightRequest.received',
    recipient: request.requesterEmail,
    requestId: request.id,
    ...texts.insightReceivedMail({
      ...dates,
      reference,
      statusUrl: statusUrl(runtime, organisation),
    }),
  });
  const arrived = texts.insightArrivedMail({ ...dates, hasMessage: !!request.message });
  for (const r of await requestRecipients(em, request.id, 'arrived')) {
    queueMail(em, {
      kind: 'insightRequest.arrived',
      recipient: r.email,
      requestId: request.id,
      ...arrived,
    });
  }
  await em.flush();
}

/**
 * A decision (of some or all items): the requester is told every item's outcome so far, with the
 * links the status page gives now (the file each decision released), and how to appeal.
 * Read after the decision is flushed, in its transaction.
 */
export async function queueDecisionNotice(
  em: EntityManager,
  runtime: insight.InsightRuntime,
  organisation: OrganisationRef,
  requestId: string,
  today: string,
): Promise<void> {
  await em.flush();
  const rows = await publicStatusById(em, requestId, today);
  if (!rows) return;
  const request = await em.findOneOrFail(InsightRequest, { id: requestId });
  // The reference is not kept (only its hash), and the mail does not need it: the links are signed.
  const status = insight.toPublicStatus('', rows, runtime, today);
  const expiries = status.items.flatMap((i) => (i.downloadExpiresAt ? [i.downloadExpiresAt] : []));
  queueMail(em, {
    kind: 'insightRequest.decided',
    recipient: request.requesterEmail,
    requestId,
    ...texts.insightDecidedMail({
      organisationName: organisation.name,
      documents: status.items.map((i) => ({
        registryId: i.registryId,
        title: i.title,
        outcome: i.outcome,
        legalBasis: i.legalBasis,
        downloadUrl: i.downloadUrl ? `${runtime.publicBaseUrl}${i.downloadUrl}` : null,
        appealPending: i.appealPending,
      })),
      linksExpireAt: expiries[0] ?? runtime.now(),
      appealed: rows.request.appealed_at !== null,
      appealDays: runtime.settings.appealDays,
      appealDeadline: status.appealDeadline,
      statusUrl: statusUrl(runtime, organisation),
    }),
  });
}

/**
 * An appeal was received: a receipt to the requester, and a notice to those who decide the
 * appealed items again (their assignees, else the insight handlers of their units).
 */
export async function queueAppealNotices(
  em: EntityManager,
  runtime: insight.InsightRuntime,
  organisation: OrganisationRef,
  request: { id: string; requesterEmail: string },
  today: string,
): Promise<void> {
  await em.flush();
  const documents =
    (await noticeDocuments(em, [request.id], today, 'appealed')).get(request.id) ?? [];
  queueMail(em, {
    kind: 'insightRequest.appealed',
    recipient: request.requesterEmail,
    requestId: request.id,
    ...texts.insightAppealedMail({
      organisationName: organisation.name,
      documents,
      statusUrl: statusUrl(runtime, organisation),
    }),
  });
  const notice = texts.insightAppealArrivedMail({ organisationName: organisation.name, documents });
  for (const r of await requestRecipients(em, request.id, 'appealed')) {
    queueMail(em, {
      kind: 'insightRequest.appealArrived',
      recipient: r.email,
      requestId: request.id,
      ...notice,
    });
  }
  // An appeal to another organisation than the request's runs in a transaction that does not flush.
  await em.flush();
}

/**
 * An item was handed to another assignee: they are told which document and by when (the request's
 * due date while it is unanswered). Only a new assignee is told.
 */
export async function queueReassignNotice(
  em: EntityManager,
  organisation: OrganisationRef,
  request: { id: string; dueDate: string; appealedAt?: Date | null },
  journalPostId: string,
  assigneeId: string,
  today: string,
): Promise<void> {
  const documents =
    (await noticeDocuments(em, [request.id], today, { journalPostId })).get(request.id) ?? [];
  const text = texts.insightReassignedMail({
    organisationName: organisation.name,
    documents,
    dueDate: request.appealedAt ? null : request.dueDate,
  });
  await queueMailToUsers(em, [assigneeId], () => ({
    kind: 'insightRequest.reassigned',
    requestId: request.id,
    ...text,
  }));
}

/**
 * The reminders of the transaction's organisation due on `today`: one working day before a
 * request is overdue (`insightRequest.dueSoon`), and once when it is (`insightRequest.overdue`).
 * Each recipient gets each once, however often this runs. Returns how many were queued.
 */
export async function queueInsightReminders(em: EntityManager, today: string): Promise<number> {
  const rows = await dueReminders(em, today, addWorkingDays(today, 1));
  if (!rows.length) return 0;
  const organisation = await currentOrganisation(em);
  const open = await noticeDocuments(
    em,
    [...new Set(rows.map((r) => r.request_id))],
    today,
    'open',
  );
  let queued = 0;
  for (const r of rows) {
    const facts = {
      organisationName: organisation?.name ?? '',
      receivedOn: r.received_on,
      dueDate: r.due_date,
      answerDeadline: r.answer_deadline,
      open: open.get(r.request_id) ?? [],
    };
    const text =
      r.kind === 'dueSoon' ? texts.insightDueSoonMail(facts) : texts.insightOverdueMail(facts);
    const done = await queueMailOnce(em, {
      kind: `insightRequest.${r.kind}`,
      recipient: r.email,
      dedupeKey: r.dedupe_key,
      ...text,
    });
    if (done) queued += 1;
  }
  return queued;
}
