import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { asSubject, type Tagged } from './ability';

/**
 * The policy fields of records, loaded for checks in memory (`ability.can(action, record)`): the
 * same fields, from the same columns, that fields.ts gives the SQL translation.
 */
export async function journalPostFacts(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, Tagged<'JournalPost'>>> {
  if (ids.length === 0) return new Map();
  const rows = await query<Record<string, unknown> & { id: string }>(
    em,
    sql`select jp.id, jp.access_group_id as "accessGroupId", jp.responsible_id as "responsibleId",
        jp.created_by_id as "createdById", jp.approver_id as "approverId",
        jp.type, jp.status, c.created_by_id as "caseCreatedById",
        c.case_responsible_id as "caseResponsibleId",
        c.responsible_unit_id as "caseResponsibleUnitId",
        array(select ic.user_id from case_internal_contact ic where ic.case_id = jp.case_id)
          as "caseInternalContactIds"
      from journal_post jp join case_file c on c.id = jp.case_id
      where jp.id in (${[...ids]})`,
  );
  return new Map(rows.map((r) => [r.id, asSubject('JournalPost', r)]));
}

export async function caseFacts(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, Tagged<'Case'>>> {
  if (ids.length === 0) return new Map();
  const rows = await query<Record<string, unknown> & { id: string }>(
    em,
    sql`select c.id, c.access_group_id as "accessGroupId", c.created_by_id as "createdById",
        c.case_responsible_id as "caseResponsibleId", c.responsible_unit_id as "responsibleUnitId",
        c.status,
        array(select ic.user_id from case_internal_contact ic where ic.case_id = c.id)
          as "internalContactIds"
      from case_file c where c.id in (${[...ids]})`,
  );
  return new Map(rows.map((r) => [r.id, asSubject('Case', r)]));
}
