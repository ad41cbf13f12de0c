import { type EntityManager } from '@mikro-orm/postgresql';
import {
  Document,
  DocumentVariant,
  InsightOutcome,
  InsightRequest,
  InsightRequestItem,
  InsightRequestStatus,
  ScreeningCode,
  User,
} from '../../entities';
import { recordAudit } from '../audit';
import { conflict, invalidState, notFound } from '../errors';
import { InputErrors } from '../inputErrors';
import { type ActorToday } from '../journalPosts/common';
import { mainHasOwnScreening } from '../documents/descriptions';
import { firstCurrentDocument } from '../documents/store';
import { isDiscretionary } from './legalBasis';
import {
  itemAwaitsDecision,
  mayCloseRequest,
  mayStartRequest,
  requestTakesDecisions,
} from './states';

/**
 * Avgjørelse: an outcome for some or all items of a request.
 *
 * | outcome | needs                                                             | releases           |
 * |---------|-------------------------------------------------------------------|--------------------|
 * | FULL    | an ARCHIVE (or else PRODUCTION) file of the post                   | that file          |
 * | PARTIAL | a legal basis; a PUBLIC file (the redacted copy) of the post       | the PUBLIC file    |
 * | DENIED  | a legal basis                                                      | nothing            |
 *
 * Where the basis is discretionary (legalBasis.ts) the decision must say that additional access
 * (meroffentlighet, offl. § 11) was considered. An item can be decided while it has no outcome, or
 * when it was appealed; a decided item is not changed otherwise. The request becomes DECIDED once
 * every item has an outcome and no appeal is pending; IN_PROGRESS (or still APPEALED) before.
 * Who may decide which item is the policies' question (policies/insightRequests.ts), asked first.
 */
export interface DecisionInput {
  /** The journal post's id (null when the given id was not one) */
  journalPostId: string | null;
  outcome: InsightOutcome;
  legalBasis?: string | null;
  additionalAccessConsidered?: boolean | null;
  note?: string | null;
}

const MAX_BASIS = 500;
const MAX_NOTE = 4000;

const registry = (item: InsightRequestItem) =>
  `${item.journalPost.case.caseNumber}-${item.journalPost.documentNumber}`;

const view = (item: InsightRequestItem) => ({
  outcome: item.outcome ?? null,
  legalBasis: item.legalBasis ?? null,
  additionalAccessConsidered: item.additionalAccessConsidered,
  releasedDocumentId: item.releasedDocument?.id ?? null,
});

/** The request with its items, read inside the caller's transaction. */
export async function loadRequest(
  em: EntityManager,
  id: string,
): Promise<{ request: InsightRequest; items: InsightRequestItem[] }> {
  const request = await em.findOne(InsightRequest, { id }, { refresh: true });
  if (!request) throw notFound('The insight request');
  const items = await em.find(
    InsightRequestItem,
    { request },
    {
      populate: ['journalPost', 'journalPost.case', 'journalPost.screeningCode'],
      orderBy: { position: 'asc' },
      refresh: true,
    },
  );
  return { request, items };
}

interface Checked {
  item: InsightRequestItem;
  d: DecisionInput;
  basis: string | null;
  note: string | null;
}

/** What each decision says, checked all at once: every mistake is named with its path. */
function checkDecisions(
  decisions: DecisionInput[],
  items: InsightRequestItem[],
  codes: ScreeningCode[],
): Checked[] {
  const errors = new InputErrors();
  if (decisions.length === 0) errors.add('decisions', 'REQUIRED', 'Give at least one decision');
  const byPost = new Map(items.map((i) => [i.journalPost.id, i]));
  const seen = new Set<string>();
  const checked: Checked[] = [];
  for (const [i, d] of decisions.entries()) {
    const at = ['decisions', i];
    const item = d.journalPostId ? byPost.get(d.journalPostId) : undefined;
    if (!item) {
      errors.add(
        [...at, 'journalPostId'],
        'UNKNOWN_REFERENCE',
        `decisions[${i}].journalPostId is not a journal post of this request`,
      );
      continue;
    }
    if (seen.has(item.id)) {
      errors.add(
        [...at, 'journalPostId'],
        'DUPLICATE',
        `${registry(item)} is decided twice in this call`,
      );
    }
    seen.add(item.id);
    const basis = d.outcome === InsightOutcome.FULL ? null : d.legalBasis?.trim() || null;
    if (d.outcome !== InsightOutcome.FULL) {
      const postCode = item.journalPost.screeningCode ?? null;
      if (!basis) {
        errors.add(
          [...at, 'legalBasis'],
          'REQUIRED',
          `A legal basis (hjemmel) is required to refuse access, in part or in full (${registry(item)})`,
        );
      } else if (basis.length > MAX_BASIS) {
        errors.add(
          [...at, 'legalBasis'],
          'TOO_LONG',
          `The legal basis must be at most ${MAX_BASIS} characters`,
          { max: MAX_BASIS },
        );
      } else if (isDiscretionary(basis, codes, postCode) && d.additionalAccessConsidered !== true) {
        errors.add(
          [...at, 'additionalAccessConsidered'],
          'REQUIRED',
          `"${basis}" allows access to be refused but does not require it: state that additional access (meroffentlighet, offl. § 11) was considered (additionalAccessConsidered: true) (${registry(item)})`,
        );
      }
    }
    const note = d.note?.trim() || null;
    if (note && note.length > MAX_NOTE) {
      errors.add([...at, 'note'], 'TOO_LONG', `The note must be at most ${MAX_NOTE} characters`, {
        max: MAX_NOTE,
      });
    }
    checked.push({ item, d, basis, note });
  }
  errors.throwIfAny();
  return checked;
}

export async function decideInsightRequest(
  em: EntityManager,
  actor: ActorToday,
  requestId: string,
  decisions: DecisionInput[],
): Promise<InsightRequest> {
  const { request, items } = await loadRequest(em, requestId);
  if (!requestTakesDecisions(request.status)) {
    throw invalidState(request.status, 'The insight request is closed; an appeal reopens it');
  }
  const codes = await em.find(ScreeningCode, {});
  const checked = checkDecisions(decisions, items, codes);

  // Every decision is checked before anything changes.
  const planned: (Checked & { doc: string | null })[] = [];
  for (const c of checked) {
    const { item, d } = c;
    if (item.outcome && !itemAwaitsDecision(item)) {
      throw invalidState(
        item.outcome,
        `${registry(item)} is decided already (${item.outcome}); only an appeal reopens it`,
      );
    }
    let doc: string | null = null;
    if (d.outcome === InsightOutcome.PARTIAL) {
      const pub = await firstCurrentDocument(em, item.journalPost.id, [DocumentVariant.PUBLIC]);
      if (!pub) {
        throw invalidState(
          request.status,
          `Upload the public variant of ${registry(item)} before deciding partial access (PUT /documents/…/PUBLIC)`,
        );
      }
      doc = pub.id;
    }
    if (d.outcome === InsightOutcome.FULL) {
      // The main document's own screening (docs/noark5.md) only adds to the post's: no full release.
      if (await mainHasOwnScreening(em, item.journalPost.id)) {
        throw conflict(
          `The main document of ${registry(item)} has its own screening: it cannot be released in full. Decide PARTIAL (with the uploaded public variant) or DENIED`,
        );
      }
      const full = await firstCurrentDocument(em, item.journalPost.id, [
        DocumentVariant.ARCHIVE,
        DocumentVariant.PRODUCTION,
      ]);
      if (!full) {
        throw invalidState(
          request.status,
          `${registry(item)} has no document to release: upload its archive (or production) variant before deciding full access`,
        );
      }
      doc = full.id;
    }
    planned.push({ ...c, doc });
  }

  const changes: Record<string, { old: unknown; new: unknown }> = {};
  const now = new Date();
  for (const { item, d, basis, doc, note } of planned) {
    const old = view(item);
    item.outcome = d.outcome;
    item.legalBasis = basis;
    item.additionalAccessConsidered = d.additionalAccessConsidered === true;
    item.note = note;
    item.decidedBy = em.getReference(User, actor.userId);
    item.decidedAt = now;
    item.releasedDocument = doc ? em.getReference(Document, doc) : null;
    item.appealPending = false;
    changes[`items.${registry(item)}`] = { old, new: view(item) };
  }

  const before = request.status;
  const pending = items.some((i) => i.appealPending);
  const undecided = items.some((i) => !i.outcome);
  if (before === InsightRequestStatus.APPEALED) {
    request.status = pending ? InsightRequestStatus.APPEALED : InsightRequestStatus.DECIDED;
  } else {
    request.status = undecided ? InsightRequestStatus.IN_PROGRESS : InsightRequestStatus.DECIDED;
  }
  if (request.status === InsightRequestStatus.DECIDED) {
    request.decidedAt = now;
    request.decidedOn = actor.today;
  }
  request.updatedAt = now;
  if (before !== request.status) changes.status = { old: before, new: request.status };
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'insightRequest.decide',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes,
  });
  return request;
}

/** Behandling påbegynt: RECEIVED → IN_PROGRESS. */
export async function startInsightRequest(
  em: EntityManager,
  actor: ActorToday,
  requestId: string,
): Promise<InsightRequest> {
  const { request } = await loadRequest(em, requestId);
  if (!mayStartRequest(request.status)) {
    throw invalidState(
      request.status,
      `The insight request is ${request.status}, not RECEIVED: it has been taken up already`,
    );
  }
  request.status = InsightRequestStatus.IN_PROGRESS;
  request.updatedAt = new Date();
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'insightRequest.start',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes: { status: { old: InsightRequestStatus.RECEIVED, new: request.status } },
  });
  return request;
}

/** Avslutt: DECIDED → CLOSED. The requester may still appeal within the time limit. */
export async function closeInsightRequest(
  em: EntityManager,
  actor: ActorToday,
  requestId: string,
): Promise<InsightRequest> {
  const { request } = await loadRequest(em, requestId);
  if (!mayCloseRequest(request.status)) {
    throw invalidState(
      request.status,
      `Only a decided insight request can be closed; this one is ${request.status}`,
    );
  }
  request.status = InsightRequestStatus.CLOSED;
  request.closedAt = new Date();
  request.closedBy = em.getReference(User, actor.userId);
  request.updatedAt = request.closedAt;
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'insightRequest.close',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes: { status: { old: InsightRequestStatus.DECIDED, new: request.status } },
  });
  return request;
}
