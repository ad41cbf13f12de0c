import { type EntityManager } from '@mikro-orm/postgresql';
import * as journalPosts from '../domain/journalPosts';
import { badInput } from '../domain/errors';
import { assertExpectedVersion } from '../domain/versions';
import {
  type JournalPost,
  JournalPostType,
  type ScreenedField,
  type WriteOffMethod,
} from '../entities';
import { caseRefusals } from '../policies/cases';
import { mayApprove, mayBeResponsible } from '../policies/eligibility';
import { journalPostRefusals } from '../policies/journalPosts';
import { type Tagged } from '../policies/subjects';
import { refuseRecordWrite, type WriteAction } from '../policies/writes';
import { caseFacts, journalPostFacts } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, enforce, inTransaction, type Target } from './funnel';
import { ensureHandler, noticeOfArrival, noticeOfDistribution } from './distribution';
import { ensureEligible, unitsAndParents } from './namedTargets';

/**
 * Every change to a journal post (journalpost), whichever adapter asks: in one transaction, the
 * policies decide whether the actor may (policies/journalPosts.ts through the write rule of
 * policies/writes.ts; registering, policies/cases.ts), the eligibility rules whether the users
 * named may be (policies/eligibility.ts), and the domain (domain/journalPosts) whether the post's
 * state allows it, makes the change and audits it. Each returns the post's id; the adapter reads
 * the post back as the actor sees it.
 */

/** A journal post's units: its own responsible unit and its case's. */
const unitsOf = (facts: Tagged<'JournalPost'>): string[] => [
  facts.postUnitId as string,
  facts.caseResponsibleUnitId as string,
];

function ensureResponsible(em: EntityManager, userId: string, units: string[]): Promise<void> {
  return ensureEligible(
    em,
    'responsibleId',
    userId,
    (c) => mayBeResponsible(c, units),
    'responsible',
  );
}

/** The approver named must lead the post's units or a unit above them. */
async function ensureApprover(
  em: EntityManager,
  userId: string,
  facts: Tagged<'JournalPost'>,
): Promise<void> {
  const reach = await unitsAndParents(em, unitsOf(facts));
  await ensureEligible(em, 'approverId', userId, (c) => mayApprove(c, reach), 'approver');
}

/** A change of the post's access group needs its own rule, on top of the change itself. */
function ensureMayChangeAccessGroup(
  ctx: ServiceContext,
  facts: Tagged<'JournalPost'>,
  accessGroupId: string | null | undefined,
): void {
  if (accessGroupId === null || accessGroupId === undefined) return;
  if (accessGroupId === (facts.accessGroupId ?? null)) return;
  enforce(
    refuseRecordWrite(ctx.ability, 'JournalPost', 'changeAccessGroup', facts, journalPostRefusals),
  );
}

/**
 * The post, loaded on the write's transaction once the write rule has let the actor through, at
 * the version the client loaded.
 */
async function loadAtVersion(em: EntityManager, target: Target): Promise<JournalPost> {
  const post = await journalPosts.loadPost(em, target.id);
  assertExpectedVersion(post, target.expectedVersion, 'The journal post');
  return post;
}

/**
 * One action on one post, in one transaction: the write rule (NOT_FOUND, FORBIDDEN), the expected
 * version, then `check` for what the action names, then the domain's change.
 */
function onPost(
  ctx: ServiceContext,
  target: Target,
  action: WriteAction<'JournalPost'>,
  change: (
    em: EntityManager,
    actor: journalPosts.ActorToday,
    post: JournalPost,
  ) => Promise<unknown>,
  check: (em: EntityManager, facts: Tagged<'JournalPost'>) => Promise<void> | void = () => {},
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = await authorizeWrite(ctx, em, 'JournalPost', action, target.id);
    const post = await loadAtVersion(em, target);
    await check(em, facts);
    await change(em, actor, post);
    return target.id;
  });
}

/** A registration; ids already resolved by the adapter. */
export interface NewJournalPost extends journalPosts.RegisterInput {
  caseId: string;
  responsibleId: string | null;
  accessGroupId: string | null;
  screeningCodeId: string | null;
}

/**
 * Registrer journalpost: the actor reads the case in full and may register in it (its creator,
 * case responsible, internal contacts, leaders of its unit), or is the archive registering an
 * incoming letter. The post may get an access group of its own (new content); the responsible
 * handler named must belong to the case's unit.
 */
export function registerJournalPost(ctx: ServiceContext, input: NewJournalPost): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = (await caseFacts(em, [input.caseId])).get(input.caseId);
    const byArchive = !!facts && ctx.ability.can('registerIncoming', facts);
    const incoming = input.type === JournalPostType.INCOMING;
    const action = incoming && byArchive ? 'registerIncoming' : 'registerPost';
    const refusal = refuseRecordWrite(ctx.ability, 'Case', action, facts, {
      ...caseRefusals,
      // The archive sees every case in full; what it may not register is named.
      ...(byArchive && {
        registerPost:
          'The archive registers incoming letters in any case; outgoing documents and notes are registered by the handlers of the case',
      }),
    });
    enforce(refusal);
    if (input.responsibleId) {
      await ensureResponsible(em, input.responsibleId, [facts!.responsibleUnitId as string]);
    }
    const { caseId, responsibleId, accessGroupId, screeningCodeId, ...rest } = input;
    const post = await journalPosts.registerJournalPost(em, actor, {
      input: rest,
      caseId,
      responsibleId,
      accessGroupId,
      screeningCodeId,
      byArchive,
    });
    // Fordeling: the handler the archive's registration gave it, or its unit's leaders, are told.
    if (incoming && byArchive) await noticeOfArrival(em, actor, post);
    return post.id;
  });
}

/** Endre journalpost; a new responsible must be eligible, a new access group needs its rule. */
export function updateJournalPost(
  ctx: ServiceContext,
  target: Target,
  input: journalPosts.UpdateInput,
): Promise<string> {
  return onPost(
    ctx,
    target,
    'update',
    (em, actor, post) => journalPosts.updateJournalPost(em, actor, post, input),
    async (em, facts) => {
      ensureMayChangeAccessGroup(ctx, facts, input.accessGroupId);
      if (input.responsibleId && input.responsibleId !== facts.responsibleId) {
        await ensureResponsible(em, input.responsibleId, unitsOf(facts));
      }
    },
  );
}

export const finalize = (ctx: ServiceContext, target: Target): Promise<string> =>
  onPost(ctx, target, 'finalize', (em, actor, post) =>
    journalPosts.finalizeJournalPost(em, actor, post),
  );

/** Send til godkjenning, to a leader of the post's units or of a unit above them. */
export const sendForApproval = (
  ctx: ServiceContext,
  target: Target,
  approverId: string,
): Promise<string> =>
  onPost(
    ctx,
    target,
    'sendForApproval',
    (em, actor, post) => journalPosts.sendForApproval(em, actor, post, approverId),
    (em, facts) => ensureApprover(em, approverId, facts),
  );

export const approve = (
  ctx: ServiceContext,
  target: Target,
  comment: string | null,
): Promise<string> =>
  onPost(ctx, target, 'approve', (em, actor, post) =>
    journalPosts.approveJournalPost(em, actor, post, comment),
  );

export const reject = (ctx: ServiceContext, target: Target, comment: string): Promise<string> =>
  onPost(ctx, target, 'reject', (em, actor, post) =>
    journalPosts.rejectJournalPost(em, actor, post, comment),
  );

/** Videresende: to another leader of the post's units or of a unit above them. */
export const forwardForApproval = (
  ctx: ServiceContext,
  target: Target,
  approverId: string,
  comment: string | null,
): Promise<string> =>
  onPost(
    ctx,
    target,
    'forward',
    (em, actor, post) => journalPosts.forwardForApproval(em, actor, post, approverId, comment),
    (em, facts) => ensureApprover(em, approverId, facts),
  );

export const dispatch = (ctx: ServiceContext, target: Target): Promise<string> =>
  onPost(ctx, target, 'dispatch', (em, actor, post) =>
    journalPosts.dispatchJournalPost(em, actor, post),
  );

export const confirm = (ctx: ServiceContext, target: Target): Promise<string> =>
  onPost(ctx, target, 'confirm', (em, actor, post) =>
    journalPosts.confirmJournalPost(em, actor, post),
  );

export const cancel = (ctx: ServiceContext, target: Target, reason: string): Promise<string> =>
  onPost(ctx, target, 'cancel', (em, actor, post) =>
    journalPosts.cancelJournalPost(em, actor, post, reason),
  );

/**
 * Korrigere (the archive); a new access group needs its rule too, a new handler must be eligible
 * and read the post in full, and is told by mail.
 */
export const correct = (
  ctx: ServiceContext,
  target: Target,
  input: journalPosts.CorrectInput,
  reason: string,
): Promise<string> =>
  onPost(
    ctx,
    target,
    'correct',
    async (em, actor, post) => {
      const previous = post.responsible?.id ?? null;
      await journalPosts.correctJournalPost(em, actor, post, input, reason);
      const handler = post.responsible?.id ?? null;
      if (handler && handler !== previous && handler !== actor.userId) {
        await noticeOfDistribution(em, actor.requestId, post, handler);
      }
    },
    async (em, facts) => {
      ensureMayChangeAccessGroup(ctx, facts, input.accessGroupId);
      if (input.responsibleId && input.responsibleId !== facts.responsibleId) {
        await ensureHandler(em, 'responsibleId', input.responsibleId, facts);
      }
    },
  );

export interface WriteOff {
  method: WriteOffMethod;
  replyId: string | null;
  note: string | null;
}

/**
 * Avskrive one or several posts with one reply, all or none: the actor may write off each, at the
 * version the client loaded where it names one; the reply must be a post the actor reads in full
 * (else BAD_USER_INPUT, the same whether it exists or not). `field` names the input field that
 * listed the posts.
 */
export function writeOff(
  ctx: ServiceContext,
  targets: readonly Target[],
  field: string,
  input: WriteOff,
): Promise<string[]> {
  const actor = actorOf(ctx);
  const byId = new Map(targets.map((target) => [target.id, target]));
  const postIds = [...byId.keys()];
  if (!postIds.length) throw badInput(field, 'REQUIRED', 'Name at least one journal post');
  return inTransaction(ctx, async (em) => {
    const posts: JournalPost[] = [];
    // Checked and changed in id order, so that concurrent write-offs lock rows in the same order.
    for (const postId of [...postIds].sort()) {
      await authorizeWrite(ctx, em, 'JournalPost', 'writeOff', postId);
      posts.push(await loadAtVersion(em, byId.get(postId)!));
    }
    if (input.replyId) {
      const reply = (await journalPostFacts(em, [input.replyId])).get(input.replyId);
      if (!reply || !ctx.ability.can('readFull', reply)) {
        throw badInput(
          'replyId',
          'UNKNOWN_REFERENCE',
          'replyId names no journal post you read in full',
        );
      }
    }
    await journalPosts.writeOffJournalPosts(em, actor, posts, { ...input, postsField: field });
    return postIds;
  });
}

export interface ScreeningAssessment {
  screeningCodeId: string | null;
  screenedFields: ScreenedField[] | null;
  publicTitle: string | null;
  legalBasis: string | null;
}

/** Offentlighetsvurdering of a temporary screening. */
export const assessScreening = (
  ctx: ServiceContext,
  target: Target,
  input: ScreeningAssessment,
): Promise<string> =>
  onPost(ctx, target, 'assessScreening', (em, actor, post) =>
    journalPosts.assessScreening(em, actor, post, input),
  );

/**
 * Ny korrespondansepart (the Noark 5 service interface): one more correspondent after those the
 * post has, by the same rule and audit as a change of the post's correspondents.
 */
export function addCorrespondent(
  ctx: ServiceContext,
  target: Target,
  correspondent: NonNullable<journalPosts.UpdateInput['correspondents']>[number],
): Promise<string> {
  return onPost(ctx, target, 'update', async (em, actor, post) => {
    const existing = await journalPosts.correspondentsOf(em, post);
    const kept = existing.map((c) => ({
      role: c.role,
      name: c.name,
      screened: c.screened,
      isPerson: c.isPerson,
      address: c.address ?? null,
      email: c.email ?? null,
      nationalId: c.nationalId ?? null,
      organizationNumber: c.organizationNumber ?? null,
    }));
    await journalPosts.updateJournalPost(em, actor, post, {
      correspondents: [...kept, correspondent],
    });
  });
}
