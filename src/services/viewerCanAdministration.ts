import { type Viewer } from '../auth/viewer';
import {
  isGroupOpen,
  mayDeactivateUser,
  mayEndScreeningCode,
  takesRoles,
} from '../domain/administrationStates';
import { type AppAbility } from '../policies/ability';
import { refuseAdministration, refuseSelfGrant } from '../policies/administration';
import { asSubject, type AdminSubject } from '../policies/subjects';

/**
 * What the services of administration.ts would let the viewer do now (`viewerCan` on users,
 * units, access groups, screening codes, and on the root for what creates records): the policies
 * (policies/administration.ts: `manage`, separation of duties; policies/cases.ts: `create`) AND the
 * state rules of domain/administrationStates.ts, the same functions the changes apply. What
 * depends on another record named in the change (the user added to a group, the role revoked) is
 * decided when the change is asked for; a flag that needs to know whether there is anything to
 * remove is given that by its caller.
 */

const administers = (ability: AppAbility, subject: AdminSubject) =>
  refuseAdministration(ability, subject) === null;

export interface UserWrites {
  deactivate: boolean;
  assignRole: boolean;
  revokeRole: boolean;
}

/** `holdsRoles`: the user holds a role grant now (there is one to revoke). */
export function userWrites(
  ability: AppAbility,
  viewer: Viewer,
  user: { id: string; active: boolean },
  holdsRoles: boolean,
): UserWrites {
  if (viewer.kind !== 'user') return { deactivate: false, assignRole: false, revokeRole: false };
  const grants = administers(ability, 'RoleGrant');
  return {
    deactivate: administers(ability, 'User') && mayDeactivateUser(user, viewer.userId),
    assignRole: grants && refuseSelfGrant(viewer, user.id, 'role') === null && takesRoles(user),
    revokeRole: grants && holdsRoles,
  };
}

/** Whether the flags of a user need the user's grants: only an administrator's do. */
export const userWritesNeedGrants = (ability: AppAbility): boolean =>
  administers(ability, 'RoleGrant');

export interface UnitWrites {
  createChildUnit: boolean;
  createCase: boolean;
}

export function unitWrites(ability: AppAbility, unitId: string): UnitWrites {
  return {
    createChildUnit: administers(ability, 'Unit'),
    createCase: ability.can('create', asSubject('Case', { responsibleUnitId: unitId })),
  };
}

export interface AccessGroupWrites {
  addMember: boolean;
  removeMember: boolean;
  end: boolean;
}

/** `hasMembers`: the group has a member now (there is one to remove). */
export function accessGroupWrites(
  ability: AppAbility,
  group: { endedAt: Date | null },
  hasMembers: boolean,
): AccessGroupWrites {
  const members = administers(ability, 'AccessGroupMembership');
  return {
    addMember: members && isGroupOpen(group),
    removeMember: members && hasMembers,
    end: administers(ability, 'AccessGroup') && isGroupOpen(group),
  };
}

/** Whether the flags of a group need its members: only an administrator's do. */
export const accessGroupWritesNeedMembers = (ability: AppAbility): boolean =>
  administers(ability, 'AccessGroupMembership');

export interface ScreeningCodeWrites {
  end: boolean;
}

export function screeningCodeWrites(
  ability: AppAbility,
  code: { validTo: string | null },
): ScreeningCodeWrites {
  return {
    end: administers(ability, 'ScreeningCode') && mayEndScreeningCode(code),
  };
}

export interface ViewerAbilities {
  createCase: boolean;
  createUnit: boolean;
  createUser: boolean;
  createAccessGroup: boolean;
  createScreeningCode: boolean;
  readAuditEvents: boolean;
  readRoleGrantHistory: boolean;
  readAccessGroupMembers: boolean;
}

/** What the viewer may create, and which administrative lists they may read. */
export function viewerAbilities(ability: AppAbility): ViewerAbilities {
  return {
    // For some unit: a rule on the subject type answers whether any case may be created.
    createCase: ability.can('create', 'Case'),
    createUnit: administers(ability, 'Unit'),
    createUser: administers(ability, 'User'),
    createAccessGroup: administers(ability, 'AccessGroup'),
    createScreeningCode: administers(ability, 'ScreeningCode'),
    readAuditEvents: ability.can('read', 'AuditEvent'),
    readRoleGrantHistory: administers(ability, 'RoleGrant'),
    readAccessGroupMembers: administers(ability, 'AccessGroupMembership'),
  };
}
