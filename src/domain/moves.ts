import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { Case, CaseStatus, JournalPost, Unit, User } from '../entities';
import { query, sql } from '../db/sqlTemplate';
import { type Actor } from './administration';
import { assertPartTakesPosts } from './archiveParts';
import { recordAudit } from './audit';
import { acceptsPosts, isCaseChangeable } from './caseStates';
import { badInput, conflict, invalidState, notFound } from './errors';
import { registryId } from './journalPosts/common';
import { isClosedForGood } from './journalPosts/states';
import { documentSeries, nextNumber } from './numbering';

/**
 * Moves (docs/noark5.md, "Moves"): a journal post filed in the wrong case is moved to the right
 * one, and a case (a pupil's folder) moves to another responsible unit with everything in it.
 * WHO may move what, reading what in full, is decided before by the service asking the policies
 * (policies/moves.ts); here are the rules of state and numbering. Each move is one audit event.
 */

/** Whether a journal post may leave or enter a case in this status: open cases only. */
export const takesMovedPosts = (status: CaseStatus): boolean => acceptsPosts(status);

/** Whether a post in this status may be moved: not once cancelled or archived. */
export const mayMovePost = (s: Parameters<typeof isClosedForGood>[0]): boolean =>
  !isClosedForGood(s);

function assertTakesMovedPosts(c: Case, role: 'from' | 'to'): void {
  if (takesMovedPosts(c.status)) return;
  const what = c.status === CaseStatus.CANCELLED ? 'cancelled' : 'closed';
  throw invalidState(
    c.status,
    role === 'from'
      ? `The case ${c.caseNumber} is ${what}; its journal posts stay where they are (reopen it first)`
      : `The case ${c.caseNumber} is ${what}; no journal post can be moved into it`,
  );
}

/** A case locked FOR SHARE: it cannot be closed or cancelled while the move runs. */
async function sharedCase(em: EntityManager, id: string): Promise<Case> {
  const c = await em.findOne(Case, { id }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
  if (!c) throw notFound('The case');
  return c;
}

/**
 * Flytte journalpost: the post moves to the target case. Its journal number (journalår and
 * sekvensnummer) stays, as the journal is a record of what was registered when; its document
 * number is the next of the target case, so its registry id follows the new case. The number it
 * leaves in the old case stays unused (document numbers are never reused). Its own access group,
 * screening, responsible, documents, correspondents and remarks go with it unchanged.
 *
 * Refused (INVALID_STATE) when either case is closed or cancelled, the target case is in a closed
 * archive part, or the post is cancelled or archived; BAD_USER_INPUT when the target is its case.
 */
export async function moveJournalPost(
  em: EntityManager,
  actor: Actor,
  input: { id: string; caseId: string },
): Promise<JournalPost> {
  const post = await em.findOne(JournalPost, { id: input.id }, { populate: ['case'] });
  if (!post) throw notFound('The journal post');
  if (post.case.id === input.caseId) {
    throw badInput('caseId', 'NOT_ALLOWED', 'The journal post is in this case already');
  }
  // Both cases in one order, so that two moves between the same cases cannot deadlock.
  const [first, second] = [post.case.id, input.caseId].sort();
  const locked = new Map<string, Case>();
  for (const id of [first!, second!]) locked.set(id, await sharedCase(em, id));
  const from = locked.get(post.case.id)!;
  const to = locked.get(input.caseId)!;
  assertTakesMovedPosts(from, 'from');
  assertTakesMovedPosts(to, 'to');
  await assertPartTakesPosts(em, to);
  if (!mayMovePost(post)) {
    throw invalidState(
      post.status,
      `The journal post ${registryId(post)} is ${post.status.toLowerCase()} and cannot be moved`,
    );
  }

  const old = { caseId: from.id, documentNumber: post.documentNumber };
  const oldRegistryId = registryId(post);
  // Drawn last, after every check, to hold the counter's lock as briefly as possible.
  post.documentNumber = await nextNumber(em, documentSeries(to.id));
  post.case = to;
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'journalPost.move',
    targetType: 'JournalPost',
    targetId: post.id,
    changes: {
      caseId: { old: old.caseId, new: to.id },
      registryId: { old: oldRegistryId, new: registryId(post) },
      documentNumber: { old: old.documentNumber, new: post.documentNumber },
      journalNumber: {
        old: `${post.journalYear}/${post.journalSequenceNumber}`,
        new: `${post.journalYear}/${post.journalSequenceNumber}`,
      },
    },
  });
  return post;
}

/**
 * Ny ansvarlig enhet (a pupil changes school within the municipality, docs/noark5.md "Moves"):
 * the seeds' routine for pupil folders is that the case responsible changes to the new school and
 * "all earlier information on the case becomes available to the new case responsible". So the
 * case gets the new unit and case responsible, and its journal posts registered for the old unit
 * follow it to the new one (posts registered for a third unit keep theirs). Internal contacts,
 * access group, screening and the posts' own responsible persons stay. One audit event names both
 * units, both case responsibles and the posts that followed.
 */
export async function moveCaseToUnit(
  em: EntityManager,
  actor: Actor,
  input: { caseId: string; unitId: string; userId: string },
): Promise<Case> {
  await em.findOne(Case, { id: input.caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const c = await em.findOne(Case, { id: input.caseId }, { refresh: true });
  if (!c) throw notFound('The case');
  if (!isCaseChangeable(c.status)) {
    throw invalidState(
      c.status,
      `The case ${c.caseNumber} is ${c.status === CaseStatus.CLOSED ? 'closed' : 'cancelled'} and cannot move to another unit`,
    );
  }
  const unit = await em.findOne(Unit, { id: input.unitId });
  if (!unit) {
    throw badInput('responsibleUnitId', 'UNKNOWN_REFERENCE', 'responsibleUnitId names no unit');
  }
  const oldUnitId = c.responsibleUnit.id;
  if (oldUnitId === unit.id) {
    throw conflict(`The case ${c.caseNumber} already belongs to ${unit.name}`);
  }
  const user = await em.findOne(User, { id: input.userId });
  if (!user) throw badInput('userId', 'UNKNOWN_REFERENCE', 'userId names no user');

  const moved = await query<{ id: string }>(
    em,
    sql`update journal_post set responsible_unit_id = ${unit.id}, version = version + 1,
          updated_at = now()
        where case_id = ${c.id} and responsible_unit_id = ${oldUnitId}
        returning id`,
  );
  const oldResponsible = c.caseResponsible?.id ?? null;
  c.responsibleUnit = unit;
  c.caseResponsible = user;
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'case.changeResponsibleUnit',
    targetType: 'Case',
    targetId: c.id,
    changes: {
      responsibleUnitId: { old: oldUnitId, new: unit.id },
      caseResponsibleId: { old: oldResponsible, new: user.id },
      movedPostIds: { old: null, new: moved.map((p) => p.id).sort() },
    },
  });
  return c;
}
