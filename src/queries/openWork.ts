import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type OpenWorkItem, type OpenWorkKind } from '../domain/deactivation';
import { CaseStatus, JournalPostType, JournalStatus } from '../entities/enums';
import { InsightRequestStatus } from '../entities/InsightRequest';

const FOLLOW_UP = [JournalPostType.INCOMING, JournalPostType.INTERNAL_FOLLOW_UP];
const DRAFTS = [JournalStatus.RESERVED, JournalStatus.FINALIZED, JournalStatus.APPROVED];
const OPEN_CASES = [CaseStatus.RESERVED, CaseStatus.IN_PROGRESS];

/**
 * The open work a user holds (docs/daily-routines.md, "Deactivation and successors"): everything
 * that names them as the one to act, each item with the id that moves it and its label (registry
 * id, case number or system name; never a title). Read on the deactivation's transaction, oldest
 * record first within each kind.
 */
export async function openWorkOf(em: EntityManager, userId: string): Promise<OpenWorkItem[]> {
  const rows = await query<{ kind: OpenWorkKind; id: string; label: string; post: string | null }>(
    em,
    sql`select kind, id, label, post from (
        select 'BACKLOG' as kind, 1 as k, jp.id, c.case_number || '-' || jp.document_number as label,
               jp.journal_date::text as at, jp.id as post
          from journal_post jp join case_file c on c.id = jp.case_id
         where jp.responsible_id = ${userId} and jp.type in (${FOLLOW_UP})
           and jp.write_off_method is null and jp.status <> ${JournalStatus.CANCELLED}
        union all
        select 'OPEN_POSTS', 2, jp.id, c.case_number || '-' || jp.document_number,
               jp.journal_date::text, jp.id
          from journal_post jp join case_file c on c.id = jp.case_id
         where jp.responsible_id = ${userId} and jp.status in (${DRAFTS})
           and not (jp.type in (${FOLLOW_UP}) and jp.write_off_method is null)
        union all
        select 'CASES', 3, c.id, c.case_number, c.created_at::date::text, null
          from case_file c
         where c.case_responsible_id = ${userId} and c.status in (${OPEN_CASES})
        union all
        select 'APPROVALS', 4, jp.id, c.case_number || '-' || jp.document_number,
               jp.journal_date::text, jp.id
          from journal_post jp join case_file c on c.id = jp.case_id
         where jp.approver_id = ${userId} and jp.status = ${JournalStatus.FINALIZED}
        union all
        select 'INSIGHT_ITEMS', 5, i.id, c.case_number || '-' || jp.document_number,
               r.received_on::text, jp.id
          from insight_request_item i
          join insight_request r on r.id = i.request_id
          join journal_post jp on jp.id = i.journal_post_id
          join case_file c on c.id = jp.case_id
         where i.assignee_id = ${userId} and r.status <> ${InsightRequestStatus.CLOSED}
           and (i.outcome is null or i.appeal_pending)
        union all
        select 'SPECIALIST_SYSTEMS', 6, s.id, s.name, s.created_at::date::text, null
          from specialist_system s
         where s.owner_id = ${userId}
      ) w order by k, at, label, id`,
  );
  return rows.map((r) => ({ kind: r.kind, id: r.id, label: r.label, postId: r.post }));
}
