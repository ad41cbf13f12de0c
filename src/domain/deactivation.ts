import { type EntityManager } from '@mikro-orm/postgresql';
import { Case, InsightRequestItem, JournalPost, SpecialistSystem, type User } from '../entities';
import { recordAudit } from './audit';
import { AppError } from './errors';
import { type Actor } from './administration';
import { workHandedOver } from './notices/handover';
import { queueMailToUsers } from './notices/outbox';

/**
 * Deactivation with a successor (docs/daily-routines.md, "Deactivation and successors"): the work
 * that names a user as the one to act, and how it moves to another user.
 *
 * | kind               | what                                                                 |
 * |--------------------|----------------------------------------------------------------------|
 * | BACKLOG            | I and N posts they are responsible for, not written off, not cancelled |
 * | OPEN_POSTS         | other posts they are responsible for that are not yet dispatched (R, F, G) |
 * | CASES              | cases they are responsible for that are open (R, B)                  |
 * | APPROVALS          | posts waiting for their approval (godkjenning)                       |
 * | INSIGHT_ITEMS      | items of open insight requests assigned to them, still to be decided |
 * | SPECIALIST_SYSTEMS | specialist systems they own (systemansvarlig): the archive log's reader |
 */
export const OPEN_WORK_KINDS = [
  'BACKLOG',
  'OPEN_POSTS',
  'CASES',
  'APPROVALS',
  'INSIGHT_ITEMS',
  'SPECIALIST_SYSTEMS',
] as const;
export type OpenWorkKind = (typeof OPEN_WORK_KINDS)[number];

/** One item: `label` names it without a screened value (registry id, case number, system name). */
export interface OpenWorkItem {
  kind: OpenWorkKind;
  id: string;
  label: string;
  /** The journal post the item concerns (posts, approvals, insight items); null otherwise */
  postId: string | null;
}

/** The work of one kind, as the refusals list it (`extensions.openWork`). */
export interface OpenWork {
  kind: OpenWorkKind;
  count: number;
  items: string[];
}

/** Per kind, in the order of OPEN_WORK_KINDS; kinds without items are left out. */
export function summariseOpenWork(items: readonly OpenWorkItem[]): OpenWork[] {
  return OPEN_WORK_KINDS.map((kind) => {
    const labels = items.filter((i) => i.kind === kind).map((i) => i.label);
    return { kind, count: labels.length, items: labels };
  }).filter((w) => w.count > 0);
}

const phrase = (work: readonly OpenWork[]) =>
  work.map((w) => `${w.count} ${w.kind.toLowerCase().replace(/_/g, ' ')}`).join(', ');

/**
 * CONFLICT: the user still holds open work, which deactivation would orphan. Name a successor
 * (`successorId`) or hand the work on first.
 */
export function openWorkRefusal(user: User, items: readonly OpenWorkItem[]): AppError {
  const openWork = summariseOpenWork(items);
  return new AppError(
    'CONFLICT',
    `${user.username} still holds open work (${phrase(openWork)}); name a successor (successorId) to take it over, or hand it on first`,
    { openWork },
  );
}

/**
 * Moves every item to the successor, each with its audit event (old and new responsible), and
 * queues the successor one summary mail. Runs in the deactivation's transaction: all or nothing.
 */
export async function handOverWork(
  em: EntityManager,
  actor: Actor,
  from: User,
  successor: User,
  items: readonly OpenWorkItem[],
): Promise<void> {
  const ids = (kind: OpenWorkKind) => items.filter((i) => i.kind === kind).map((i) => i.id);
  const change = { old: from.id, new: successor.id };
  const event = (action: string, targetType: string, targetId: string, field: string) =>
    recordAudit(em, {
      actorId: actor.userId,
      requestId: actor.requestId,
      action,
      targetType,
      targetId,
      changes: { [field]: change },
      reason: `${from.username} deactivated; successor ${successor.username}`,
    });

  const posts = await em.find(JournalPost, {
    id: { $in: [...ids('BACKLOG'), ...ids('OPEN_POSTS')] },
  });
  for (const post of posts) {
    post.responsible = successor;
    event('journalPost.handOver', 'JournalPost', post.id, 'responsibleId');
  }
  for (const c of await em.find(Case, { id: { $in: ids('CASES') } })) {
    c.caseResponsible = successor;
    event('case.handOver', 'Case', c.id, 'caseResponsibleId');
  }
  for (const post of await em.find(JournalPost, { id: { $in: ids('APPROVALS') } })) {
    post.approver = successor;
    event('journalPost.handOver', 'JournalPost', post.id, 'approverId');
  }
  const insightItems = await em.find(
    InsightRequestItem,
    { id: { $in: ids('INSIGHT_ITEMS') } },
    { populate: ['request', 'journalPost.case'] },
  );
  for (const item of insightItems) {
    item.assignee = successor;
    item.request.updatedAt = new Date();
    const registry = `${item.journalPost.case.caseNumber}-${item.journalPost.documentNumber}`;
    event(
      'insightRequest.reassign',
      'InsightRequest',
      item.request.id,
      `items.${registry}.assignee`,
    );
  }
  for (const system of await em.find(SpecialistSystem, {
    id: { $in: ids('SPECIALIST_SYSTEMS') },
  })) {
    system.owner = successor;
    event('specialistSystem.handOver', 'SpecialistSystem', system.id, 'ownerId');
  }

  const work = summariseOpenWork(items);
  await queueMailToUsers(em, [successor.id], (user) => ({
    kind: 'user.workHandedOver',
    requestId: actor.requestId,
    ...workHandedOver({ recipient: user.displayName, from: from.displayName, work }),
  }));
}
