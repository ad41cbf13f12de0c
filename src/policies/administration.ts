import { type Viewer, hasRole } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type RuleBuilder } from './subjects';
import { isInternal } from './viewerFacts';

/**
 * Users, units, role grants, access groups and screening codes.
 *
 * | who                | may                                                              |
 * |--------------------|------------------------------------------------------------------|
 * | every internal user| read units, users, access groups and screening codes              |
 * | a user             | read their own role grants and access-group memberships          |
 * | ADMIN              | manage all of the above, read every grant and membership history |
 * | ADMIN, ARCHIVIST   | read the audit trail                                             |
 *
 * Being ADMIN gives no right to read restricted records: those rules live in the files for cases
 * and journal posts.
 */
export function administrationRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (viewer.kind !== 'user') return;
  can('read', 'RoleGrant', { userId: viewer.userId });
  can('read', 'AccessGroupMembership', { userId: viewer.userId });
  if (isInternal(viewer)) {
    can('read', ['Unit', 'User', 'AccessGroup', 'ScreeningCode']);
  }
  if (hasRole(viewer, Role.ADMIN)) {
    can('manage', [
      'Unit',
      'User',
      'RoleGrant',
      'AccessGroup',
      'AccessGroupMembership',
      'ScreeningCode',
    ]);
    can('read', 'AuditEvent');
  }
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can('read', 'AuditEvent');
  }
}
