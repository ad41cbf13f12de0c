import * as admin from '../domain/administration';
import { type AccessGroup, type Role, type ScreeningCode, type Unit, type User } from '../entities';
import { refuseAdministration, refuseSelfGrant } from '../policies/administration';
import { type AdminSubject } from '../policies/subjects';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';

/**
 * Administration (policies/administration.ts says who, domain/administration.ts what): units,
 * users, role grants, access groups and their members, screening codes. Every change is
 * authorized (`manage` on its subject), then made with its audit event in one transaction.
 */

/** Only administrators manage `subject` (also for the administrative reads of grant history). */
export function authorizeAdministration(ctx: ServiceContext, subject: AdminSubject): void {
  enforce(refuseAdministration(ctx.ability, subject));
}

function administrator(ctx: ServiceContext, subject: AdminSubject): admin.Actor {
  authorizeAdministration(ctx, subject);
  return actorOf(ctx);
}

export function createUnit(
  ctx: ServiceContext,
  input: { name: string; parentId: string | null },
): Promise<Unit> {
  const actor = administrator(ctx, 'Unit');
  return inTransaction(ctx, (em) => admin.createUnit(em, actor, input));
}

export function createUser(
  ctx: ServiceContext,
  input: { username: string; displayName: string; unitId: string | null; email: string | null },
): Promise<User> {
  const actor = administrator(ctx, 'User');
  return inTransaction(ctx, (em) => admin.createUser(em, actor, input));
}

export function setUserEmail(
  ctx: ServiceContext,
  input: { userId: string; email: string | null },
): Promise<User> {
  const actor = administrator(ctx, 'User');
  return inTransaction(ctx, (em) => admin.setUserEmail(em, actor, input));
}

type RoleInput = { userId: string; role: Role; unitId: string | null };

/** Separation of duties: another administrator must grant a role to the actor. */
export function assignRole(ctx: ServiceContext, input: RoleInput): Promise<User> {
  const actor = administrator(ctx, 'RoleGrant');
  enforce(refuseSelfGrant(ctx.viewer, input.userId, 'role'));
  return inTransaction(ctx, (em) => admin.assignRole(em, actor, input));
}

/** Ending a grant widens nothing: one's own may be ended too. */
export function revokeRole(ctx: ServiceContext, input: RoleInput): Promise<User> {
  const actor = administrator(ctx, 'RoleGrant');
  return inTransaction(ctx, (em) => admin.revokeRole(em, actor, input));
}

export function createAccessGroup(
  ctx: ServiceContext,
  input: { name: string; description: string | null },
): Promise<AccessGroup> {
  const actor = administrator(ctx, 'AccessGroup');
  return inTransaction(ctx, (em) => admin.createAccessGroup(em, actor, input));
}

export function endAccessGroup(ctx: ServiceContext, groupId: string): Promise<AccessGroup> {
  const actor = administrator(ctx, 'AccessGroup');
  return inTransaction(ctx, (em) => admin.endAccessGroup(em, actor, groupId));
}

type MembershipInput = { groupId: string; userId: string };

/** Separation of duties: another administrator must add the actor to a group. */
export function addAccessGroupMember(
  ctx: ServiceContext,
  input: MembershipInput,
): Promise<AccessGroup> {
  const actor = administrator(ctx, 'AccessGroupMembership');
  enforce(refuseSelfGrant(ctx.viewer, input.userId, 'membership'));
  return inTransaction(ctx, (em) => admin.addAccessGroupMember(em, actor, input));
}

/** Leaving a group widens nothing: one may remove oneself. */
export function removeAccessGroupMember(
  ctx: ServiceContext,
  input: MembershipInput,
): Promise<AccessGroup> {
  const actor = administrator(ctx, 'AccessGroupMembership');
  return inTransaction(ctx, (em) => admin.removeAccessGroupMember(em, actor, input));
}

/** A new code is valid from today (in Norway). */
export type ScreeningCodeInput = Omit<Parameters<typeof admin.createScreeningCode>[2], 'validFrom'>;

export function createScreeningCode(
  ctx: ServiceContext,
  input: ScreeningCodeInput,
): Promise<ScreeningCode> {
  const actor = administrator(ctx, 'ScreeningCode');
  return inTransaction(ctx, (em) =>
    admin.createScreeningCode(em, actor, { ...input, validFrom: ctx.today }),
  );
}

/** `validTo`: the last day of use; today (in Norway) when not given. */
export function endScreeningCode(
  ctx: ServiceContext,
  input: { id: string; validTo: string | null },
): Promise<ScreeningCode> {
  const actor = administrator(ctx, 'ScreeningCode');
  return inTransaction(ctx, (em) =>
    admin.endScreeningCode(em, actor, { id: input.id, validTo: input.validTo ?? ctx.today }),
  );
}

export function setScreeningCodeRequiresAccessGroup(
  ctx: ServiceContext,
  input: { id: string; requiresAccessGroup: boolean },
): Promise<ScreeningCode> {
  const actor = administrator(ctx, 'ScreeningCode');
  return inTransaction(ctx, (em) => admin.setScreeningCodeRequiresAccessGroup(em, actor, input));
}
