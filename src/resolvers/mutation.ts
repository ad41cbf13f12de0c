import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { type Actor } from '../domain/administration';
import { conflict, forbidden, notFound } from '../domain/errors';
import { type Action } from '../policies/ability';
import { caseFacts, journalPostFacts } from '../policies/facts';
import { type Context } from './context';

/** The signed-in actor of a mutation; the public may change no records. */
export function actorOf(ctx: Context): Actor {
  if (ctx.viewer.kind !== 'user') throw forbidden('Sign in to change records');
  return { userId: ctx.viewer.userId, requestId: ctx.requestId };
}

/**
 * Runs a mutation in one transaction with its audit event: a refusal or failure anywhere rolls
 * back everything, audit included. A concurrent change of the same record is CONFLICT.
 */
export async function mutate<T>(ctx: Context, work: (em: EntityManager) => Promise<T>): Promise<T> {
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

/**
 * The viewer may `action` the record: NOT_FOUND when it does not exist for them (never
 * confirming it exists), FORBIDDEN when they see it but may not do this.
 */
export async function authorize(
  ctx: Context,
  em: EntityManager,
  action: Action,
  subject: 'Case' | 'JournalPost',
  id: string | null,
  refusal: string,
): Promise<void> {
  const what = subject === 'Case' ? 'The case' : 'The journal post';
  if (!id) throw notFound(what);
  const facts = subject === 'Case' ? await caseFacts(em, [id]) : await journalPostFacts(em, [id]);
  const record = facts.get(id);
  if (!record || !ctx.ability.can('read', record)) throw notFound(what);
  if (!ctx.ability.can(action, record)) throw forbidden(refusal);
}
