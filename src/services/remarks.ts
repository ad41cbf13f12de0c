import { addRemark, type NewRemark } from '../domain/remarks';
import { assertExpectedVersion } from '../domain/versions';
import { Case, JournalPost } from '../entities';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction, type Target } from './funnel';

/** Where a remark goes, per kind of record. */
const RECORDS = {
  Case: { entity: Case, label: 'The case', on: (caseId: string) => ({ caseId }) },
  JournalPost: {
    entity: JournalPost,
    label: 'The journal post',
    on: (journalPostId: string) => ({ journalPostId }),
  },
} as const;

/**
 * Legg til merknad (docs/noark5.md, "Merknad"): through the write funnel, in one transaction
 * with its audit event. The actor must read the record in full (policies/writes.ts: NOT_FOUND
 * when they do not see it, FORBIDDEN when they see it REDACTED). The record's version must still
 * be the one the client loaded, read after the write rule so that only those who may add a remark
 * learn it; a remark does not change the record's version. Returns the remark's id.
 */
function addRemarkTo(
  ctx: ServiceContext,
  subject: keyof typeof RECORDS,
  target: Target,
  input: NewRemark,
): Promise<string> {
  const actor = actorOf(ctx);
  const { entity, label, on } = RECORDS[subject];
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, subject, 'addRemark', target.id);
    if (target.expectedVersion !== null && target.expectedVersion !== undefined) {
      const record = await em.findOneOrFail<Case | JournalPost>(entity, { id: target.id });
      assertExpectedVersion(record, target.expectedVersion, label);
    }
    return (await addRemark(em, actor, on(target.id), input)).id;
  });
}

export const addCaseRemark = (ctx: ServiceContext, target: Target, input: NewRemark) =>
  addRemarkTo(ctx, 'Case', target, input);

export const addJournalPostRemark = (ctx: ServiceContext, target: Target, input: NewRemark) =>
  addRemarkTo(ctx, 'JournalPost', target, input);
