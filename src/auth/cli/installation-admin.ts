// `npm run installation-admin -- add|remove <username>` and `… list`: names the installation admins
// (installasjonsadministratorer, super-admins), who create and rename organisations. Run as the
// database owner: the server's role may only read the table, so nobody makes themself one through
// the API. An installation admin signs in like everybody else, as a user of an organisation, and
// gets no grant within any organisation by this: the username must also be an active user of at
// least one organisation to sign in at all.
import 'reflect-metadata';
import { type EntityManager } from '@mikro-orm/postgresql';
import { loadConfigOrExit } from '../../config';
import { exitWhenDone, openDatabase } from '../../db/database';
import { query, sql } from '../../db/sqlTemplate';
import { organisationsOfUser } from '../../queries/organisations';

const USAGE = 'Usage: npm run installation-admin -- add <username> | remove <username> | list';

async function add(em: EntityManager, username: string): Promise<number> {
  const added = await query<{ username: string }>(
    em,
    sql`insert into installation_admin (username) values (${username})
        on conflict (username) do nothing returning username`,
  );
  console.log(
    added.length
      ? `${username} is now an installation admin`
      : `${username} was already an installation admin`,
  );
  const theirs = await organisationsOfUser(em, username);
  if (!theirs.length) {
    console.error(
      `Note: ${username} is no active user of any organisation, and so cannot sign in until an administrator creates the user in one`,
    );
  }
  return 0;
}

async function remove(em: EntityManager, username: string): Promise<number> {
  const removed = await query<{ username: string }>(
    em,
    sql`delete from installation_admin where username = ${username} returning username`,
  );
  if (!removed.length) {
    console.error(`${username} is not an installation admin`);
    return 1;
  }
  console.log(`${username} is no longer an installation admin`);
  return 0;
}

async function list(em: EntityManager): Promise<number> {
  const rows = await query<{ username: string }>(
    em,
    sql`select username from installation_admin order by username`,
  );
  for (const row of rows) console.log(row.username);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, name, ...rest] = args;
  const username = name?.trim().toLowerCase();
  const valid =
    rest.length === 0 &&
    ((command === 'list' && name === undefined) ||
      ((command === 'add' || command === 'remove') && !!username && !username.startsWith('-')));
  if (!valid) {
    console.error(USAGE);
    return 1;
  }
  const config = loadConfigOrExit();
  // Attach to the server's embedded PostgreSQL when it is running, so this works beside it.
  const db = await openDatabase(config, { attachIfRunning: true });
  try {
    const em = db.orm.em.fork();
    if (command === 'list') return await list(em);
    return command === 'add' ? await add(em, username!) : await remove(em, username!);
  } finally {
    await db.close();
  }
}

exitWhenDone(main(process.argv.slice(2)));
