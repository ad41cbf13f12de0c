import { type EntityManager } from '@mikro-orm/postgresql';
import {
  DocumentType,
  JournalPostType,
  JournalStatus,
  type JournalPost,
  ScreeningCode,
  User,
} from '../../entities';
import { badInput, invalidState } from '../errors';
import {
  APPROVAL_GRANTED,
  APPROVAL_REJECTED,
  APPROVAL_REQUESTED,
  type ApprovalPost,
  approvalGranted,
  approvalRejected,
  approvalRequested,
} from '../notices/approval';
import { queueMailToUsers } from '../notices/outbox';
import {
  type ActorToday,
  approverUser,
  auditPost,
  optionalText,
  registryId,
  requiredText,
  snapshot,
  stateOf,
  statusWord,
} from './common';
import {
  awaitsApproval,
  confirmableFrom,
  mayCancel,
  mayDispatch,
  mayFinalize,
  maySendForApproval,
  screeningUnassessed,
} from './states';
import { undoWriteOffsBy } from './writeOff';

/**
 * The journal post life cycle (domain.md, "Life cycle" and "Approval"):
 *
 *     U, N, X, S:  RESERVED → FINALIZED → (APPROVED) → DISPATCHED → REGISTERED
 *     I:           TEMPORARY | REGISTERED_BY_HANDLER → REGISTERED
 *     any:         → CANCELLED (not once archived)
 *
 * Approval: the handler sends a RESERVED or FINALIZED post to a leader (sending finalises it: the
 * content the leader approves cannot change under them); the leader approves (APPROVED), rejects
 * with a comment (back to RESERVED, open for changes) or forwards it to another leader. While a
 * leader is asked, the post cannot be dispatched. Each step queues its mail on the same
 * transaction (docs/notices.md, "Approval"): to the leader asked, or back to the handler.
 */

function refuseIncoming(post: JournalPost, what: string): void {
  if (post.type === JournalPostType.INCOMING) {
    throw invalidState(
      post.status,
      `${registryId(post)} is an incoming document; only outgoing documents and notes are ${what}`,
    );
  }
}

/** The post as an approval mail names it: registry id, public title, document type. */
async function approvalPost(em: EntityManager, post: JournalPost): Promise<ApprovalPost> {
  const type = post.documentType
    ? await em.findOne(DocumentType, { id: post.documentType.id })
    : null;
  return {
    registryId: registryId(post),
    publicTitle: post.publicTitle,
    documentType: type?.name ?? null,
  };
}

async function displayName(em: EntityManager, userId: string): Promise<string> {
  return (await em.findOne(User, { id: userId }))?.displayName ?? 'En kollega';
}

/** The handler of a post told of a leader's decision: its responsible and its creator. */
const handlersOf = (post: JournalPost, actor: ActorToday): string[] =>
  [...new Set([post.responsible?.id, post.createdBy.id])].filter(
    (id): id is string => !!id && id !== actor.userId,
  );

/** Queues the mail to the leader asked to approve (docs/notices.md, "Approval"). */
async function noticeApprover(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  how: { forwarded: boolean; withComment: boolean },
): Promise<void> {
  const about = await approvalPost(em, post);
  const askedBy = await displayName(em, actor.userId);
  await queueMailToUsers(em, [post.approver!.id], (user) => ({
    kind: APPROVAL_REQUESTED,
    requestId: actor.requestId,
    ...approvalRequested(user, about, askedBy, how),
  }));
}

async function approverName(em: EntityManager, post: JournalPost): Promise<string> {
  const user = post.approver ? await em.findOne(User, { id: post.approver.id }) : null;
  return user?.displayName ?? 'a leader';
}

/** Ferdigstille: RESERVED → FINALIZED (U, N, X, S); the content is locked from then on. */
export async function finalizeJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
): Promise<JournalPost> {
  if (!mayFinalize(post)) {
    refuseIncoming(post, 'finalised');
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)}; only a reserved document can be finalised`,
    );
  }
  const before = snapshot(post);
  post.status = JournalStatus.FINALIZED;
  post.finalizedAt = new Date();
  auditPost(em, actor, 'finalize', post, before);
  return post;
}

/** Send til godkjenning: the post goes to a leader; a RESERVED post is finalised on the way. */
export async function sendForApproval(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  approverId: string | null,
): Promise<JournalPost> {
  if (!maySendForApproval(stateOf(post))) {
    refuseIncoming(post, 'sent for approval');
    if (post.approver) {
      throw invalidState(
        post.status,
        `${registryId(post)} already awaits approval by ${await approverName(em, post)}; they may forward it`,
      );
    }
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)}; only a reserved or finalised document can be sent for approval`,
    );
  }
  const approver = await approverUser(em, approverId, 'approverId');
  if (approver.id === actor.userId) {
    throw badInput(
      'approverId',
      'NOT_ALLOWED',
      'Choose another leader than yourself to approve the document',
    );
  }
  const before = snapshot(post);
  if (post.status === JournalStatus.RESERVED) {
    post.status = JournalStatus.FINALIZED;
    post.finalizedAt = new Date();
  }
  post.approver = approver;
  auditPost(em, actor, 'sendForApproval', post, before);
  await noticeApprover(em, actor, post, { forwarded: false, withComment: false });
  return post;
}

function assertAwaitsApproval(post: JournalPost): void {
  if (!awaitsApproval(stateOf(post))) {
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)} and awaits no approval`,
    );
  }
}

/** Godkjenne: FINALIZED with an approver → APPROVED; the approval is recorded. */
export async function approveJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  comment: string | null | undefined,
): Promise<JournalPost> {
  const note = optionalText('comment', comment);
  assertAwaitsApproval(post);
  const before = snapshot(post);
  post.status = JournalStatus.APPROVED;
  post.approvedBy = em.getReference(User, actor.userId);
  post.approvedAt = new Date();
  post.approver = null;
  auditPost(em, actor, 'approve', post, before, { reason: note });
  const about = await approvalPost(em, post);
  const leader = await displayName(em, actor.userId);
  await queueMailToUsers(em, handlersOf(post, actor), (user) => ({
    kind: APPROVAL_GRANTED,
    requestId: actor.requestId,
    ...approvalGranted(user, about, leader, note !== null),
  }));
  return post;
}

/** Avvise: back to RESERVED (open for changes) with the leader's comment in the audit trail. */
export async function rejectJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  comment: string | null | undefined,
): Promise<JournalPost> {
  const note = requiredText('comment', comment, 'A comment saying why the document is rejected');
  assertAwaitsApproval(post);
  const before = snapshot(post);
  post.status = JournalStatus.RESERVED;
  post.finalizedAt = null;
  post.approver = null;
  auditPost(em, actor, 'reject', post, before, { reason: note });
  const about = await approvalPost(em, post);
  const leader = await displayName(em, actor.userId);
  await queueMailToUsers(em, handlersOf(post, actor), (user) => ({
    kind: APPROVAL_REJECTED,
    requestId: actor.requestId,
    ...approvalRejected(user, about, leader),
  }));
  return post;
}

/** Videresende: the approval passes to another leader. */
export async function forwardForApproval(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  approverId: string | null,
  comment: string | null | undefined,
): Promise<JournalPost> {
  const note = optionalText('comment', comment);
  assertAwaitsApproval(post);
  const approver = await approverUser(em, approverId, 'approverId');
  if (approver.id === post.approver?.id) {
    throw badInput(
      'approverId',
      'DUPLICATE',
      `${approver.displayName} is already asked to approve it`,
    );
  }
  const before = snapshot(post);
  post.approver = approver;
  auditPost(em, actor, 'forward', post, before, { reason: note });
  await noticeApprover(em, actor, post, { forwarded: true, withComment: note !== null });
  return post;
}

/**
 * Ekspedere: FINALIZED (no approval asked) or APPROVED → DISPATCHED. For N and X notes this is
 * delivery to the internal recipients. A post whose document type requires approval is
 * dispatched only once APPROVED; the refusal names the type, never the post's title.
 */
export async function dispatchJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
): Promise<JournalPost> {
  const type = post.documentType
    ? await em.findOne(DocumentType, { id: post.documentType.id })
    : null;
  if (!mayDispatch(stateOf(post, false, type?.requiresApproval ?? false))) {
    refuseIncoming(post, 'dispatched');
    if (post.status === JournalStatus.FINALIZED && post.approver) {
      throw invalidState(
        post.status,
        `${registryId(post)} awaits approval by ${await approverName(em, post)}`,
      );
    }
    if (post.status === JournalStatus.FINALIZED && type?.requiresApproval) {
      throw invalidState(
        post.status,
        `${registryId(post)} is a document of the type ${type.name}, which must be approved by a leader before it is dispatched; send it for approval first`,
      );
    }
    if (post.status === JournalStatus.RESERVED) {
      throw invalidState(
        post.status,
        `${registryId(post)} is not finalised yet; finalise it before dispatching it`,
      );
    }
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)} and cannot be dispatched`,
    );
  }
  const before = snapshot(post);
  post.status = JournalStatus.DISPATCHED;
  post.dispatchedAt = new Date();
  auditPost(em, actor, 'dispatch', post, before);
  return post;
}

/**
 * The archive's check (journalføring): REGISTERED_BY_HANDLER or TEMPORARY → REGISTERED for I,
 * DISPATCHED → REGISTERED for U, N, X, S. A post whose screening is still temporary (XX, not
 * assessed) is not registered.
 */
export async function confirmJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
): Promise<JournalPost> {
  const incoming = post.type === JournalPostType.INCOMING;
  if (!confirmableFrom(post.type).includes(post.status)) {
    throw invalidState(
      post.status,
      incoming
        ? `${registryId(post)} is ${statusWord(post.status)}; the archive confirms incoming documents registered by a handler or temporarily`
        : `${registryId(post)} is ${statusWord(post.status)}; the archive confirms outgoing documents and notes once dispatched`,
    );
  }
  const code = post.screeningCode
    ? await em.findOne(ScreeningCode, { id: post.screeningCode.id })
    : null;
  const state = stateOf(post, code?.temporary ?? false);
  if (screeningUnassessed(state)) {
    throw invalidState(
      post.status,
      `The screening of ${registryId(post)} has not been assessed yet; assess it before the post is registered`,
    );
  }
  const before = snapshot(post);
  post.status = JournalStatus.REGISTERED;
  auditPost(em, actor, 'confirm', post, before);
  return post;
}

/**
 * Utgår: the post stays on record but leaves the public journal; a pending approval ends, and the
 * write-offs it made as a reply are undone.
 */
export async function cancelJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  reasonText: string | null | undefined,
): Promise<JournalPost> {
  const reason = requiredText('reason', reasonText, 'A reason for cancelling the post');
  if (!mayCancel(post)) {
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)} and cannot be cancelled`,
    );
  }
  const before = snapshot(post);
  post.status = JournalStatus.CANCELLED;
  post.approver = null;
  auditPost(em, actor, 'cancel', post, before, { reason });
  await undoWriteOffsBy(em, actor, post);
  return post;
}
