import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type AppAbility } from '../policies/ability';
import { postsNotReadInFull } from '../policies/moves';

/**
 * Whether the case holds a journal post the viewer does not read in full (a case moved to
 * another unit hands every post to the new unit, so the mover must read them all).
 */
export async function holdsPostsNotReadInFull(
  em: EntityManager,
  ability: AppAbility,
  caseId: string,
): Promise<boolean> {
  const rows = await query<{ found: boolean }>(
    em,
    sql`select exists (select 1 from journal_post jp join case_file c on c.id = jp.case_id
          where jp.case_id = ${caseId} and ${postsNotReadInFull(ability, 'jp', 'c')}) as found`,
  );
  return rows[0]!.found;
}
