import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { loadClass } from '../domain/classification';
import * as disposal from '../domain/disposal';
import { invalidState, notFound } from '../domain/errors';
import { ArchivePart, type Class, type Disposal } from '../entities';
import { refuseArchivePartAdministration } from '../policies/archiveParts';
import { refuseClassAdministration } from '../policies/classification';
import {
  descriptionNotReadInFull,
  NOT_ALL_READ_IN_FULL,
  refuseDisposal,
} from '../policies/disposal';
import { postsNotReadInFull } from '../policies/moves';
import { refuseUnlessFull } from '../policies/writes';
import { dueCaseIds } from '../queries/disposal';
import { caseFacts, journalPostFacts } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction, type Target } from './funnel';

/**
 * Bevaring og kassasjon (docs/noark5.md): setting decisions, and the four-eyes disposal. Each
 * change is authorized first (policies/disposal.ts: archivists; every record concerned read in
 * full), then made with its audit events in one transaction (domain/disposal.ts).
 */

/** Sets the disposal decision of a class: whoever administers the class (a screened one: archivists). */
export function setClassDisposalRule(
  ctx: ServiceContext,
  id: string,
  rule: disposal.DisposalRule | null,
): Promise<Class> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const k = await loadClass(em, id);
    enforce(refuseClassAdministration(ctx.ability, k.screened));
    return disposal.setDisposalRule(em, actor, k, rule);
  });
}

/** Sets the disposal decision of an archive part: administrators and archivists. */
export function setArchivePartDisposalRule(
  ctx: ServiceContext,
  id: string,
  rule: disposal.DisposalRule | null,
): Promise<ArchivePart> {
  const actor = actorOf(ctx);
  enforce(refuseArchivePartAdministration(ctx.ability));
  return inTransaction(ctx, async (em) => {
    const part = await em.findOne(ArchivePart, { id });
    if (!part) throw notFound('The archive part');
    return disposal.setDisposalRule(em, actor, part, rule);
  });
}

/**
 * Write rights never exceed read rights: the archivist reads every case named in full, every
 * single document's post, case and the document itself in full, and every post and document of
 * the cases named (they are all destroyed). NOT_FOUND for a record they do not see.
 */
async function authorizeTargets(
  ctx: ServiceContext,
  em: EntityManager,
  targets: disposal.DisposalTargets,
): Promise<void> {
  const descriptionIds = targets.documents.map((d) => d.id);
  const placed = descriptionIds.length
    ? await query<{ id: string; journal_post_id: string; case_id: string }>(
        em,
        sql`select dd.id, dd.journal_post_id, jp.case_id from document_description dd
          join journal_post jp on jp.id = dd.journal_post_id where dd.id in (${descriptionIds})`,
      )
    : [];
  const place = new Map(placed.map((p) => [p.id, p]));
  const cases = await caseFacts(em, [...targets.caseIds, ...placed.map((p) => p.case_id)]);
  for (const id of targets.caseIds) enforce(refuseUnlessFull(ctx.ability, 'Case', cases.get(id)));
  const posts = await journalPostFacts(
    em,
    placed.map((p) => p.journal_post_id),
  );
  for (const id of descriptionIds) {
    const p = place.get(id);
    const onPost = refuseUnlessFull(ctx.ability, 'JournalPost', p && posts.get(p.journal_post_id));
    if (onPost?.code === 'NOT_FOUND') throw notFound('The document description');
    enforce(onPost ?? refuseUnlessFull(ctx.ability, 'Case', cases.get(p!.case_id)));
  }
  const caseIds = targets.caseIds.length ? targets.caseIds : [null];
  const singles = descriptionIds.length ? descriptionIds : [null];
  const [unread] = await query<{ found: boolean }>(
    em,
    sql`select exists (select 1 from journal_post jp join case_file c on c.id = jp.case_id
          where jp.case_id in (${caseIds}) and ${postsNotReadInFull(ctx.ability, 'jp', 'c')})
        or exists (select 1 from document_description dd
          join journal_post jp on jp.id = dd.journal_post_id join case_file c on c.id = jp.case_id
          where (jp.case_id in (${caseIds}) or dd.id in (${singles}))
            and ${descriptionNotReadInFull(ctx.ability, 'dd', 'jp', 'c')}) as found`,
  );
  if (unread!.found) enforce(NOT_ALL_READ_IN_FULL);
}

/** Every case named is due for disposal today (closed, DISPOSE, its date come, not disposed). */
async function assertCasesDue(ctx: ServiceContext, em: EntityManager, caseIds: string[]) {
  const due = await dueCaseIds(em, ctx.today, caseIds);
  const notDue = caseIds.filter((id) => !due.has(id));
  if (notDue.length) {
    throw invalidState(
      'NOT_DUE',
      `${notDue.length === 1 ? 'A case named is' : `${notDue.length} cases named are`} not due for disposal: closed, with the decision DISPOSE (kasseres) and its disposal date (kassasjonsdato) come, and not disposed of yet`,
    );
  }
}

/** Kassasjon proposed by an archivist; nothing is destroyed yet. */
export function proposeDisposal(
  ctx: ServiceContext,
  input: disposal.DisposalTargets & { basis: string },
): Promise<Disposal> {
  const actor = actorOf(ctx);
  enforce(refuseDisposal(ctx.ability, 'carryOut'));
  disposal.checkTargets(input);
  return inTransaction(ctx, async (em) => {
    await authorizeTargets(ctx, em, input);
    await assertCasesDue(ctx, em, input.caseIds);
    return disposal.proposeDisposal(em, actor, input);
  });
}

/**
 * The second archivist confirms: the checks of the proposal are made again for them (they too
 * read everything concerned in full; the cases are still due), and the bytes are destroyed.
 */
export function confirmDisposal(ctx: ServiceContext, target: Target): Promise<Disposal> {
  const actor = actorOf(ctx);
  enforce(refuseDisposal(ctx.ability, 'carryOut'));
  return inTransaction(ctx, async (em) => {
    const d = await disposal.proposedDisposal(em, target.id, target.expectedVersion);
    disposal.assertSecondArchivist(d, actor);
    const targets = await disposal.targetsOf(em, d.id);
    await authorizeTargets(ctx, em, targets);
    await assertCasesDue(ctx, em, targets.caseIds);
    await disposal.checkSingleDocuments(em, targets.documents);
    await disposal.confirmDisposal(em, actor, d, targets);
    return d;
  });
}

/** A proposal cancelled by an archivist who reads everything it names in full. */
export function cancelDisposal(ctx: ServiceContext, target: Target): Promise<Disposal> {
  const actor = actorOf(ctx);
  enforce(refuseDisposal(ctx.ability, 'carryOut'));
  return inTransaction(ctx, async (em) => {
    const d = await disposal.proposedDisposal(em, target.id, target.expectedVersion);
    await authorizeTargets(ctx, em, await disposal.targetsOf(em, d.id));
    return disposal.cancelDisposal(em, actor, d);
  });
}
