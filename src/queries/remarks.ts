import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type RemarkType } from '../entities/Remark';
import { type AppAbility } from '../policies/ability';
import { caseRemarksReadable, journalPostRemarksReadable } from '../policies/remarks';

/** A remark (merknad) as a viewer who reads its record in full sees it. */
export interface RemarkRow {
  id: string;
  /** The case or journal post the remark is on */
  record_id: string;
  type: RemarkType;
  text: string;
  registered_by_id: string;
  /** timestamptz as PostgreSQL prints it */
  registered_at: string;
  corrects_id: string | null;
}

const COLUMNS = sql`r.id, r.type, r.text, r.registered_by_id, r.registered_at, r.corrects_id`;

/**
 * The remarks of the given cases, oldest first, only of cases the viewer reads in full: for any
 * other case the statement returns no row, so neither text nor number leaves the database.
 */
export async function remarksOfCases(
  em: EntityManager,
  ability: AppAbility,
  caseIds: readonly string[],
): Promise<RemarkRow[]> {
  const readable = caseRemarksReadable(ability, 'c');
  if (!readable || caseIds.length === 0) return [];
  return query<RemarkRow>(
    em,
    sql`select r.case_id as record_id, ${COLUMNS}
      from remark r join case_file c on c.id = r.case_id
      where r.case_id in (${[...caseIds]}) and ${readable}
      order by r.case_id, r.registered_at, r.id`,
  );
}

/** The same for journal posts. */
export async function remarksOfJournalPosts(
  em: EntityManager,
  ability: AppAbility,
  postIds: readonly string[],
): Promise<RemarkRow[]> {
  const readable = journalPostRemarksReadable(ability, 'jp', 'c');
  if (!readable || postIds.length === 0) return [];
  return query<RemarkRow>(
    em,
    sql`select r.journal_post_id as record_id, ${COLUMNS}
      from remark r
      join journal_post jp on jp.id = r.journal_post_id
      join case_file c on c.id = jp.case_id
      where r.journal_post_id in (${[...postIds]}) and ${readable}
      order by r.journal_post_id, r.registered_at, r.id`,
  );
}
