import { type EntityManager } from '@mikro-orm/postgresql';
import { Case, JournalPost, Remark, RemarkType, User } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { badInput, notFound } from './errors';

/**
 * Merknad (docs/noark5.md, "Merknad"): remarks on a case or a journal post. A remark is
 * append-only: once added it is never changed or deleted (a database trigger holds that too); a
 * mistake is put right by a new remark of type CORRECTION that names the remark it corrects, so
 * the record shows what was written, when and by whom, and what was corrected. A remark may be
 * added in any state of its record, closed ones included: it adds to the record's history and
 * changes none of its content. WHO may add one (whoever reads the record in full) is decided
 * before, by the service asking the policies.
 */

export const REMARK_TEXT_MAX = 4000;

/** The record a remark is on: exactly one of the two. */
export type RemarkRecord = { caseId: string } | { journalPostId: string };

export interface NewRemark {
  type: RemarkType;
  text: string;
  /** The remark a CORRECTION corrects (of the same record) */
  correctsId?: string | null;
}

/** Merknadstekst: required, trimmed, at most REMARK_TEXT_MAX characters. */
export function remarkText(text: string, field = 'text'): string {
  const t = text.trim();
  if (!t) throw badInput(field, 'REQUIRED', 'Write the remark (merknadstekst)');
  if (t.length > REMARK_TEXT_MAX) {
    throw badInput(field, 'TOO_LONG', `A remark must be at most ${REMARK_TEXT_MAX} characters`, {
      max: REMARK_TEXT_MAX,
    });
  }
  return t;
}

const recordOf = (em: EntityManager, on: RemarkRecord) =>
  'caseId' in on
    ? { case: em.getReference(Case, on.caseId), journalPost: null }
    : { case: null, journalPost: em.getReference(JournalPost, on.journalPostId) };

/**
 * Adds the remark to the unit of work, without an audit event of its own: for a change that
 * audits the remark in its own event (closing a case with a remark).
 */
export function createRemark(
  em: EntityManager,
  actor: Actor,
  on: RemarkRecord,
  input: { type: RemarkType; text: string; corrects?: Remark | null },
): Remark {
  return em.create(Remark, {
    ...recordOf(em, on),
    type: input.type,
    text: input.text,
    registeredBy: em.getReference(User, actor.userId),
    registeredAt: new Date(),
    corrects: input.corrects ?? null,
  });
}

/** The remark a correction names: one of the same record, else a field error. */
async function correctedRemark(
  em: EntityManager,
  on: RemarkRecord,
  input: NewRemark,
): Promise<Remark | null> {
  const correcting = input.type === RemarkType.CORRECTION;
  if (!correcting) {
    if (input.correctsId) {
      throw badInput('correctsId', 'NOT_ALLOWED', 'Only a CORRECTION names the remark it corrects');
    }
    return null;
  }
  if (!input.correctsId) {
    throw badInput('correctsId', 'REQUIRED', 'Name the remark (merknad) this one corrects');
  }
  const where =
    'caseId' in on
      ? { id: input.correctsId, case: on.caseId }
      : { id: input.correctsId, journalPost: on.journalPostId };
  const corrected = await em.findOne(Remark, where);
  if (!corrected) {
    throw badInput('correctsId', 'UNKNOWN_REFERENCE', 'correctsId names no remark of this record');
  }
  return corrected;
}

/**
 * Legg til merknad: a remark of the given type on the record, audited as
 * `case.addRemark`/`journalPost.addRemark`. The audit event names the remark and its type, not its
 * text: the remark itself is never changed, so the text needs no second copy in the trail. A
 * CLOSING remark is written only by closing the case (closeCase).
 */
export async function addRemark(
  em: EntityManager,
  actor: Actor,
  on: RemarkRecord,
  input: NewRemark,
): Promise<Remark> {
  if (input.type === RemarkType.CLOSING) {
    throw badInput('type', 'NOT_ALLOWED', 'A closing remark is given when the case is closed');
  }
  const text = remarkText(input.text);
  const exists =
    'caseId' in on
      ? await em.count(Case, { id: on.caseId })
      : await em.count(JournalPost, { id: on.journalPostId });
  if (!exists) throw notFound('caseId' in on ? 'The case' : 'The journal post');
  const corrects = await correctedRemark(em, on, input);
  const remark = createRemark(em, actor, on, { type: input.type, text, corrects });
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'caseId' in on ? 'case.addRemark' : 'journalPost.addRemark',
    targetType: 'caseId' in on ? 'Case' : 'JournalPost',
    targetId: 'caseId' in on ? on.caseId : on.journalPostId,
    changes: {
      remark: {
        old: null,
        new: { id: remark.id, type: remark.type, correctsId: corrects?.id ?? null },
      },
    },
  });
  return remark;
}
