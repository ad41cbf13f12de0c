import { type EntityManager } from '@mikro-orm/postgresql';
import { type UserViewer } from '../auth/viewer';
import { query, sql } from '../db/sqlTemplate';
import { forbidden, notFound } from '../domain/errors';
import { JournalPostType, JournalStatus, Role } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { mayReadDistributionQueue } from '../policies/journalPosts';
import { unitWithParents } from './facts';
import { type JournalPostRow, visibleJournalPosts } from './journalPosts';
import { emptyList, listPage, type ListResult } from './list';
import { OLDEST_JOURNAL_FIRST, type PageRequest } from './pagination';

/**
 * Fordeling (docs/daily-routines.md, "Distribution"): a unit's queue of incoming posts that wait
 * for a handler, and the leaders who are told of a post that lands in it.
 */

/**
 * The unit's queue: incoming posts of that responsible unit that have no handler and are neither
 * written off nor cancelled, over the viewer's visible relation (a REDACTED post shows its public
 * form). The candidates come from the stored handler column (the partial index
 * `journal_post_distribution_index`): whether a post has a handler is the queue itself, and only
 * its leaders and the archive read the queue. Unknown unit: NOT_FOUND; a viewer who is neither a
 * leader of the unit or a unit above it nor an archivist: FORBIDDEN.
 */
export async function distributionQueue(
  em: EntityManager,
  viewer: UserViewer,
  ability: AppAbility,
  today: string,
  unitId: string,
  page: PageRequest,
): Promise<ListResult<JournalPostRow>> {
  const path = await unitWithParents(em, unitId);
  if (!path.length) throw notFound('The unit');
  if (!mayReadDistributionQueue(viewer, path)) {
    throw forbidden(
      "Only the unit's leaders, the leaders of a unit above it and the archive see its distribution queue",
    );
  }
  const base = visibleJournalPosts(ability, today);
  if (!base) return emptyList();
  const filters = [
    sql`t.responsible_unit_id = ${unitId}`,
    sql`t.id in (select q.id from journal_post q
      where q.responsible_unit_id = ${unitId} and q.type = ${JournalPostType.INCOMING}
        and q.responsible_id is null and q.write_off_method is null
        and q.status <> ${JournalStatus.CANCELLED})`,
  ];
  return listPage<JournalPostRow>(em, base, filters, OLDEST_JOURNAL_FIRST, page);
}

/**
 * Who is told that a post landed in a unit's queue: the active leaders of the unit, or, where it
 * has none, of the nearest unit above it that has some (never leaders of the whole organisation
 * alone: they are told only when no unit on the way up has a leader).
 */
export async function queueLeaders(em: EntityManager, unitId: string): Promise<string[]> {
  const rows = await query<{ user_id: string; depth: number }>(
    em,
    sql`with recursive up(id, parent_id, depth) as (
          select id, parent_id, 0 from unit where id = ${unitId}
          union all
          select u.id, u.parent_id, up.depth + 1 from unit u join up on u.id = up.parent_id
           where up.depth < 50)
        select distinct g.user_id, coalesce(up.depth, 1000) as depth
          from role_grant g
          join app_user a on a.id = g.user_id and a.active
          left join up on up.id = g.unit_id
         where g.role = ${Role.LEADER} and (g.unit_id is null or up.id is not null)
           and g.valid_from <= now() and (g.valid_to is null or g.valid_to > now())`,
  );
  if (!rows.length) return [];
  const nearest = Math.min(...rows.map((r) => r.depth));
  return rows.filter((r) => r.depth === nearest).map((r) => r.user_id);
}
