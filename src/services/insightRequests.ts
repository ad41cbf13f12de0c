import { type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../auth/loadViewer';
import { type OrganisationRef } from '../auth/viewer';
import { beginInOrganisation, inOrganisation } from '../db/organisationScope';
import { recordAudit } from '../domain/audit';
import { documentById, type DocumentMeta } from '../domain/documents';
import { badInput, forbidden, notFound } from '../domain/errors';
import { assertExpectedVersion } from '../domain/versions';
import { query, sql } from '../db/sqlTemplate';
import * as insight from '../domain/insightRequests';
import { type InsightOutcome, type InsightRequest } from '../entities';
import { defineAbilityFor } from '../policies/ability';
import { ELIGIBILITY_REFUSALS, mayBeAssignee } from '../policies/eligibility';
import {
  refuseDecision,
  refuseProcess,
  refuseReassign,
  refuseRelease,
} from '../policies/insightRequests';
import { type Tagged } from '../policies/subjects';
import {
  candidateFacts,
  insightItemFacts,
  insightRequestFacts,
  journalPostFacts,
} from '../queries/facts';
import { publicStatusByHash } from '../queries/insightRequests';
import { listOrganisations } from '../queries/organisations';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction, refused } from './funnel';
import {
  queueAppealNotices,
  queueDecisionNotice,
  queueReassignNotice,
  queueSubmissionNotices,
} from './insightNotices';

/**
 * Insight requests (innsynskrav; docs/insight-requests.md): every change of a request, from
 * GraphQL and from the HTML form alike. Each function authorizes with the policies
 * (policies/insightRequests.ts), then runs the domain rule and its audit event in one transaction.
 */

/**
 * Spends `count` submissions of the submitter's budget (RATE_LIMIT_INSIGHT_*) at once, before
 * anything is written: the adapter refuses the whole operation when they do not fit. Every
 * submission is paid for this way, by its adapter (GraphQL: per operation, the form: per post).
 */
export async function reserveSubmissions(
  ctx: ServiceContext,
  count: number,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  if (!ctx.insight.submissions || count <= 0) return { allowed: true };
  return ctx.insight.submissions.consume(
    ctx.viewer.kind === 'user'
      ? { kind: 'user', userId: ctx.viewer.userId }
      : { kind: 'anonymous', address: ctx.clientAddress },
    count,
  );
}

/** One request of a submission, with the organisation it went to and its reference (once). */
export interface InsightReceipt {
  organisation: OrganisationRef;
  request: InsightRequest;
  reference: string;
}

/**
 * Innsynskrav from anyone, signed in or not: one request for each organisation whose public journal
 * has some of the entries (`organisations`, default every one of the installation, the request's
 * own first), all in one transaction. Returns the receipts, the request's own organisation first.
 */
export async function submitInsightRequest(
  ctx: ServiceContext,
  input: insight.SubmitInput,
  organisations?: readonly OrganisationRef[],
): Promise<InsightReceipt[]> {
  if (!ctx.ability.can('create', 'InsightRequest')) {
    throw forbidden('You may not submit insight requests');
  }
  const among = organisations ?? ownFirst(ctx, await listOrganisations(ctx.em));
  const byId = new Map(among.map((o) => [o.id, o]));
  const submitted = await inTransaction(ctx, (em) =>
    insight.submitInsightRequest(
      em,
      {
        actorId: ctx.viewer.kind === 'user' ? ctx.viewer.userId : null,
        requestId: ctx.requestId,
        today: ctx.today,
        publicJournal: ctx.publicJournal,
        organisations: among.map((o) => o.id),
        notify: (tx, submitted) =>
          queueSubmissionNotices(
            tx,
            ctx.insight,
            byId.get(submitted.organisationId)!,
            submitted,
            ctx.today,
          ),
      },
      input,
    ),
  );
  return submitted.map((s) => ({
    organisation: byId.get(s.organisationId)!,
    request: s.request,
    reference: s.reference,
  }));
}

/** The organisations, the request's own first (its receipt comes first). */
function ownFirst(ctx: ServiceContext, all: readonly OrganisationRef[]): OrganisationRef[] {
  const own = ctx.organisation?.id;
  return [...all.filter((o) => o.id === own), ...all.filter((o) => o.id !== own)].map((o) => ({
    id: o.id,
    shortName: o.shortName,
    name: o.name,
  }));
}

/**
 * Runs `work` in `organisation`: in the request's transaction (a savepoint) when it is the
 * request's own, else in a transaction of its own set to it. The requester's reference is looked
 * up in the organisation the receipt named, which may not be the one the request acts in.
 */
function inOrganisationOf<T>(
  ctx: ServiceContext,
  organisation: OrganisationRef,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  if (organisation.id === ctx.organisation?.id) return inTransaction(ctx, work);
  return inOrganisation(ctx.em, organisation.id, work);
}

/** The request's policy fields, read on the transaction; NOT_FOUND unless the viewer sees it. */
async function visibleRequest(
  ctx: ServiceContext,
  em: EntityManager,
  id: string | null,
): Promise<Tagged<'InsightRequest'>> {
  const facts = id ? (await insightRequestFacts(em, [id])).get(id) : undefined;
  if (!facts || !ctx.ability.can('read', facts)) throw notFound('The insight request');
  return facts;
}

/**
 * Refuses a change made on a copy of the request older than the one now saved (`expectedVersion`
 * given by the client), after the policies and before the rule: read on the transaction.
 */
async function ensureVersion(
  em: EntityManager,
  id: string,
  expectedVersion: number | null | undefined,
): Promise<void> {
  if (expectedVersion === null || expectedVersion === undefined) return;
  const { request } = await insight.loadRequest(em, id);
  assertExpectedVersion(request, expectedVersion, 'The insight request');
}

async function processRequest(
  ctx: ServiceContext,
  id: string | null,
  expectedVersion: number | null | undefined,
  change: typeof insight.startInsightRequest,
): Promise<string> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    enforce(refuseProcess(ctx.ability, await visibleRequest(ctx, em, id)));
    await ensureVersion(em, id!, expectedVersion);
    await change(em, actor, id!);
  });
  return id!;
}

/** Behandling påbegynt: RECEIVED → IN_PROGRESS, by whoever the request is routed to. */
export function startInsightRequest(
  ctx: ServiceContext,
  id: string | null,
  expectedVersion?: number | null,
): Promise<string> {
  return processRequest(ctx, id, expectedVersion, insight.startInsightRequest);
}

/** Avslutt: DECIDED → CLOSED, by whoever the request is routed to. */
export function closeInsightRequest(
  ctx: ServiceContext,
  id: string | null,
  expectedVersion?: number | null,
): Promise<string> {
  return processRequest(ctx, id, expectedVersion, insight.closeInsightRequest);
}

/**
 * Decides some or all items. Each item: by a holder of `decide` who reads its post in full now,
 * and never FULL while a duty of confidentiality screens the post. One refusal, nothing saved.
 */
export async function decideInsightRequest(
  ctx: ServiceContext,
  id: string | null,
  decisions: insight.DecisionInput[],
  expectedVersion?: number | null,
): Promise<string> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    await visibleRequest(ctx, em, id);
    const items = await insightItemFacts(em, id!);
    const posts = await journalPostFacts(em, [...items.keys()]);
    for (const [i, d] of decisions.entries()) {
      const item = d.journalPostId ? items.get(d.journalPostId) : undefined;
      if (!item) {
        throw badInput(
          ['decisions', i, 'journalPostId'],
          'UNKNOWN_REFERENCE',
          `decisions[${i}].journalPostId is not a journal post of this request`,
        );
      }
      const post = posts.get(d.journalPostId!);
      const postFull = post !== undefined && ctx.ability.can('readFull', post);
      const refusal =
        refuseDecision(ctx.ability, item, postFull) ?? refuseRelease(d.outcome, item, ctx.today);
      if (refusal) throw refused(refusal, `decisions[${i}]: `);
    }
    await ensureVersion(em, id!, expectedVersion);
    await insight.decideInsightRequest(em, actor, id!, decisions);
    await queueDecisionNotice(em, ctx.insight, ctx.organisation!, id!, ctx.today);
  });
  return id!;
}

/**
 * Hands an item to another assignee: by a holder of `reassign` (FULL on the post or not, so one
 * who sees it REDACTED can pass it on); the new assignee must be eligible (eligibility.ts) and
 * read the post in full.
 */
export async function reassignInsightRequestItem(
  ctx: ServiceContext,
  id: string | null,
  journalPostId: string | null,
  assigneeId: string | null,
  expectedVersion?: number | null,
): Promise<string> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    await visibleRequest(ctx, em, id);
    const item = journalPostId ? (await insightItemFacts(em, id!)).get(journalPostId) : undefined;
    if (!item) {
      throw badInput(
        'journalPostId',
        'UNKNOWN_REFERENCE',
        'journalPostId is not a journal post of this request',
      );
    }
    enforce(refuseReassign(ctx.ability, item));
    const post = (await journalPostFacts(em, [journalPostId!])).get(journalPostId!)!;
    if (!(await mayBeNamedAssignee(em, assigneeId, post))) {
      throw badInput('assigneeId', 'NOT_ALLOWED', `assigneeId ${ELIGIBILITY_REFUSALS.assignee}`);
    }
    await ensureVersion(em, id!, expectedVersion);
    const request = await insight.reassignInsightItem(em, actor, id!, journalPostId, assigneeId!);
    if (item.assigneeId !== assigneeId) {
      await queueReassignNotice(
        em,
        ctx.organisation!,
        request,
        journalPostId!,
        assigneeId!,
        ctx.today,
      );
    }
  });
  return id!;
}

/** eligibility.ts `mayBeAssignee` for the post's units, and the user's own ability reads it FULL. */
async function mayBeNamedAssignee(
  em: EntityManager,
  userId: string | null,
  post: Tagged<'JournalPost'>,
): Promise<boolean> {
  const candidate = await candidateFacts(em, userId);
  const units = [post.postUnitId as string, post.caseResponsibleUnitId as string];
  if (!candidate || !mayBeAssignee(candidate, units)) return false;
  const viewer = await loadViewer(em, { userId: candidate.userId });
  return viewer !== null && defineAbilityFor(viewer).can('readFull', post);
}

/**
 * What the requester sees of their request by reference, in the organisation it went to (the one
 * the receipt names); null for anything else.
 */
export function publicInsightStatus(
  ctx: ServiceContext,
  organisation: OrganisationRef,
  reference: string,
): Promise<insight.PublicStatus | null> {
  return inOrganisationOf(ctx, organisation, (em) => statusByReference(ctx, em, reference));
}

async function statusByReference(
  ctx: ServiceContext,
  em: EntityManager,
  reference: string,
): Promise<insight.PublicStatus | null> {
  const normal = insight.normaliseReference(reference);
  if (!normal) return null;
  const rows = await publicStatusByHash(em, insight.referenceHash(normal), ctx.today);
  return rows ? insight.toPublicStatus(normal, rows, ctx.insight, ctx.today) : null;
}

/**
 * Klage by the requester, by reference, in the organisation the request went to: the status as
 * it is after the appeal.
 */
export async function appealInsightDecision(
  ctx: ServiceContext,
  organisation: OrganisationRef,
  reference: string,
  reason: string,
): Promise<insight.PublicStatus> {
  await inOrganisationOf(ctx, organisation, async (em) => {
    const request = await insight.appealInsightDecision(
      em,
      {
        actorId: ctx.viewer.kind === 'user' ? ctx.viewer.userId : null,
        requestId: ctx.requestId,
        today: ctx.today,
        appealDays: ctx.insight.settings.appealDays,
      },
      reference,
      reason,
    );
    await queueAppealNotices(em, ctx.insight, organisation, request, ctx.today);
  });
  const status = await publicInsightStatus(ctx, organisation, reference);
  if (!status) throw notFound('An insight request with this reference');
  return status;
}

/**
 * The file a signed download link releases, or null when the link names no released file (the
 * item's decision changed, or the file is not the one released). Read in the link's organisation
 * (a link without one, issued before there were several, in the only one there is). The fetch is
 * written to the audit trail, and committed, before the file is sent; the requester is anonymous.
 * Then `em`'s transaction is begun in that organisation for reading the file's content: end it
 * with `endRequest` (requestScope.ts).
 */
export async function releasedFileByLink(
  em: EntityManager,
  requestId: string,
  claims: insight.LinkClaims,
): Promise<DocumentMeta | null> {
  const organisationId = claims.o ?? (await onlyOrganisation(em));
  if (!organisationId) return null;
  const doc = await inOrganisation(em, organisationId, (tx) =>
    auditedLinkFile(tx, requestId, claims),
  );
  if (doc) await beginInOrganisation(em, organisationId);
  return doc;
}

async function onlyOrganisation(em: EntityManager): Promise<string | null> {
  const all = await listOrganisations(em);
  return all.length === 1 ? all[0]!.id : null;
}

async function auditedLinkFile(
  em: EntityManager,
  requestId: string,
  claims: insight.LinkClaims,
): Promise<DocumentMeta | null> {
  const [item] = await query<{
    outcome: InsightOutcome | null;
    released_document_id: string | null;
  }>(
    em,
    sql`select i.outcome, i.released_document_id from insight_request_item i
      where i.id = ${claims.i} and i.request_id = ${claims.r}`,
  );
  const doc = item?.released_document_id === claims.d ? await documentById(em, claims.d) : null;
  // A disposed file (kassert) has no bytes left to serve: the link is no longer valid.
  if (!item || !doc || doc.disposed || !insight.releasable(item.outcome, doc.variant)) return null;
  await em.transactional(async (tx) => {
    recordAudit(tx, {
      actorId: null,
      requestId,
      action: 'insightRequest.download',
      targetType: 'InsightRequest',
      targetId: claims.r,
      changes: null,
      reason: `Released ${doc.variant} file ${doc.sha256.slice(0, 12)}… fetched by link`,
    });
  });
  return doc;
}
