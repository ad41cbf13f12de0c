import { type EntityManager } from '@mikro-orm/postgresql';
import { addRemark, type NewRemark } from '../domain/remarks';
import { assertExpectedVersion } from '../domain/versions';
import { Case, JournalPost } from '../entities';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction, type Target } from './funnel';

/**
 * The record's version must still be the one the client loaded (read after the write rule, so
 * only those who may add a remark learn it). A remark does not change the record's version.
 */
async function ensureVersion(
  em: EntityManager,
  entity: typeof Case | typeof JournalPost,
  target: Target,
  label: string,
): Promise<void> {
  if (target.expectedVersion === null || target.expectedVersion === undefined) return;
  const record = await em.findOneOrFail(entity, { id: target.id });
  assertExpectedVersion(record, target.expectedVersion, label);
}

/**
 * Legg til merknad (docs/noark5.md, "Merknad"): through the write funnel, in one transaction
 * with its audit event. The actor must read the record in full (policies/writes.ts: NOT_FOUND
 * when they do not see it, FORBIDDEN when they see it REDACTED). Returns the remark's id.
 */
export function addCaseRemark(
  ctx: ServiceContext,
  target: Target,
  input: NewRemark,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'addRemark', target.id);
    await ensureVersion(em, Case, target, 'The case');
    return (await addRemark(em, actor, { caseId: target.id }, input)).id;
  });
}

export function addJournalPostRemark(
  ctx: ServiceContext,
  target: Target,
  input: NewRemark,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'JournalPost', 'addRemark', target.id);
    await ensureVersion(em, JournalPost, target, 'The journal post');
    return (await addRemark(em, actor, { journalPostId: target.id }, input)).id;
  });
}
