import { type EntityManager } from '@mikro-orm/postgresql';
import { JournalPost, JournalStatus, User } from '../../entities';
import { badInput, invalidState } from '../errors';
import { addWorkingDays } from '../workingDays';
import { type ActorToday, auditPost, registryId, snapshot, statusWord } from './common';
import { addCalendarDays, DEFAULT_DUE_DAYS } from './register';
import { mayDistribute } from './states';

/**
 * Fordeling (docs/daily-routines.md, "Distribution"): an incoming post gets its handler
 * (saksbehandler) and due date. WHO may distribute and who may be named is decided before, by the
 * services asking the policies; here only the post's state and the dates.
 */

/**
 * Brev som haster: the routines register urgent letters with a short due date ("f.eks 2 dager"),
 * counted in working days so that a letter distributed on a Friday is not due on the Sunday.
 */
export const URGENT_DUE_WORKING_DAYS = 2;

export interface Distribution {
  responsibleId: string;
  /** Forfallsdato; when none, urgent mail gets two working days, other mail three weeks */
  dueDate?: string | null;
  urgent?: boolean | null;
}

/**
 * The due date a distribution sets: the one given; else two working days for urgent mail; else
 * three weeks (21 calendar days) from today for a post handed out for the first time; a post
 * handed on to another handler keeps the due date it has.
 */
export function distributionDueDate(
  today: string,
  input: Pick<Distribution, 'dueDate' | 'urgent'>,
  current: { responsibleId: string | null; dueDate: string | null },
): string {
  if (input.dueDate) return input.dueDate;
  if (input.urgent) return addWorkingDays(today, URGENT_DUE_WORKING_DAYS);
  if (current.responsibleId && current.dueDate) return current.dueDate;
  return addCalendarDays(today, DEFAULT_DUE_DAYS);
}

/**
 * Fordele or omfordele a post: a new handler and/or due date, audited as `journalPost.distribute`
 * with the old and new values. Returns whether the handler changed (a new handler is told).
 */
export function distributeJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  input: Distribution,
): boolean {
  const state = {
    type: post.type,
    status: post.status,
    writeOffMethod: post.writeOffMethod ?? null,
  };
  if (!mayDistribute(state)) {
    throw invalidState(
      post.status,
      post.writeOffMethod
        ? `${registryId(post)} is written off; there is nothing left to distribute`
        : `${registryId(post)} is ${statusWord(post.status)}; only incoming posts still to be dealt with are distributed`,
    );
  }
  if (input.dueDate && input.dueDate < actor.today) {
    throw badInput('dueDate', 'OUT_OF_RANGE', 'dueDate must be today or later', {
      min: actor.today,
    });
  }
  const before = snapshot(post);
  const previous = post.responsible?.id ?? null;
  post.dueDate = distributionDueDate(actor.today, input, {
    responsibleId: previous,
    dueDate: post.dueDate ?? null,
  });
  if (previous !== input.responsibleId) {
    post.responsible = em.getReference(User, input.responsibleId);
  }
  if (JSON.stringify(before) === JSON.stringify(snapshot(post))) {
    throw badInput([], 'NOT_ALLOWED', 'The distribution changes nothing');
  }
  auditPost(em, actor, 'distribute', post, before);
  return previous !== input.responsibleId;
}

/**
 * The posts of a case that go with it to a new case responsible (assignCaseResponsible with
 * `carryOpenPosts`): not written off, cancelled or archived, whose handler was the previous case
 * responsible or nobody. Each is audited as `journalPost.distribute`; returns those moved.
 */
export async function carryOpenPosts(
  em: EntityManager,
  actor: ActorToday,
  input: { caseId: string; previousResponsibleId: string | null; responsibleId: string },
): Promise<JournalPost[]> {
  const previous = input.previousResponsibleId;
  // The new case responsible is written first: `refresh` reloads the case with its posts, and
  // would otherwise take back the change not yet flushed.
  await em.flush();
  const posts = await em.find(
    JournalPost,
    {
      case: input.caseId,
      status: { $nin: [JournalStatus.CANCELLED, JournalStatus.ARCHIVED] },
      writeOffMethod: null,
      $or: [{ responsible: null }, ...(previous ? [{ responsible: previous }] : [])],
    },
    { populate: ['case'], orderBy: { documentNumber: 'asc' }, refresh: true },
  );
  const moved = posts.filter((p) => p.responsible?.id !== input.responsibleId);
  for (const post of moved) {
    const before = snapshot(post);
    post.responsible = em.getReference(User, input.responsibleId);
    auditPost(em, actor, 'distribute', post, before, {
      reason: 'Carried along to the new case responsible (saksansvarlig)',
    });
  }
  return moved;
}
