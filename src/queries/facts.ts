import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type Grant } from '../auth/viewer';
import { DocumentVariant } from '../entities/Document';
import { asSubject, type Tagged } from '../policies/subjects';
import { type Candidate } from '../policies/eligibility';
import { type ScreeningFacts } from '../policies/insightRequests';

/**
 * The policy fields of records, loaded for checks in memory (`ability.can(action, record)`): the
 * same fields, from the same columns, that policies/fields.ts gives the SQL translation. A
 * journal post's facts also carry its state (domain/journalPosts/states.ts) for `viewerCan`. Inside a
 * write they are read on the write's transaction, so the check sees the record as it is changed.
 */
export async function journalPostFacts(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, Tagged<'JournalPost'>>> {
  if (ids.length === 0) return new Map();
  const rows = await query<Record<string, unknown> & { id: string }>(
    em,
    sql`select jp.id, jp.organisation_id as "organisationId", jp.access_group_id as "accessGroupId", jp.responsible_id as "responsibleId",
        jp.created_by_id as "createdById", jp.approver_id as "approverId",
        jp.type, jp.status, c.created_by_id as "caseCreatedById",
        c.case_responsible_id as "caseResponsibleId",
        c.responsible_unit_id as "caseResponsibleUnitId",
        jp.responsible_unit_id as "postUnitId", jp.case_id as "caseId", c.status as "caseStatus",
        jp.write_off_method as "writeOffMethod",
        jp.publication_override as "publicationOverride",
        jp.screening_assessed_on::text as "screeningAssessedOn",
        coalesce((select sc.temporary from screening_code sc where sc.id = jp.screening_code_id),
          false) as "screeningTemporary",
        coalesce((select dt.requires_approval from document_type dt where dt.id = jp.document_type_id),
          false) as "requiresApproval",
        array(select ic.user_id from case_internal_contact ic where ic.case_id = jp.case_id)
          as "caseInternalContactIds",
        array(with recursive up(id, parent_id, depth) as (
            select u.id, u.parent_id, 0 from unit u where u.id = jp.responsible_unit_id
            union all
            select u.id, u.parent_id, up.depth + 1 from unit u join up on u.id = up.parent_id
             where up.depth < 50)
          select up.id from up) as "postUnitPath"
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
    sql`select c.id, c.organisation_id as "organisationId", c.access_group_id as "accessGroupId", c.created_by_id as "createdById",
        c.case_responsible_id as "caseResponsibleId", c.responsible_unit_id as "responsibleUnitId",
        c.status,
        array(select ic.user_id from case_internal_contact ic where ic.case_id = c.id)
          as "internalContactIds"
      from case_file c where c.id in (${[...ids]})`,
  );
  return new Map(rows.map((r) => [r.id, asSubject('Case', r)]));
}

/**
 * The policy fields of a post, of one of its document descriptions (`descriptionId`, or its main
 * document when null) and of one variant of that description's documents (policies/documents.ts).
 * A main document not made yet (the post's first upload makes it) has the fields of an unscreened
 * one. null when the post does not exist, or the description is not one of the post's.
 */
export async function documentFacts(
  em: EntityManager,
  postId: string,
  variant: DocumentVariant,
  descriptionId: string | null = null,
): Promise<{
  post: Tagged<'JournalPost'>;
  description: Tagged<'DocumentDescription'>;
  document: Tagged<'Document'>;
} | null> {
  const post = (await journalPostFacts(em, [postId])).get(postId);
  if (!post) return null;
  const [row] = await query<{ id: string; screened: boolean }>(
    em,
    descriptionId
      ? sql`select dd.id, dd.screening_code_id is not null as screened from document_description dd
          where dd.id = ${descriptionId} and dd.journal_post_id = ${postId}`
      : sql`select dd.id, dd.screening_code_id is not null as screened from document_description dd
          where dd.journal_post_id = ${postId} and dd.document_number = 1`,
  );
  if (descriptionId && !row) return null;
  const fields = { ...post, descriptionId: row?.id ?? null, descriptionScreened: !!row?.screened };
  return {
    post,
    description: asSubject('DocumentDescription', fields),
    document: asSubject('Document', { ...fields, variant }),
  };
}

/** The journal post of a document description, or null when there is no such description. */
export async function postOfDescription(
  em: EntityManager,
  descriptionId: string,
): Promise<string | null> {
  const [row] = await query<{ journal_post_id: string }>(
    em,
    sql`select journal_post_id from document_description where id = ${descriptionId}`,
  );
  return row?.journal_post_id ?? null;
}

/** The policy fields of insight requests (policies/insightRequests.ts). */
export async function insightRequestFacts(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, Tagged<'InsightRequest'>>> {
  if (ids.length === 0) return new Map();
  const rows = await query<Record<string, unknown> & { id: string }>(
    em,
    sql`select r.id, r.organisation_id as "organisationId", r.status,
        array(select i.assignee_id from insight_request_item i
              where i.request_id = r.id and i.assignee_id is not null) as "assigneeIds",
        array(select i.unit_id from insight_request_item i where i.request_id = r.id) as "unitIds"
      from insight_request r where r.id in (${[...ids]})`,
  );
  return new Map(rows.map((r) => [r.id, asSubject('InsightRequest', r)]));
}

/** An item's policy fields, and the screening of its post (policies/insightRequests.ts). */
export type InsightItemFacts = Tagged<'InsightRequestItem'> & ScreeningFacts;

/** The policy fields of the items of one request, by journal post id. */
export async function insightItemFacts(
  em: EntityManager,
  requestId: string,
): Promise<Map<string, InsightItemFacts>> {
  const rows = await query<Record<string, unknown> & { journalPostId: string } & ScreeningFacts>(
    em,
    sql`select i.id, i.organisation_id as "organisationId", i.journal_post_id as "journalPostId", i.assignee_id as "assigneeId",
        i.unit_id as "unitId", jp.screening_code_id as "screeningCodeId",
        to_char(jp.screening_expires_on, 'YYYY-MM-DD') as "screeningExpiresOn",
        coalesce(sc.duty_of_confidentiality, false) as "dutyOfConfidentiality"
      from insight_request_item i
      join journal_post jp on jp.id = i.journal_post_id
      left join screening_code sc on sc.id = jp.screening_code_id
      where i.request_id = ${requestId}`,
  );
  return new Map(
    rows.map((r) => [r.journalPostId, asSubject('InsightRequestItem', r) as InsightItemFacts]),
  );
}

/**
 * A user as policies/eligibility.ts judges them as the target of a write (a new responsible
 * person, approver or assignee): active or not, and the grants they hold now. null when unknown.
 */
export async function candidateFacts(
  em: EntityManager,
  userId: string | null,
): Promise<Candidate | null> {
  if (!userId) return null;
  const [row] = await query<{ id: string; active: boolean; grants: Grant[] | null }>(
    em,
    sql`select u.id, u.active,
        (select json_agg(json_build_object('role', g.role, 'unitId', g.unit_id))
           from role_grant g
          where g.user_id = u.id and g.valid_from <= now()
            and (g.valid_to is null or g.valid_to > now())) as grants
      from app_user u where u.id = ${userId}`,
  );
  return row ? { userId: row.id, active: row.active, grants: row.grants ?? [] } : null;
}

/** A unit and its parents, nearest first (a unit's leaders and those above it). */
export async function unitWithParents(em: EntityManager, unitId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    em,
    sql`with recursive up(id, parent_id, depth) as (
          select id, parent_id, 0 from unit where id = ${unitId}
          union all
          select u.id, u.parent_id, up.depth + 1 from unit u join up on u.id = up.parent_id
           where up.depth < 50)
        select id from up order by depth`,
  );
  return rows.map((r) => r.id);
}
