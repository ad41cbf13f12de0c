import { type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../auth/loadViewer';
import * as journalPosts from '../domain/journalPosts';
import { badInput } from '../domain/errors';
import {
  awaitingDistributionMail,
  distributedMail,
  dueDateChangedMail,
  type PostInMail,
} from '../domain/notices/distribution';
import { queueMailToUsers } from '../domain/notices/outbox';
import { assertExpectedVersion } from '../domain/versions';
import { type JournalPost, Unit } from '../entities';
import { defineAbilityFor } from '../policies/ability';
import { ELIGIBILITY_REFUSALS, mayBeResponsible } from '../policies/eligibility';
import { type Tagged } from '../policies/subjects';
import { queueLeaders } from '../queries/distribution';
import { candidateFacts } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction, type Target } from './funnel';

/**
 * Fordeling (docs/daily-routines.md, "Distribution"; docs/notices.md, "Distribution"): a leader
 * of the post's unit (or of a unit above it) or an archivist gives an incoming post its handler
 * and due date, in one transaction with its audit event and the handler's mail.
 */

const mailOf = (post: JournalPost): PostInMail => ({
  registryId: journalPosts.registryId(post),
  publicTitle: post.publicTitle,
  dueDate: post.dueDate ?? null,
});

/**
 * The handler named must be eligible for the post's units (policies/eligibility.ts) AND read the
 * post in full as it is before the change (being named must not be what lets them read it).
 * BAD_USER_INPUT on `field`, the same whether the user is unknown or not eligible.
 */
export async function ensureHandler(
  em: EntityManager,
  field: string,
  userId: string,
  facts: Tagged<'JournalPost'>,
): Promise<void> {
  const candidate = await candidateFacts(em, userId);
  const units = [facts.postUnitId as string, facts.caseResponsibleUnitId as string];
  const viewer =
    candidate && mayBeResponsible(candidate, units) ? await loadViewer(em, { userId }) : null;
  if (!viewer || !defineAbilityFor(viewer).can('readFull', facts)) {
    throw badInput(
      field,
      'NOT_ALLOWED',
      `${field} ${ELIGIBILITY_REFUSALS.responsible}, who reads the journal post in full`,
    );
  }
}

/** Tells the handler a post was given to (journalPost.distributed). */
export function noticeOfDistribution(
  em: EntityManager,
  requestId: string | null,
  post: JournalPost,
  handlerId: string,
): Promise<number> {
  return queueMailToUsers(em, [handlerId], (user) => ({
    kind: 'journalPost.distributed',
    requestId,
    ...distributedMail(user, mailOf(post)),
  }));
}

/**
 * After the archive registered an incoming post: its handler is told (unless the archivist named
 * themself), or, with no handler, the leaders of the unit whose queue it landed in.
 */
export async function noticeOfArrival(
  em: EntityManager,
  actor: journalPosts.ActorToday,
  post: JournalPost,
): Promise<void> {
  const handlerId = post.responsible?.id ?? null;
  if (handlerId) {
    if (handlerId !== actor.userId)
      await noticeOfDistribution(em, actor.requestId, post, handlerId);
    return;
  }
  const unit = await em.findOneOrFail(Unit, { id: post.responsibleUnit.id });
  const leaders = await queueLeaders(em, unit.id);
  await queueMailToUsers(em, leaders, (user) => ({
    kind: 'journalPost.awaitingDistribution',
    requestId: actor.requestId,
    ...awaitingDistributionMail(user, mailOf(post), unit.name),
  }));
}

/**
 * Fordele journalpost: the actor may distribute the post (policies/journalPosts.ts), the handler
 * named is eligible and reads it in full; the domain checks the post's state and the due date.
 * A new handler other than the actor is told by mail; the same handler with a new due date too.
 */
export function distributeJournalPost(
  ctx: ServiceContext,
  target: Target,
  input: journalPosts.Distribution,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = await authorizeWrite(ctx, em, 'JournalPost', 'distribute', target.id);
    const post = await journalPosts.loadPost(em, target.id);
    assertExpectedVersion(post, target.expectedVersion, 'The journal post');
    await ensureHandler(em, 'responsibleId', input.responsibleId, facts);
    const dueBefore = post.dueDate ?? null;
    const handedOn = journalPosts.distributeJournalPost(em, actor, post, input);
    if (input.responsibleId === actor.userId) return target.id;
    if (handedOn) {
      await noticeOfDistribution(em, actor.requestId, post, input.responsibleId);
    } else if ((post.dueDate ?? null) !== dueBefore) {
      await queueMailToUsers(em, [input.responsibleId], (user) => ({
        kind: 'journalPost.dueDateChanged',
        requestId: actor.requestId,
        ...dueDateChangedMail(user, mailOf(post)),
      }));
    }
    return target.id;
  });
}

/**
 * The case's open posts go with it to its new case responsible (assignCaseResponsible with
 * `carryOpenPosts`), each audited; the new responsible is told of each.
 */
export async function carryOpenPosts(
  em: EntityManager,
  actor: journalPosts.ActorToday,
  input: { caseId: string; previousResponsibleId: string | null; responsibleId: string },
): Promise<void> {
  const moved = await journalPosts.carryOpenPosts(em, actor, input);
  for (const post of moved) {
    if (input.responsibleId !== actor.userId) {
      await noticeOfDistribution(em, actor.requestId, post, input.responsibleId);
    }
  }
}
