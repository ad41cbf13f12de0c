import { type EntityManager } from '@mikro-orm/postgresql';
import { AccessGroupMembership, RoleGrant } from '../entities';

/**
 * The history of role grants and access-group memberships (ended ones included), for
 * administrators: "who held what at a moment".
 */

/** Valid at a moment: started by then and not ended by then. */
function validAt(at: Date) {
  return { validFrom: { $lte: at }, $or: [{ validTo: null }, { validTo: { $gt: at } }] };
}

/** Every grant, or a user's; only those held at `at` when given. Oldest first. */
export function roleGrantHistory(
  em: EntityManager,
  filter: { userId: string | null; at: Date | null },
): Promise<RoleGrant[]> {
  return em.find(
    RoleGrant,
    {
      ...(filter.userId ? { user: filter.userId } : {}),
      ...(filter.at ? validAt(filter.at) : {}),
    },
    { orderBy: { validFrom: 'asc', id: 'asc' } },
  );
}

/** A group's memberships held at `at`, or its whole history. Oldest first. */
export function accessGroupMemberships(
  em: EntityManager,
  filter: { groupId: string; at: Date; includeEnded: boolean },
): Promise<AccessGroupMembership[]> {
  return em.find(
    AccessGroupMembership,
    { group: filter.groupId, ...(filter.includeEnded ? {} : validAt(filter.at)) },
    { orderBy: { validFrom: 'asc', id: 'asc' } },
  );
}
