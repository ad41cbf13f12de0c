import { type EntityManager } from '@mikro-orm/postgresql';
import { type Role } from '../entities/enums';
import { type Grant, type UserViewer } from './viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * One statement per request: the viewer is loaded on every request (so a revoked grant or an ended
 * membership counts at once), and a round trip per table would be paid on each of them. The
 * subqueries aggregate to JSON / arrays so the user row comes back once, whatever the number of
 * grants. `now` is a parameter, not now(), so a caller (and a test) can ask "as of" a moment and
 * all three validity checks use the same instant. The organisation condition repeats row-level
 * security for the owner (the command line), who is not subject to it: a person has one user row
 * per organisation they work for.
 */
const sql = (userColumn: 'username' | 'id') => `
with t as (select ?::timestamptz as now)
select u.id::text as id,
       u.organisation_id::text as organisation_id,
       u.username,
       u.display_name,
       u.unit_id::text as unit_id,
       coalesce((
         select jsonb_agg(distinct jsonb_build_object('role', g.role, 'unitId', g.unit_id::text))
         from role_grant g
         where g.user_id = u.id
           and g.valid_from <= t.now
           and (g.valid_to is null or g.valid_to > t.now)
       ), '[]'::jsonb) as grants,
       coalesce((
         select array_agg(distinct m.group_id::text)
         from access_group_membership m
         join access_group ag on ag.id = m.group_id
         where m.user_id = u.id
           and m.valid_from <= t.now
           and (m.valid_to is null or m.valid_to > t.now)
           and (ag.ended_at is null or ag.ended_at > t.now)
       ), '{}'::text[]) as access_group_ids,
       exists (select 1 from installation_admin ia where ia.username = u.username) as installation_admin
from app_user u
cross join t
where u.${userColumn} = ?
  and u.active
  and (current_organisation() is null or u.organisation_id = current_organisation())`;

interface Row {
  id: string;
  organisation_id: string;
  username: string;
  display_name: string;
  unit_id: string | null;
  grants: Array<{ role: Role; unitId: string | null }>;
  access_group_ids: string[];
  installation_admin: boolean;
}

/**
 * In the organisation `em`'s transaction has set (row-level security shows no other user row):
 * the active user with the role grants and access-group memberships valid at `now`, or null for
 * an unknown or deactivated user.
 */
export async function loadViewer(
  em: EntityManager,
  by: { username: string } | { userId: string },
  now: Date = new Date(),
): Promise<UserViewer | null> {
  // A malformed id would make PostgreSQL raise an error on the uuid cast; it names no user.
  if ('userId' in by && !UUID.test(by.userId)) return null;
  const [column, value]: ['id' | 'username', string] =
    'userId' in by ? ['id', by.userId] : ['username', by.username];
  // em.execute runs in the EntityManager's transaction, when it has one.
  const rows = await em.execute<Row[]>(sql(column), [now.toISOString(), value]);
  const row = rows[0];
  if (!row) return null;
  return {
    kind: 'user',
    organisationId: row.organisation_id,
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    grants: row.grants.map((g): Grant => ({ role: g.role, unitId: g.unitId })),
    accessGroupIds: row.access_group_ids,
    installationAdmin: row.installation_admin,
  };
}
