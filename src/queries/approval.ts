import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql, type SqlFragment } from '../db/sqlTemplate';
import { JournalStatus } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { type JournalPostRow, visibleJournalPosts } from './journalPosts';
import { emptyList, listPage, type ListResult } from './list';
import { OLDEST_JOURNAL_FIRST, type PageRequest } from './pagination';

/**
 * The approval lists (docs/daily-routines.md, "Approval by document type"): journal posts a
 * leader is asked to approve (FINALIZED with an approver), over `visibleJournalPosts`. The
 * approver is an effective value, shown to FULL readers only, so a post is listed only to a
 * viewer who reads it in full; the page, its cursor and its count read the same relation.
 * Oldest first: journal date, year and løpenummer, id.
 */
const awaiting = sql`t.status = ${JournalStatus.FINALIZED} and t.approver_id is not null`;

function approvalList(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  filter: SqlFragment,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  const base = visibleJournalPosts(ability, today);
  if (!base) return Promise.resolve(emptyList());
  return listPage<JournalPostRow>(em, base, [awaiting, filter], OLDEST_JOURNAL_FIRST, page);
}

/** Venter på min godkjenning: the posts whose approver is the viewer. */
export function awaitingMyApproval(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  userId: string,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  return approvalList(em, ability, today, sql`t.approver_id = ${userId}`, page);
}

/** Posts of the unit or a unit below it (their responsible unit) awaiting any leader's approval. */
export function awaitingApproval(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  unitId: string,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  return approvalList(
    em,
    ability,
    today,
    sql`t.responsible_unit_id in (with recursive below as (
          select u.id from unit u where u.id = ${unitId}
          union all select u.id from unit u join below b on u.parent_id = b.id)
        select id from below)`,
    page,
  );
}

/** The unit and every unit above it, nearest first; null when there is no such unit. */
export async function unitAndAbove(em: EntityManager, unitId: string): Promise<string[] | null> {
  const rows = await query<{ id: string }>(
    em,
    sql`with recursive above as (
          select u.id, u.parent_id, 0 as depth from unit u where u.id = ${unitId}
          union all select u.id, u.parent_id, a.depth + 1 from unit u join above a on u.id = a.parent_id)
        select id from above order by depth`,
  );
  return rows.length ? rows.map((r) => r.id) : null;
}
