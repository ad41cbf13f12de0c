import { type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../auth/loadViewer';
import * as admin from '../domain/administration';
import { handOverWork, type OpenWorkItem, openWorkRefusal } from '../domain/deactivation';
import { inputError } from '../domain/errors';
import { type User } from '../entities';
import { defineAbilityFor } from '../policies/ability';
import {
  type Candidate,
  mayApprove,
  mayBeAssignee,
  mayBeInternalContact,
  mayBeResponsible,
} from '../policies/eligibility';
import { refuseAdministration } from '../policies/administration';
import { type Tagged } from '../policies/subjects';
import { candidateFacts, caseFacts, journalPostFacts } from '../queries/facts';
import { openWorkOf } from '../queries/openWork';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';
import { unitsAndParents } from './namedTargets';

/**
 * Deactivation (docs/daily-routines.md, "Deactivation and successors"): refused (CONFLICT, with
 * `extensions.openWork`) while the user holds open work, unless the admin names a successor, who
 * must be allowed to take, and read in full, every item; then everything moves in the
 * deactivation's one transaction.
 */
export function deactivateUser(
  ctx: ServiceContext,
  input: { userId: string; successorId: string | null },
): Promise<User> {
  enforce(refuseAdministration(ctx.ability, 'User'));
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const user = await admin.userToDeactivate(em, actor, input.userId);
    const successor = input.successorId
      ? await admin.successorOf(em, user, input.successorId)
      : null;
    const work = await openWorkOf(em, user.id);
    if (work.length && !successor) throw openWorkRefusal(user, work);
    if (successor && work.length) {
      await ensureSuccessorMayTake(em, successor, work);
      await handOverWork(em, actor, user, successor, work);
    }
    return admin.deactivateUser(em, actor, user, successor);
  });
}

/**
 * Each item as if it were assigned to the successor on its own (policies/eligibility.ts): a
 * responsible person for posts and cases, a leader above the post for approvals, an assignee for
 * insight items, a user with a role for a system; and the successor reads every record in full,
 * by their own ability. Refused: BAD_USER_INPUT on successorId, one field error per item.
 */
async function ensureSuccessorMayTake(
  em: EntityManager,
  successor: User,
  work: readonly OpenWorkItem[],
): Promise<void> {
  const candidate = (await candidateFacts(em, successor.id))!;
  const viewer = await loadViewer(em, { userId: successor.id });
  const ability = viewer ? defineAbilityFor(viewer) : null;
  const posts = await journalPostFacts(
    em,
    work.flatMap((i) => (i.postId ? [i.postId] : [])),
  );
  const cases = await caseFacts(
    em,
    work.filter((i) => i.kind === 'CASES').map((i) => i.id),
  );
  const refused: OpenWorkItem[] = [];
  for (const item of work) {
    const post = item.postId ? posts.get(item.postId) : undefined;
    const ok = await mayTake(em, candidate, item, post, cases.get(item.id));
    const reads = post
      ? !!ability?.can('readFull', post)
      : item.kind === 'CASES'
        ? !!ability?.can('readFull', cases.get(item.id)!)
        : true;
    if (!ok || !reads) refused.push(item);
  }
  if (!refused.length) return;
  throw inputError(
    refused.map((item) => ({
      path: ['successorId'],
      code: 'NOT_ALLOWED',
      message: `The successor cannot take ${item.label} (${item.kind}): ${REFUSALS[item.kind]}`,
      params: { kind: item.kind, item: item.label },
    })),
  );
}

const REFUSALS: Record<OpenWorkItem['kind'], string> = {
  BACKLOG: "not a case handler or leader of the post's unit, or does not read it in full",
  OPEN_POSTS: "not a case handler or leader of the post's unit, or does not read it in full",
  CASES: "not a case handler or leader of the case's unit, or does not read it in full",
  APPROVALS: "not a leader of the post's unit or a unit above it, or does not read it in full",
  INSIGHT_ITEMS: "holds no role for the post's unit, or does not read it in full",
  SPECIALIST_SYSTEMS: 'holds no role',
};

async function mayTake(
  em: EntityManager,
  candidate: Candidate,
  item: OpenWorkItem,
  post: Tagged<'JournalPost'> | undefined,
  kase: Tagged<'Case'> | undefined,
): Promise<boolean> {
  const postUnits = post ? [post.postUnitId as string, post.caseResponsibleUnitId as string] : [];
  switch (item.kind) {
    case 'BACKLOG':
    case 'OPEN_POSTS':
      return mayBeResponsible(candidate, postUnits);
    case 'CASES':
      return mayBeResponsible(candidate, [kase!.responsibleUnitId as string]);
    case 'APPROVALS':
      return mayApprove(candidate, await unitsAndParents(em, postUnits));
    case 'INSIGHT_ITEMS':
      return mayBeAssignee(candidate, postUnits);
    case 'SPECIALIST_SYSTEMS':
      return mayBeInternalContact(candidate);
  }
}
