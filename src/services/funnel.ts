import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { type ActorToday } from '../domain/journalPosts';
import { AppError, conflict, unauthenticated } from '../domain/errors';
import { caseRefusals } from '../policies/cases';
import { journalPostRefusals } from '../policies/journalPosts';
import { type Tagged } from '../policies/subjects';
import {
  type RecordSubject,
  type Refusal,
  type Refusals,
  refuseRecordWrite,
  type WriteAction,
} from '../policies/writes';
import { caseFacts, journalPostFacts } from '../queries/facts';
import { type ServiceContext } from './context';

/**
 * The write funnel (docs/architecture.md, "Writes"): every change, from every adapter, is
 *
 *   authorize (policies) → transaction → domain rule → audit event → commit,
 *
 * and the adapter then reads the result back as the viewer sees it. This file holds the pieces
 * every service uses: who acts, the transaction with its one error mapping, and the one rule of
 * NOT_FOUND before FORBIDDEN.
 */

/**
 * The record a change is about, with the version the client loaded (`expectedVersion`, optimistic
 * concurrency); none means whatever the version is now.
 */
export interface Target {
  id: string;
  expectedVersion?: number | null;
}

/** The signed-in actor of a change; the public may change no records and is told to sign in. */
export function actorOf(ctx: ServiceContext): ActorToday {
  if (ctx.viewer.kind !== 'user') throw unauthenticated('Sign in to change records');
  return { userId: ctx.viewer.userId, requestId: ctx.requestId, today: ctx.today };
}

/**
 * Runs a change in one transaction with its audit event: a refusal or failure anywhere rolls back
 * everything, audit included. A concurrent change of the same record is CONFLICT.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.em.transactional(work);
  } catch (err) {
    if (err instanceof OptimisticLockError) {
      throw conflict('Someone else changed this record at the same time; reload it and try again');
    }
    if (err instanceof UniqueConstraintViolationException) {
      throw conflict('The change clashes with a record that was saved at the same time; try again');
    }
    throw err;
  }
}

/** A refusal of the policies as the error the client gets; `prefix` names the part refused. */
export function refused(refusal: Refusal, prefix = ''): AppError {
  return new AppError(refusal.code, `${prefix}${refusal.message}`);
}

/** Throws the refusal, if any. */
export function enforce(refusal: Refusal | null): void {
  if (refusal) throw refused(refusal);
}

const REFUSALS: { [S in RecordSubject]: Refusals<S> } = {
  Case: caseRefusals,
  JournalPost: journalPostRefusals,
};

const loadFacts = {
  Case: caseFacts,
  JournalPost: journalPostFacts,
} as const;

/**
 * The viewer may `action` the record, read on the write's transaction (policies/writes.ts):
 * NOT_FOUND when it does not exist for them, FORBIDDEN when they do not read it in full or no rule
 * gives the action. Returns the record's policy fields for further checks.
 */
export async function authorizeWrite<S extends RecordSubject>(
  ctx: ServiceContext,
  em: EntityManager,
  subject: S,
  action: WriteAction<S>,
  id: string | null,
): Promise<Tagged<S>> {
  const record = id
    ? ((await loadFacts[subject](em, [id])).get(id) as Tagged<S> | undefined)
    : undefined;
  enforce(refuseRecordWrite(ctx.ability, subject, action, record, REFUSALS[subject]));
  return record!;
}

/** The refusal texts of a record subject, for `viewerCan` and messages. */
export const refusalsOf = <S extends RecordSubject>(subject: S): Refusals<S> => REFUSALS[subject];
