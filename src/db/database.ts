import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { type Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { ormOptions } from './orm-options';
import { databaseName, withDatabase } from './urls';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: boolean;
  /** Migrations applied by this start */
  migrated: string[];
  close(): Promise<void>;
}

/** Creates the database on its server when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  // A migration may take longer than a request may: no statement_timeout in its transaction.
  const applied = await orm.em.fork().transactional(async (em) => {
    const trx = em.getTransactionContext();
    await em.getConnection().execute('set local statement_timeout = 0', [], 'run', trx);
    return orm.getMigrator().up({ transaction: trx });
  });
  return applied.map((m) => m.name);
}

/**
 * Opens the database the configuration names: the server at DATABASE_URL, or else an embedded
 * PostgreSQL with its data in DATA_DIR/postgres (reused on the next start). Applies pending
 * migrations.
 */
export async function openDatabase(
  config: Config,
  options: { log?: (line: string) => void; attachIfRunning?: boolean } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      onLog: options.log,
      attachIfRunning: options.attachIfRunning,
    });
    url = withDatabase(embedded.url, 'arkivgraf');
  }
  try {
    await ensureDatabase(url);
    const orm = await MikroORM.init(
      ormOptions(url, config.dbPoolMax, config.hardening.statementTimeoutMs),
    );
    const migrated = await migrate(orm);
    return {
      orm,
      url,
      embedded: Boolean(embedded),
      migrated,
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
