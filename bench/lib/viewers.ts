import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';

/** The benchmark's internal users: the generator's handler of unit 1 and an archivist. */
export const BENCH_USERS = { archivist: 'archivist', handler: 'handler1' } as const;

/**
 * Adds the archivist and gives the generator's `handler1` the CASE_HANDLER role in their unit, in
 * the first organisation (the session's setting is the columns' default).
 */
export async function addBenchUsers(client: pg.Client): Promise<void> {
  await client.query(`select set_config('arkivgraf.organisation', $1, false)`, [
    FIRST_ORGANISATION_ID,
  ]);
  await client.query(
    `insert into app_user (id, username, display_name, unit_id, active, created_at)
     values ('b0000000-0000-4000-8000-0000000000aa', 'archivist', 'Arkivar', null, true, '2020-01-01')`,
  );
  await client.query(
    `insert into role_grant (id, user_id, role, unit_id, valid_from)
     values ('d0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-0000000000aa',
             'ARCHIVIST', null, '2020-01-01'),
            ('d0000000-0000-4000-8000-000000000002', (select id from app_user where username = 'handler1' and organisation_id = $1),
             'CASE_HANDLER', (select unit_id from app_user where username = 'handler1' and organisation_id = $1),
             '2020-01-01')`,
    [FIRST_ORGANISATION_ID],
  );
}

/**
 * The statements the query layer runs for one request, each run with the plain client as it is
 * captured (a later statement may hold what an earlier one found), formatted by MikroORM's
 * platform as the server sends them.
 */
export async function captureStatements<T>(
  orm: MikroORM,
  client: pg.Client,
  run: (em: EntityManager) => Promise<T>,
): Promise<{ texts: string[]; result: T }> {
  const platform = orm.em.getPlatform();
  const texts: string[] = [];
  const execute = async (text: string, params: unknown[] = []) => {
    texts.push(platform.formatQuery(text, params));
    return (await client.query(texts.at(-1)!)).rows;
  };
  const em = { execute, getConnection: () => ({ execute }) } as unknown as EntityManager;
  return { texts, result: await run(em) };
}
