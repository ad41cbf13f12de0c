import { type EntityManager } from '@mikro-orm/postgresql';
import { type OrganisationRef } from '../auth/viewer';
import { query, sql } from '../db/sqlTemplate';
import { listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * The directory of organisations (arkivskapere): names, short names and organisation numbers are
 * public, so the table has no row-level security and is read without an organisation set.
 */

export interface OrganisationRow extends OrganisationRef {
  organisationNumber: string | null;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = sql`o.id::text as "id", o.short_name as "shortName", o.name,
  o.organisation_number as "organisationNumber", o.created_at as "createdAt"`;

/** Every organisation, by name. */
export function listOrganisations(em: EntityManager): Promise<OrganisationRow[]> {
  return query<OrganisationRow>(
    em,
    sql`select ${columns} from organisation o order by o.name, o.short_name`,
  );
}

/** The organisation a short name or an id names, if any. */
export async function findOrganisation(
  em: EntityManager,
  ref: string,
): Promise<OrganisationRow | null> {
  const rows = await query<OrganisationRow>(
    em,
    UUID.test(ref)
      ? sql`select ${columns} from organisation o where o.id = ${ref}::uuid`
      : sql`select ${columns} from organisation o where o.short_name = ${ref.toLowerCase()}`,
  );
  return rows[0] ?? null;
}

/** The organisations with an active user of this username (asked before any is set). */
export async function organisationsOfUser(
  em: EntityManager,
  username: string,
): Promise<OrganisationRow[]> {
  return query<OrganisationRow>(
    em,
    sql`select ${columns} from organisation o
        where o.id in (select organisations_of_user(${username}))
        order by o.name, o.short_name`,
  );
}

/** The directory as a list (docs/api-conventions.md, "Lists"): by name in Norwegian order. */
export function pageOfOrganisations(
  em: EntityManager,
  page: PageRequest,
): Promise<ListResult<OrganisationRow & Record<string, unknown>>> {
  // The id stays a uuid here: the keyset's tie-break compares it as one.
  const base = sql`select o.id, o.short_name as "shortName", o.name,
    o.organisation_number as "organisationNumber", o.created_at as "createdAt" from organisation o`;
  const byName: SortKey = {
    expr: 't.name',
    column: 'name',
    desc: false,
    kind: 'text',
    collation: 'norwegian',
  };
  return listPage(em, base, [], withIdTieBreak([byName]), page);
}
