import { type EntityManager } from '@mikro-orm/postgresql';
import {
  InsightOutcome,
  InsightRequest,
  InsightRequestItem,
  InsightRequestStatus,
} from '../../entities';
import { recordAudit } from '../audit';
import { invalidState, notFound } from '../errors';
import { addCalendarDays } from '../journalPosts';
import { requiredText } from '../journalPosts/common';
import { normaliseReference, referenceHash } from './reference';

/**
 * Klage (offl. § 32): the requester appeals by reference, with a reason.
 *
 * | the request is …                                   | the appeal …                                |
 * |----------------------------------------------------|---------------------------------------------|
 * | DECIDED or CLOSED, something refused (PARTIAL, DENIED), within INSIGHT_APPEAL_DAYS (21) of the decision | reopens the refused items: APPEALED |
 * | RECEIVED or IN_PROGRESS after its answer deadline (5 working days: deemed refused) | reopens the undecided items (and any refused ones): APPEALED |
 * | decided in full, out of time, not yet due, or appealed before | CONFLICT, saying why          |
 *
 * One appeal per request: once the appealed items are decided again, a refusal that stands goes
 * on to the appeal body (klageinstansen, e.g. Statsforvalteren) outside Arkivgraf.
 */

const REFUSED = [InsightOutcome.PARTIAL, InsightOutcome.DENIED];

export const isRefused = (outcome: InsightOutcome | null | undefined): boolean =>
  !!outcome && REFUSED.includes(outcome);

/** The last day an appeal is accepted, for a request decided on `decidedOn`. */
export const appealDeadline = (decidedOn: string, appealDays: number): string =>
  addCalendarDays(decidedOn, appealDays);

/** A request counts as refused when it is still unanswered after its answer deadline. */
export const isDeemedRefused = (
  r: Pick<InsightRequest, 'status' | 'answerDeadline'>,
  today: string,
): boolean =>
  (r.status === InsightRequestStatus.RECEIVED || r.status === InsightRequestStatus.IN_PROGRESS) &&
  today > r.answerDeadline;

function norwegian(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * The text on the right to appeal, shown with any decision that refuses something, and with a
 * request deemed refused; null otherwise. In Norwegian: it is read by the public.
 */
export function appealInformation(
  r: Pick<InsightRequest, 'status' | 'answerDeadline' | 'decidedOn' | 'appealedAt'>,
  anyRefused: boolean,
  today: string,
  appealDays: number,
): string | null {
  const how =
    'Klagen sendes til oss med referansen din (på statussiden eller med appealInsightDecision), og vi vurderer saken på nytt. Opprettholder vi avgjørelsen, sender vi klagen videre til klageinstansen.';
  if (r.appealedAt) {
    return anyRefused || r.status === InsightRequestStatus.APPEALED
      ? 'Kravet er påklaget (offentleglova § 32). Står avslaget etter den nye vurderingen, går klagen til klageinstansen.'
      : null;
  }
  if (isDeemedRefused(r, today)) {
    return `Du har ikke fått svar innen fem arbeidsdager. Kravet regnes derfor som avslått, og du kan klage (offentleglova § 32 andre ledd). ${how}`;
  }
  if (anyRefused && r.decidedOn) {
    return `Du kan klage på avslaget og på delvis innsyn (offentleglova § 32). Klagefristen er ${appealDays} dager etter at du fikk svaret, til og med ${norwegian(appealDeadline(r.decidedOn, appealDays))} (forvaltningsloven § 29). ${how}`;
  }
  return null;
}

export interface AppealContext {
  /** The signed-in user appealing, or null for the public */
  actorId: string | null;
  requestId: string;
  today: string;
  appealDays: number;
}

/** Finds the request of a reference inside the caller's transaction; NOT_FOUND when none. */
export async function requestByReference(
  em: EntityManager,
  reference: string,
): Promise<InsightRequest> {
  const normal = normaliseReference(reference);
  const request = normal
    ? await em.findOne(InsightRequest, { referenceHash: referenceHash(normal) }, { refresh: true })
    : null;
  if (!request) throw notFound('An insight request with this reference');
  return request;
}

export async function appealInsightDecision(
  em: EntityManager,
  ctx: AppealContext,
  reference: string,
  reasonText: string,
): Promise<InsightRequest> {
  const request = await requestByReference(em, reference);
  const reason = requiredText('reason', reasonText, 'A reason for the appeal');
  if (request.appealedAt) {
    throw invalidState(
      request.status,
      'This request has been appealed already. When a refusal stands after the new assessment, the appeal goes on to the appeal body (klageinstansen).',
    );
  }
  const items = await em.find(
    InsightRequestItem,
    { request },
    { populate: ['journalPost', 'journalPost.case'], orderBy: { position: 'asc' } },
  );
  const refused = items.filter((i) => isRefused(i.outcome));
  let reopened: InsightRequestItem[];
  if (
    request.status === InsightRequestStatus.DECIDED ||
    request.status === InsightRequestStatus.CLOSED
  ) {
    if (refused.length === 0) {
      throw invalidState(
        request.status,
        'Nothing was refused: every document was released in full, so there is nothing to appeal',
      );
    }
    const last = appealDeadline(request.decidedOn!, ctx.appealDays);
    if (ctx.today > last) {
      throw invalidState(
        request.status,
        `The time to appeal ended on ${last} (${ctx.appealDays} days after the decision)`,
      );
    }
    reopened = refused;
  } else if (isDeemedRefused(request, ctx.today)) {
    reopened = items.filter((i) => !i.outcome || isRefused(i.outcome));
  } else {
    throw invalidState(
      request.status,
      `The request has not been answered yet: it may be appealed once something is refused, or if no answer has come by ${request.answerDeadline} (5 working days after receipt)`,
    );
  }
  const before = request.status;
  for (const item of reopened) item.appealPending = true;
  request.status = InsightRequestStatus.APPEALED;
  request.appealedAt = new Date();
  request.appealReason = reason;
  request.updatedAt = new Date();
  recordAudit(em, {
    actorId: ctx.actorId,
    requestId: ctx.requestId,
    action: 'insightRequest.appeal',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes: {
      status: { old: before, new: request.status },
      appealedItems: {
        old: null,
        new: reopened.map(
          (i) => `${i.journalPost.case.caseNumber}-${i.journalPost.documentNumber}`,
        ),
      },
    },
    reason,
  });
  return request;
}
