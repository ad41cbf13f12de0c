import { type Viewer, hasRole } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type AdminSubject, type AppAbility, type RuleBuilder } from './subjects';
import { isInternal } from './viewerFacts';
import { type Refusal } from './writes';

/**
 * Users, units, role grants, access groups, screening codes and document types.
 *
 * | who                | may                                                              |
 * |--------------------|------------------------------------------------------------------|
 * | every internal user| read units, users, access groups, screening and document types   |
 * | a user             | read their own role grants and access-group memberships          |
 * | ADMIN              | manage all of the above, read every grant and membership history |
 * | ADMIN, ARCHIVIST   | read the audit trail                                             |
 * | nobody             | grant a role to themself, or add themself to an access group     |
 *
 * Being ADMIN gives no right to read restricted records: those rules live in the files for cases
 * and journal posts. Separation of duties (refuseSelfGrant): a role or a membership gives content,
 * so another administrator must grant it, and the audit trail names both. Ending one's own grant or
 * membership widens nothing and is allowed.
 */
export function administrationRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (viewer.kind !== 'user') return;
  can('read', 'RoleGrant', { userId: viewer.userId });
  can('read', 'AccessGroupMembership', { userId: viewer.userId });
  if (isInternal(viewer)) {
    can('read', ['Unit', 'User', 'AccessGroup', 'ScreeningCode', 'DocumentType']);
  }
  if (hasRole(viewer, Role.ADMIN)) {
    can('manage', [
      'Unit',
      'User',
      'RoleGrant',
      'AccessGroup',
      'AccessGroupMembership',
      'ScreeningCode',
      'DocumentType',
    ]);
    can('read', 'AuditEvent');
  }
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can('read', 'AuditEvent');
  }
}

/** A user's e-mail address: for the user themself and administrators, nobody else. */
export function mayReadEmail(viewer: Viewer, ability: AppAbility, userId: string): boolean {
  return (viewer.kind === 'user' && viewer.userId === userId) || ability.can('manage', 'User');
}

/** Why a viewer who is not an administrator is refused. */
export const ADMINISTRATION_REFUSAL = 'Only administrators may do this';

/** May the ability's viewer manage `subject`? null when allowed, else the refusal. */
export function refuseAdministration(ability: AppAbility, subject: AdminSubject): Refusal | null {
  // Every administrative subject has `manage`; TypeScript cannot pair it through the union.
  return ability.can('manage', subject as 'Unit')
    ? null
    : { code: 'FORBIDDEN', message: ADMINISTRATION_REFUSAL };
}

/** What an administrator grants: a role (rolle) or an access-group membership (tilgangsgruppe). */
export type GrantKind = 'role' | 'membership';

export const SELF_GRANT_REFUSALS: Record<GrantKind, string> = {
  role: 'Another administrator must grant you a role: nobody grants roles to themself',
  membership: 'Another administrator must add you to an access group: nobody adds themself to one',
};

/** Separation of duties: nobody grants a role or a membership to themself. null when allowed. */
export function refuseSelfGrant(
  viewer: Viewer,
  targetUserId: string,
  grant: GrantKind,
): Refusal | null {
  return viewer.kind === 'user' && viewer.userId === targetUserId
    ? { code: 'FORBIDDEN', message: SELF_GRANT_REFUSALS[grant] }
    : null;
}
