import { type EntityManager } from '@mikro-orm/postgresql';
import { type InsightRequest, User } from '../../entities';
import { recordAudit } from '../audit';
import { badInput, invalidState } from '../errors';
import { type ActorToday } from '../journalPosts/common';
import { loadRequest } from './decide';
import { itemAwaitsDecision, requestTakesDecisions } from './states';

/**
 * Omfordeling: hands one item of a request to another assignee, who then sees the request and
 * decides the item. Only an item still to be decided (no outcome, or under appeal) of a request
 * that is not closed is handed on; naming the present assignee changes nothing. Who may hand it on,
 * and to whom, is the policies' question (policies/insightRequests.ts, eligibility.ts), asked
 * first.
 */
export async function reassignInsightItem(
  em: EntityManager,
  actor: ActorToday,
  requestId: string,
  journalPostId: string | null,
  assigneeId: string,
): Promise<InsightRequest> {
  const { request, items } = await loadRequest(em, requestId);
  const item = items.find((i) => i.journalPost.id === journalPostId);
  if (!item) {
    throw badInput(
      'journalPostId',
      'UNKNOWN_REFERENCE',
      'journalPostId is not a journal post of this request',
    );
  }
  const registry = `${item.journalPost.case.caseNumber}-${item.journalPost.documentNumber}`;
  if (!requestTakesDecisions(request.status)) {
    throw invalidState(request.status, 'The insight request is closed; an appeal reopens it');
  }
  if (item.outcome && !itemAwaitsDecision(item)) {
    throw invalidState(
      item.outcome,
      `${registry} is decided already (${item.outcome}); there is nothing to hand on`,
    );
  }
  const before = item.assignee?.id ?? null;
  if (before === assigneeId) return request;
  item.assignee = em.getReference(User, assigneeId);
  request.updatedAt = new Date();
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'insightRequest.reassign',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes: { [`items.${registry}.assignee`]: { old: before, new: assigneeId } },
  });
  return request;
}
