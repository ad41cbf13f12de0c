import { type EntityManager } from '@mikro-orm/postgresql';
import * as parties from '../domain/caseParties';
import * as cases from '../domain/cases';
import { type ActorToday } from '../domain/journalPosts';
import { forbidden } from '../domain/errors';
import { moveCaseToUnit } from '../domain/moves';
import { assertExpectedVersion } from '../domain/versions';
import { caseRefusals } from '../policies/cases';
import { mayBeInternalContact, mayBeResponsible } from '../policies/eligibility';
import { asSubject, type Tagged } from '../policies/subjects';
import { refuseRecordWrite, type WriteAction } from '../policies/writes';
import { caseFacts } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, enforce, inTransaction, type Target } from './funnel';
import { carryOpenPosts as carryPosts } from './distribution';
import { ensureReadsEveryPost } from './moves';
import { ensureEligible } from './namedTargets';

/**
 * Every change to a case (sak), whichever adapter asks: in one transaction, the policies decide
 * whether the actor may (policies/cases.ts through the write rule of policies/writes.ts), the
 * eligibility rules whether the users named may be (policies/eligibility.ts), and the domain
 * (domain/cases.ts) whether the case's state allows it, makes the change and audits it. Each
 * returns the case's id; the adapter reads the case back as the actor sees it.
 */

/** A new case (ny sak), ids already resolved by the adapter; the service adds the rest. */
export type NewCase = Omit<cases.CreateCaseData, 'today' | 'checkedByArchive'>;

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

/**
 * The version the client loaded must still be the case's (read after the write rule, so that
 * only those who may change the case learn its version).
 */
async function ensureVersion(em: EntityManager, target: Target): Promise<void> {
  if (target.expectedVersion === null || target.expectedVersion === undefined) return;
  const current = await cases.loadCase(em, target.id);
  assertExpectedVersion(current, target.expectedVersion, `The case ${current.caseNumber}`);
}

/**
 * One action on one case, in one transaction: the write rule (NOT_FOUND, FORBIDDEN), the
 * expected version, then `check` for what the action names, then the domain's change. Returns
 * the case's id.
 */
export function onCase(
  ctx: ServiceContext,
  target: Target,
  action: WriteAction<'Case'>,
  change: (em: EntityManager, actor: ActorToday) => Promise<unknown>,
  check?: (em: EntityManager, facts: Tagged<'Case'>) => Promise<void> | void,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const facts = await authorizeWrite(ctx, em, 'Case', action, target.id);
    await ensureVersion(em, target);
    await check?.(em, facts);
    await change(em, actor);
    return target.id;
  });
}

/** Opprett sak: for a unit where the actor is a case handler or leader (archivists anywhere). */
export async function createCase(ctx: ServiceContext, input: NewCase): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const unit = await cases.responsibleUnit(em, input.responsibleUnitId);
    // The new case is of the organisation the request acts in.
    const subject = asSubject('Case', {
      responsibleUnitId: unit.id,
      organisationId: ctx.organisation!.id,
    });
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
export const updateCase = (
  ctx: ServiceContext,
  target: Target,
  changes: CaseChanges,
): Promise<string> =>
  onCase(
    ctx,
    target,
    'update',
    (em, actor) => cases.updateCase(em, actor, target.id, { ...changes, today: ctx.today }),
    (_em, facts) => ensureMayChangeAccessGroup(ctx, facts, changes.accessGroupId),
  );

/** Godkjenn sak: the archive's check. */
export const approveCase = (ctx: ServiceContext, target: Target): Promise<string> =>
  onCase(ctx, target, 'approve', (em, actor) => cases.approveCase(em, actor, target.id));

/**
 * Avslutt sak: for good when the actor may close as the archive, else as its handler; with a
 * remark saying why (a CLOSING merknad), stored and audited in the same transaction.
 */
export function closeCase(
  ctx: ServiceContext,
  target: Target,
  remark: string | null = null,
): Promise<string> {
  const actor = actorOf(ctx);
  const { id } = target;
  return inTransaction(ctx, async (em) => {
    const facts = (await caseFacts(em, [id])).get(id);
    const byArchive = !!facts && ctx.ability.can('close', facts);
    const action = byArchive ? 'close' : 'closeByHandler';
    enforce(refuseRecordWrite(ctx.ability, 'Case', action, facts, caseRefusals));
    await ensureVersion(em, target);
    await cases.closeCase(em, actor, id, { byArchive, today: ctx.today, remark });
    return id;
  });
}

/** Gjenåpne sak (the archive), with a reason. */
export function reopenCase(ctx: ServiceContext, target: Target, reason: string): Promise<string> {
  cases.requiredReason(reason, 'reopening the case');
  return onCase(ctx, target, 'reopen', (em, actor) =>
    cases.reopenCase(em, actor, target.id, reason),
  );
}

/** Sak utgår, with a reason. */
export function cancelCase(ctx: ServiceContext, target: Target, reason: string): Promise<string> {
  cases.requiredReason(reason, 'cancelling the case');
  return onCase(ctx, target, 'cancel', (em, actor) =>
    cases.cancelCase(em, actor, target.id, reason),
  );
}

/** Legg til intern kontakt: the user must hold a role (an internal user). */
export const addInternalContact = (
  ctx: ServiceContext,
  target: Target,
  userId: string,
): Promise<string> =>
  onCase(
    ctx,
    target,
    'manageContacts',
    (em, actor) => cases.addInternalContact(em, actor, { caseId: target.id, userId }),
    (em) => ensureEligible(em, 'userId', userId, mayBeInternalContact, 'internalContact'),
  );

/** Fjern intern kontakt. */
export const removeInternalContact = (
  ctx: ServiceContext,
  target: Target,
  userId: string,
): Promise<string> =>
  onCase(ctx, target, 'manageContacts', (em, actor) =>
    cases.removeInternalContact(em, actor, { caseId: target.id, userId }),
  );

/**
 * Tildel saksansvarlig: to a case handler or leader of the case's unit, or an archivist. With a
 * new responsible unit the case moves there with its posts (a pupil changes school,
 * domain/moves.ts): the new case responsible must belong to the new unit, and the actor must read
 * every post of the case in full, as they all go to the new unit. With `carryOpenPosts` the case's
 * open posts whose handler was the previous case responsible, or nobody, go to the new one in the
 * same transaction (services/distribution.ts); the actor must read each post in full then too.
 */
export function assignCaseResponsible(
  ctx: ServiceContext,
  target: Target,
  userId: string,
  unitId: string | null = null,
  carryOpenPosts = false,
): Promise<string> {
  let previousResponsibleId: string | null = null;
  return onCase(
    ctx,
    target,
    'assignResponsible',
    async (em, actor) => {
      if (unitId) await moveCaseToUnit(em, actor, { caseId: target.id, unitId, userId });
      else await cases.assignCaseResponsible(em, actor, { caseId: target.id, userId });
      if (carryOpenPosts) {
        await carryPosts(em, actor, {
          caseId: target.id,
          previousResponsibleId,
          responsibleId: userId,
        });
      }
    },
    async (em, facts) => {
      previousResponsibleId = (facts.caseResponsibleId as string | null) ?? null;
      if (unitId) await cases.responsibleUnit(em, unitId);
      if (unitId || carryOpenPosts) await ensureReadsEveryPost(ctx, em, target.id);
      await ensureResponsible(em, 'userId', userId, unitId ?? (facts.responsibleUnitId as string));
    },
  );
}

/**
 * Legg til, endre, fjerne sakspart: a change of the case (the `update` rule, so only those who
 * read the case in full), refused on a closed or cancelled case (domain/caseParties.ts).
 */
export const addCaseParty = (
  ctx: ServiceContext,
  target: Target,
  party: parties.PartyInput & { position?: number | null },
): Promise<string> =>
  onCase(ctx, target, 'update', (em, actor) => parties.addCaseParty(em, actor, target.id, party));

export const updateCaseParty = (
  ctx: ServiceContext,
  target: Target,
  partyId: string,
  changes: parties.PartyInput & { position?: number | null },
): Promise<string> =>
  onCase(ctx, target, 'update', (em, actor) =>
    parties.updateCaseParty(em, actor, target.id, partyId, changes),
  );

export const removeCaseParty = (
  ctx: ServiceContext,
  target: Target,
  partyId: string,
): Promise<string> =>
  onCase(ctx, target, 'update', (em, actor) =>
    parties.removeCaseParty(em, actor, target.id, partyId),
  );
