import { type EntityManager } from '@mikro-orm/postgresql';
import * as cases from '../domain/cases';
import { forbidden } from '../domain/errors';
import { assertExpectedVersion } from '../domain/versions';
import { type ScreenedField } from '../entities';
import { caseRefusals } from '../policies/cases';
import { mayBeInternalContact, mayBeResponsible } from '../policies/eligibility';
import { asSubject, type Tagged } from '../policies/subjects';
import { refuseRecordWrite } from '../policies/writes';
import { caseFacts } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, enforce, inTransaction } from './funnel';
import { ensureEligible } from './namedTargets';

/**
 * Every change to a case (sak), whichever adapter asks: in one transaction, the policies decide
 * whether the actor may (policies/cases.ts through the write rule of policies/writes.ts), the
 * eligibility rules whether the users named may be (policies/eligibility.ts), and the domain
 * (domain/cases.ts) whether the case's state allows it, makes the change and audits it. Each
 * returns the case's id; the adapter reads the case back as the actor sees it.
 */

/** A new case (ny sak); ids already resolved by the adapter. */
export interface NewCase {
  title: string;
  publicTitle: string | null;
  responsibleUnitId: string;
  caseResponsibleId: string | null;
  accessGroupId: string | null;
  screeningCodeId: string | null;
  screenedFields: ScreenedField[] | null;
  legalBasis: string | null;
}

/** The changes of an update: undefined = keep; null = clear (or back to the default). */
export type CaseChanges = Omit<cases.UpdateCaseData, 'today'>;

/** A change of the case's access group needs its own rule, on top of `update`. */
function ensureMayChangeAccessGroup(
  ctx: ServiceContext,
  facts: Tagged<'Case'>,
  accessGroupId: string | null | undefined,
): void {
  if (accessGroupId === undefined || accessGroupId === (facts.accessGroupId ?? null)) return;
  enforce(refuseRecordWrite(ctx.ability, 'Case', 'changeAccessGroup', facts, caseRefusals));
}

/** The case responsible named must belong to the case's unit. */
function ensureResponsible(em: EntityManager, field: string, userId: string, unitId: string) {
  return ensureEligible(em, field, userId, (c) => mayBeResponsible(c, [unitId]), 'responsible');
}

/** Opprett sak: for a unit where the actor is a case handler or leader (archivists anywhere). */
export async function createCase(ctx: ServiceContext, input: NewCase): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const unit = await cases.responsibleUnit(em, input.responsibleUnitId);
    const subject = asSubject('Case', { responsibleUnitId: unit.id });
    if (!ctx.ability.can('create', subject)) {
      throw forbidden(`You may not create cases for ${unit.name}`);
    }
    if (input.caseResponsibleId) {
      await ensureResponsible(em, 'caseResponsibleId', input.caseResponsibleId, unit.id);
    }
    // Whoever may do the archive's check creates a case that needs none.
    const checkedByArchive = ctx.ability.can('approve', subject);
    const created = await cases.createCase(em, actor, {
      ...input,
      today: ctx.today,
      checkedByArchive,
    });
    return created.id;
  });
}

/** Endre sak; a new access group also needs `changeAccessGroup`. */
export async function updateCase(
  ctx: ServiceContext,
  id: string,
  changes: CaseChanges,
  expectedVersion?: number | null,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = await authorizeWrite(ctx, em, 'Case', 'update', id);
    ensureMayChangeAccessGroup(ctx, facts, changes.accessGroupId);
    const current = await cases.loadCase(em, id);
    assertExpectedVersion(current, expectedVersion, `The case ${current.caseNumber}`);
    await cases.updateCase(em, actor, id, { ...changes, today: ctx.today });
    return id;
  });
}

/** Godkjenn sak: the archive's check. */
export function approveCase(ctx: ServiceContext, id: string): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'approve', id);
    await cases.approveCase(em, actor, id);
    return id;
  });
}

/** Avslutt sak: for good when the actor may close as the archive, else as its handler. */
export function closeCase(ctx: ServiceContext, id: string): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = (await caseFacts(em, [id])).get(id);
    const byArchive = !!facts && ctx.ability.can('close', facts);
    const action = byArchive ? 'close' : 'closeByHandler';
    enforce(refuseRecordWrite(ctx.ability, 'Case', action, facts, caseRefusals));
    await cases.closeCase(em, actor, id, { byArchive, today: ctx.today });
    return id;
  });
}

/** Gjenåpne sak (the archive), with a reason. */
export function reopenCase(ctx: ServiceContext, id: string, reason: string): Promise<string> {
  const actor = actorOf(ctx);
  cases.requiredReason(reason, 'reopening the case');
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'reopen', id);
    await cases.reopenCase(em, actor, id, reason);
    return id;
  });
}

/** Sak utgår, with a reason. */
export function cancelCase(ctx: ServiceContext, id: string, reason: string): Promise<string> {
  const actor = actorOf(ctx);
  cases.requiredReason(reason, 'cancelling the case');
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'cancel', id);
    await cases.cancelCase(em, actor, id, reason);
    return id;
  });
}

/** Legg til intern kontakt: the user must hold a role (an internal user). */
export function addInternalContact(
  ctx: ServiceContext,
  ids: { caseId: string; userId: string },
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'manageContacts', ids.caseId);
    await ensureEligible(em, 'userId', ids.userId, mayBeInternalContact, 'internalContact');
    await cases.addInternalContact(em, actor, ids);
    return ids.caseId;
  });
}

/** Fjern intern kontakt. */
export function removeInternalContact(
  ctx: ServiceContext,
  ids: { caseId: string; userId: string },
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'Case', 'manageContacts', ids.caseId);
    await cases.removeInternalContact(em, actor, ids);
    return ids.caseId;
  });
}

/** Tildel saksansvarlig: to a case handler or leader of the case's unit, or an archivist. */
export function assignCaseResponsible(
  ctx: ServiceContext,
  ids: { caseId: string; userId: string },
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = await authorizeWrite(ctx, em, 'Case', 'assignResponsible', ids.caseId);
    await ensureResponsible(em, 'userId', ids.userId, facts.responsibleUnitId as string);
    await cases.assignCaseResponsible(em, actor, ids);
    return ids.caseId;
  });
}
