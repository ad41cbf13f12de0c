import { type AccessGroupMembership, type RoleGrant } from '../entities';
import { AccessGroupMembershipType, RoleGrantType } from '../schema/types/admin';

export function grantView(g: RoleGrant): RoleGrantType {
  return Object.assign(new RoleGrantType(), {
    role: g.role,
    unitRawId: g.unit?.id ?? null,
    userRawId: g.user.id,
    grantedByRawId: g.grantedBy?.id ?? null,
    revokedByRawId: g.revokedBy?.id ?? null,
    validFrom: g.validFrom,
    validTo: g.validTo ?? null,
  });
}

export function membershipView(m: AccessGroupMembership): AccessGroupMembershipType {
  return Object.assign(new AccessGroupMembershipType(), {
    userRawId: m.user.id,
    groupRawId: m.group.id,
    addedByRawId: m.addedBy?.id ?? null,
    removedByRawId: m.removedBy?.id ?? null,
    validFrom: m.validFrom,
    validTo: m.validTo ?? null,
  });
}
