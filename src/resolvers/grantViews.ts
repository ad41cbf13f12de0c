import { type RoleGrant } from '../entities';
import { type MembershipRow, type RoleGrantRow } from '../queries/administration';
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

/** A grant of the history list (queries/administration.ts). */
export function grantRowView(g: RoleGrantRow): RoleGrantType {
  return Object.assign(new RoleGrantType(), {
    role: g.role,
    unitRawId: g.unit_id,
    userRawId: g.user_id,
    grantedByRawId: g.granted_by_id,
    revokedByRawId: g.revoked_by_id,
    validFrom: new Date(g.valid_from),
    validTo: g.valid_to ? new Date(g.valid_to) : null,
  });
}

/** A membership of the history list (queries/administration.ts). */
export function membershipView(m: MembershipRow): AccessGroupMembershipType {
  return Object.assign(new AccessGroupMembershipType(), {
    userRawId: m.user_id,
    groupRawId: m.group_id,
    addedByRawId: m.added_by_id,
    removedByRawId: m.removed_by_id,
    validFrom: new Date(m.valid_from),
    validTo: m.valid_to ? new Date(m.valid_to) : null,
  });
}
