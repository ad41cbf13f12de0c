import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';

/**
 * Names of users and units by id, for downloads that print them (the restanseliste): one
 * statement per call. Ids only of rows the caller may show (a REDACTED post carries no handler).
 */
async function namesOf(
  em: EntityManager,
  ids: readonly (string | null)[],
  statement: (ids: string[]) => ReturnType<typeof sql>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await query<{ id: string; name: string }>(em, statement(wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const userNames = (em: EntityManager, ids: readonly (string | null)[]) =>
  namesOf(em, ids, (w) => sql`select id, display_name as name from app_user where id in (${w})`);

export const unitNames = (em: EntityManager, ids: readonly (string | null)[]) =>
  namesOf(em, ids, (w) => sql`select id, name from unit where id in (${w})`);
