import { type EntityManager } from '@mikro-orm/postgresql';
import {
  AccessGroup,
  AccessGroupMembership,
  Role,
  RoleGrant,
  ScreenedField,
  ScreeningCode,
  Unit,
  User,
} from '../entities';
import {
  isGroupOpen,
  mayDeactivateUser,
  mayEndScreeningCode,
  takesRoles,
} from './administrationStates';
import { recordAudit } from './audit';
import { badInput, conflict, invalidState, notFound } from './errors';
import { InputErrors } from './inputErrors';
import { checkEmail } from './insightRequests/input';

/**
 * Administration: units, users, role grants, access groups and screening codes. Grants,
 * memberships and codes are ended, never deleted, so their history can be asked for later
 * ("who was in Personal on 2026-03-01"). Each function runs inside the caller's transaction and
 * adds its audit event there.
 */
export interface Actor {
  userId: string;
  requestId: string;
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function required(field: string, value: string, max = 200): string {
  const v = value.trim();
  if (!v) throw badInput(field, 'REQUIRED', `${field} must not be empty`);
  if (v.length > max) {
    throw badInput(field, 'TOO_LONG', `${field} must be at most ${max} characters`, { max });
  }
  return v;
}

/** The states of records without a status column, as `extensions.state` names them. */
const DEACTIVATED = 'DEACTIVATED';
const ENDED = 'ENDED';

async function mustFind<T extends object>(
  em: EntityManager,
  entity: new () => T,
  id: string | null,
  what: string,
): Promise<T> {
  const found = id ? await em.findOne(entity, { id } as never) : null;
  if (!found) throw notFound(what);
  return found as T;
}

const now = () => new Date();

/** Valid now: started, and not ended. */
const current = () => {
  const at = now();
  return { validFrom: { $lte: at }, $or: [{ validTo: null }, { validTo: { $gt: at } }] };
};

export async function createUnit(
  em: EntityManager,
  actor: Actor,
  input: { name: string; parentId: string | null },
): Promise<Unit> {
  const name = required('name', input.name);
  if (await em.count(Unit, { name })) throw conflict(`A unit named "${name}" already exists`);
  const parent = input.parentId
    ? await mustFind(em, Unit, input.parentId, 'The parent unit')
    : null;
  const unit = em.create(Unit, { name, parent });
  recordAudit(em, {
    ...audit(actor, 'unit.create', 'Unit', unit.id),
    changes: { name: { old: null, new: name }, parentId: { old: null, new: parent?.id ?? null } },
  });
  return unit;
}

function audit(actor: Actor, action: string, targetType: string, targetId: string) {
  return { actorId: actor.userId, requestId: actor.requestId, action, targetType, targetId };
}

/** A user's e-mail address (for notices, docs/notices.md): none, or a valid one. */
function userEmail(value: string | null | undefined): string | null {
  return value?.trim() ? checkEmail(value, 'email') : null;
}

export async function createUser(
  em: EntityManager,
  actor: Actor,
  input: { username: string; displayName: string; unitId: string | null; email?: string | null },
): Promise<User> {
  const errors = new InputErrors();
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    errors.add(
      'username',
      'INVALID_FORMAT',
      'username must be 2–64 characters: lower-case letters, digits, dot, dash or underscore',
    );
  }
  const checked = errors.check(() => required('displayName', input.displayName));
  const checkedEmail = errors.check(() => userEmail(input.email));
  const { displayName, email } = errors.throwIfAny({
    displayName: checked,
    email: checkedEmail,
  });
  if (await em.count(User, { username })) throw conflict(`The username "${username}" is taken`);
  const unit = input.unitId ? await mustFind(em, Unit, input.unitId, 'The unit') : null;
  const user = em.create(User, { username, displayName, unit, email });
  recordAudit(em, {
    ...audit(actor, 'user.create', 'User', user.id),
    changes: {
      username: { old: null, new: username },
      displayName: { old: null, new: displayName },
      unitId: { old: null, new: unit?.id ?? null },
      email: { old: null, new: email },
    },
  });
  return user;
}

/** A user's e-mail address: set, changed, or cleared with null. */
export async function setUserEmail(
  em: EntityManager,
  actor: Actor,
  input: { userId: string; email: string | null },
): Promise<User> {
  const email = userEmail(input.email);
  const user = await mustFind(em, User, input.userId, 'The user');
  const old = user.email ?? null;
  if (old === email) return user;
  user.email = email;
  recordAudit(em, {
    ...audit(actor, 'user.setEmail', 'User', user.id),
    changes: { email: { old, new: email } },
  });
  return user;
}

/** The user to deactivate: another user, still active. */
export async function userToDeactivate(
  em: EntityManager,
  actor: Actor,
  userId: string,
): Promise<User> {
  const user = await mustFind(em, User, userId, 'The user');
  if (user.id === actor.userId)
    throw badInput('id', 'NOT_ALLOWED', 'You cannot deactivate yourself');
  if (!mayDeactivateUser(user, actor.userId)) {
    throw invalidState(DEACTIVATED, `${user.username} is already deactivated`);
  }
  return user;
}

/** Deactivates the user; the successor, when one took over their work, is in the audit event. */
export function deactivateUser(
  em: EntityManager,
  actor: Actor,
  user: User,
  successor: User | null,
): User {
  user.active = false;
  user.deactivatedAt = now();
  recordAudit(em, {
    ...audit(actor, 'user.deactivate', 'User', user.id),
    changes: {
      active: { old: true, new: false },
      ...(successor ? { successorId: { old: null, new: successor.id } } : {}),
    },
  });
  return user;
}

/** A successor named for a user's work: another user, who exists. */
export async function successorOf(
  em: EntityManager,
  user: User,
  successorId: string,
): Promise<User> {
  if (successorId === user.id) {
    throw badInput('successorId', 'NOT_ALLOWED', 'The successor must be another user');
  }
  const successor = await em.findOne(User, { id: successorId });
  if (!successor?.active) {
    throw badInput('successorId', 'NOT_ALLOWED', 'successorId must name an active user');
  }
  return successor;
}

export async function assignRole(
  em: EntityManager,
  actor: Actor,
  input: { userId: string; role: Role; unitId: string | null },
): Promise<User> {
  const user = await mustFind(em, User, input.userId, 'The user');
  if (!takesRoles(user)) {
    throw invalidState(DEACTIVATED, `${user.username} is deactivated and cannot be given roles`);
  }
  const unit = input.unitId ? await mustFind(em, Unit, input.unitId, 'The unit') : null;
  const held = await em.count(RoleGrant, { user, role: input.role, unit, ...current() });
  if (held)
    throw conflict(`${user.username} already holds ${input.role}${unit ? ` in ${unit.name}` : ''}`);
  const grant = em.create(RoleGrant, {
    user,
    role: input.role,
    unit,
    grantedBy: em.getReference(User, actor.userId),
  });
  recordAudit(em, {
    ...audit(actor, 'user.assignRole', 'User', user.id),
    changes: {
      grant: { old: null, new: { id: grant.id, role: input.role, unitId: unit?.id ?? null } },
    },
  });
  return user;
}

export async function revokeRole(
  em: EntityManager,
  actor: Actor,
  input: { userId: string; role: Role; unitId: string | null },
): Promise<User> {
  const user = await mustFind(em, User, input.userId, 'The user');
  const grants = await em.find(RoleGrant, {
    user,
    role: input.role,
    unit: input.unitId,
    ...current(),
  });
  if (!grants.length) {
    throw notFound(
      `A current ${input.role} grant of ${user.username}${input.unitId ? ' in that unit' : ''}`,
    );
  }
  for (const g of grants) {
    g.validTo = now();
    g.revokedBy = em.getReference(User, actor.userId);
  }
  recordAudit(em, {
    ...audit(actor, 'user.revokeRole', 'User', user.id),
    changes: {
      grant: {
        old: grants.map((g) => ({ id: g.id, role: g.role, unitId: input.unitId })),
        new: null,
      },
    },
  });
  return user;
}

export async function createAccessGroup(
  em: EntityManager,
  actor: Actor,
  input: { name: string; description: string | null },
): Promise<AccessGroup> {
  const name = required('name', input.name);
  if (await em.count(AccessGroup, { name }))
    throw conflict(`An access group named "${name}" already exists`);
  const description = input.description?.trim() || null;
  const group = em.create(AccessGroup, { name, description });
  recordAudit(em, {
    ...audit(actor, 'accessGroup.create', 'AccessGroup', group.id),
    changes: { name: { old: null, new: name }, description: { old: null, new: description } },
  });
  return group;
}

export async function endAccessGroup(
  em: EntityManager,
  actor: Actor,
  groupId: string,
): Promise<AccessGroup> {
  const group = await mustFind(em, AccessGroup, groupId, 'The access group');
  if (!isGroupOpen(group)) {
    throw invalidState(ENDED, `The access group ${group.name} has already ended`);
  }
  group.endedAt = now();
  recordAudit(em, {
    ...audit(actor, 'accessGroup.end', 'AccessGroup', group.id),
    changes: { endedAt: { old: null, new: group.endedAt } },
  });
  return group;
}

export async function addAccessGroupMember(
  em: EntityManager,
  actor: Actor,
  input: { groupId: string; userId: string },
): Promise<AccessGroup> {
  const group = await mustFind(em, AccessGroup, input.groupId, 'The access group');
  if (!isGroupOpen(group)) {
    throw invalidState(ENDED, `The access group ${group.name} has ended and takes no new members`);
  }
  const user = await mustFind(em, User, input.userId, 'The user');
  if (!user.active) throw invalidState(DEACTIVATED, `${user.username} is deactivated`);
  if (await em.count(AccessGroupMembership, { group, user, ...current() })) {
    throw conflict(`${user.username} is already a member of ${group.name}`);
  }
  const m = em.create(AccessGroupMembership, {
    group,
    user,
    addedBy: em.getReference(User, actor.userId),
  });
  recordAudit(em, {
    ...audit(actor, 'accessGroup.addMember', 'AccessGroup', group.id),
    changes: { member: { old: null, new: { membershipId: m.id, userId: user.id } } },
  });
  return group;
}

export async function removeAccessGroupMember(
  em: EntityManager,
  actor: Actor,
  input: { groupId: string; userId: string },
): Promise<AccessGroup> {
  const group = await mustFind(em, AccessGroup, input.groupId, 'The access group');
  const memberships = await em.find(AccessGroupMembership, {
    group,
    user: input.userId,
    ...current(),
  });
  if (!memberships.length) throw notFound(`A current membership of that user in ${group.name}`);
  for (const m of memberships) {
    m.validTo = now();
    m.removedBy = em.getReference(User, actor.userId);
  }
  recordAudit(em, {
    ...audit(actor, 'accessGroup.removeMember', 'AccessGroup', group.id),
    changes: { member: { old: { userId: input.userId }, new: null } },
  });
  return group;
}

export async function createScreeningCode(
  em: EntityManager,
  actor: Actor,
  input: {
    code: string;
    name: string;
    legalBasis: string;
    defaultScreenedFields: ScreenedField[] | null;
    defaultDurationYears: number | null;
    wholeDocument: boolean | null;
    discretionary: boolean | null;
    dutyOfConfidentiality?: boolean | null;
    temporary: boolean | null;
    requiresAccessGroup?: boolean | null;
    validFrom: string;
  },
): Promise<ScreeningCode> {
  const errors = new InputErrors();
  const checkedCode = errors.check(() => required('code', input.code, 10));
  if (checkedCode && !/^[A-Za-z0-9]+$/.test(checkedCode)) {
    errors.add('code', 'INVALID_FORMAT', 'code must be letters and digits only');
  }
  // An omitted argument arrives as undefined: no default duration, like null.
  const years = input.defaultDurationYears ?? null;
  if (years !== null && (!Number.isInteger(years) || years < 1 || years > 200)) {
    errors.add(
      'defaultDurationYears',
      'OUT_OF_RANGE',
      'defaultDurationYears must be a whole number from 1 to 200',
      { min: 1, max: 200 },
    );
  }
  const { code, name, legalBasis } = errors.throwIfAny({
    code: checkedCode,
    name: errors.check(() => required('name', input.name)),
    legalBasis: errors.check(() => required('legalBasis', input.legalBasis)),
  });
  if (await em.count(ScreeningCode, { code }))
    throw conflict(`The screening code ${code} exists already`);
  const temporary = input.temporary ?? false;
  const created = em.create(ScreeningCode, {
    code,
    name,
    legalBasis,
    defaultScreenedFields: temporary
      ? Object.values(ScreenedField)
      : [...new Set(input.defaultScreenedFields ?? [ScreenedField.TITLE])],
    defaultDurationYears: years,
    wholeDocument: input.wholeDocument ?? false,
    discretionary: input.discretionary ?? false,
    dutyOfConfidentiality: input.dutyOfConfidentiality ?? false,
    temporary,
    requiresAccessGroup: input.requiresAccessGroup ?? false,
    validFrom: input.validFrom,
  });
  recordAudit(em, {
    ...audit(actor, 'screeningCode.create', 'ScreeningCode', created.id),
    changes: {
      code: { old: null, new: code },
      legalBasis: { old: null, new: created.legalBasis },
      dutyOfConfidentiality: { old: null, new: created.dutyOfConfidentiality },
      requiresAccessGroup: { old: null, new: created.requiresAccessGroup },
    },
  });
  return created;
}

/**
 * Need to know (tjenstlig behov): whether records under the code must carry an access group.
 * Applies to registrations and screening changes from now on; records already screened keep
 * their group, or lack of one, until their screening is next changed.
 */
export async function setScreeningCodeRequiresAccessGroup(
  em: EntityManager,
  actor: Actor,
  input: { id: string; requiresAccessGroup: boolean },
): Promise<ScreeningCode> {
  const code = await mustFind(em, ScreeningCode, input.id, 'The screening code');
  if (code.requiresAccessGroup === input.requiresAccessGroup) return code;
  code.requiresAccessGroup = input.requiresAccessGroup;
  recordAudit(em, {
    ...audit(actor, 'screeningCode.setRequiresAccessGroup', 'ScreeningCode', code.id),
    changes: {
      requiresAccessGroup: { old: !input.requiresAccessGroup, new: input.requiresAccessGroup },
    },
  });
  return code;
}

export async function endScreeningCode(
  em: EntityManager,
  actor: Actor,
  input: { id: string; validTo: string },
): Promise<ScreeningCode> {
  const code = await mustFind(em, ScreeningCode, input.id, 'The screening code');
  if (!mayEndScreeningCode(code)) {
    throw invalidState(ENDED, `The screening code ${code.code} has already ended`);
  }
  if (input.validTo < code.validFrom) {
    throw badInput('validTo', 'OUT_OF_RANGE', `validTo must be on or after ${code.validFrom}`, {
      min: code.validFrom,
    });
  }
  code.validTo = input.validTo;
  recordAudit(em, {
    ...audit(actor, 'screeningCode.end', 'ScreeningCode', code.id),
    changes: { validTo: { old: null, new: input.validTo } },
  });
  return code;
}
