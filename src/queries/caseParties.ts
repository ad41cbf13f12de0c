import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql, type SqlFragment } from '../db/sqlTemplate';
import { type AppAbility } from '../policies/ability';
import { partyDetailsVisible, partyNameVisible } from '../policies/caseParties';
import { visibleCases } from './cases';

/** A party (sakspart) as one viewer may see it: NULL where the viewer may not see a value. */
export interface CasePartyRow {
  id: string;
  case_id: string;
  position: number;
  role: string;
  /** NULL when hidden from this viewer */
  name: string | null;
  name_screened: boolean;
  national_id: string | null;
  organization_number: string | null;
  postal_address: string | null;
  postal_code: string | null;
  postal_town: string | null;
  /** The case's level and access group (NULL unless FULL), for the access log */
  case_is_full: boolean;
  case_access_group_id: string | null;
}

/** The parties of visible cases with what this viewer sees of each; `where` picks them. */
async function visibleParties(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  where: SqlFragment,
): Promise<CasePartyRow[]> {
  const base = visibleCases(ability, today);
  if (!base) return [];
  return query<CasePartyRow>(
    em,
    sql`select cp.id, cp.case_id, cp.position, cp.role,
        case when ${partyNameVisible} then cp.name end as name,
        not ${partyNameVisible} as name_screened,
        case when ${partyDetailsVisible} then cp.national_id end as national_id,
        case when ${partyDetailsVisible} then cp.organization_number end as organization_number,
        case when ${partyDetailsVisible} then cp.postal_address end as postal_address,
        case when ${partyDetailsVisible} then cp.postal_code end as postal_code,
        case when ${partyDetailsVisible} then cp.postal_town end as postal_town,
        t.is_full as case_is_full, t.access_group_id as case_access_group_id
      from (${base}) t
      join case_party cp on cp.case_id = t.id
      where ${where}
      order by cp.case_id, cp.position`,
  );
}

/** Parties of visible cases, in their order (one statement for a page of cases). */
export function partiesOfCases(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  caseIds: readonly string[],
): Promise<CasePartyRow[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return visibleParties(em, ability, today, sql`t.id in (${[...caseIds]})`);
}

/** Parties by id, where their case is visible; invisible and unknown ids are simply absent. */
export function partiesById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<CasePartyRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return visibleParties(em, ability, today, sql`cp.id in (${[...ids]})`);
}
