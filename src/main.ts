import './observability/tracing'; // first: it patches http, pg and graphql as they are required
import 'reflect-metadata';
import cluster from 'node:cluster';
import { localSecret } from './auth/secret';
import { type Config, loadConfigOrExit } from './config';
import { norwegianCollationSource } from './db/collation';
import { connectDatabase, type Database, failureMessage, openDatabase } from './db/database';
import { isDatabaseEmpty, seedDemoData } from './db/seed';
import { redactUrl } from './db/urls';
import { createLogger } from './http/logger';
import { mailOnlyLoggedWarning } from './mail/transport';
import { startWorkers } from './server/cluster';
import { claimDataDir } from './server/dataDir';
import { ensurePortFree, exitOnSignals, serveHttp } from './server/serve';
import { type Logger } from 'pino';

/**
 * Opens (or starts) the database, applies migrations and seeds the demo data once: under the
 * database's migration lock, so of instances starting together the first seeds and the others
 * find the database no longer empty.
 */
async function prepareDatabase(config: Config, log: Logger): Promise<Database> {
  const db = await openDatabase(config, {
    afterMigrations: async (orm) => {
      if (config.seedDemoData && (await isDatabaseEmpty(orm.em.fork()))) {
        const summary = await seedDemoData(orm.em.fork());
        log.info(
          {
            cases: summary.cases,
            journalPosts: summary.journalPosts,
            secondOrganisation: summary.iveland && {
              cases: summary.iveland.cases,
              journalPosts: summary.iveland.journalPosts,
            },
          },
          'demo data seeded',
        );
      }
    },
  });
  log.info(
    { database: redactUrl(db.url), embedded: db.embedded, migrationsApplied: db.migrated },
    'database ready',
  );
  if ((await norwegianCollationSource(db.orm.em.fork())) === 'bytes') {
    log.warn(
      'PostgreSQL has neither ICU nor the nb_NO.utf8 locale: titles and names sort in byte order (Å before Æ); see README, "Sorting (Norwegian order)"',
    );
  }
  return db;
}

/** Every process's pool together must fit under the server's max_connections. */
async function warnIfPoolsExceedConnections(config: Config, db: Database, log: Logger) {
  const rows = await db.orm.em.getConnection().execute<{ max: number; reserved: number }[]>(
    `select current_setting('max_connections')::int as max,
              current_setting('superuser_reserved_connections')::int as reserved`,
  );
  const { max, reserved } = rows[0]!;
  const needed = config.serverProcesses * config.dbPoolMax;
  if (needed > max - reserved) {
    log.warn(
      { serverProcesses: config.serverProcesses, dbPoolMax: config.dbPoolMax, maxConnections: max },
      'SERVER_PROCESSES × DB_POOL_MAX is more than PostgreSQL accepts: lower one or raise max_connections',
    );
  }
}

function announce(config: Config): void {
  const url = `http://${config.host}:${config.port}/graphql`;
  console.log(`\nArkivgraf is running at ${url}`);
  if (config.auth.mode === 'local') {
    console.log('Get a token for a demo user with: npm run -s token -- saksbehandler');
    console.log(
      `Then: curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    );
    console.log(`        -d '{"query":"{ me { username displayName } }"}' ${url}\n`);
  }
}

/** One process: the database and the HTTP server in it (development, tests, SERVER_PROCESSES=1). */
async function single(config: Config, log: Logger): Promise<void> {
  const release = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  await ensurePortFree(config);
  const db = await prepareDatabase(config, log);
  // The owner's pool migrated and seeded; requests are served by the application's role.
  await db.closePool();
  const orm = await connectDatabase(config, db.url);
  const server = await serveHttp({ config, orm, log });
  log.info({ url: `http://${config.host}:${config.port}/graphql` }, 'listening');
  announce(config);
  exitOnSignals(log, config.shutdownTimeoutMs, async () => {
    await server.stop();
    await orm.close(true);
    await db.close();
    release();
  });
}

/**
 * The cluster's primary: opens the database once (starts the embedded PostgreSQL, migrates, seeds),
 * then runs SERVER_PROCESSES workers that connect to it by URL and share the port. It serves no
 * request and holds no pool. On SIGTERM or SIGINT the workers stop first (each finishes its
 * requests and writes its access events), then PostgreSQL, then the lock is released.
 */
async function primary(config: Config, log: Logger): Promise<void> {
  const release = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  await ensurePortFree(config);
  const db = await prepareDatabase(config, log);
  await warnIfPoolsExceedConnections(config, db, log);
  // Said once here rather than by every worker (http/app.ts says it in a single process).
  const mailWarning = mailOnlyLoggedWarning(config.mail, config.env);
  if (mailWarning) log.warn(mailWarning);
  // Generated here once rather than raced for by the workers.
  if (config.auth.mode === 'local') localSecret(config);
  await db.closePool();
  const workers = startWorkers({
    count: config.serverProcesses,
    env: { DATABASE_URL: db.url },
    log,
  });
  // Workers get the grace time of their own shutdown, then a little more to exit.
  const grace = config.shutdownTimeoutMs + 2000;
  const stopAll = async () => {
    await workers.stop(grace);
    await db.close();
    release();
  };
  try {
    await workers.ready;
  } catch (err) {
    await stopAll();
    throw err;
  }
  log.info(
    { url: `http://${config.host}:${config.port}/graphql`, processes: config.serverProcesses },
    'listening',
  );
  announce(config);
  exitOnSignals(log, grace + config.shutdownTimeoutMs, stopAll);
}

/** A cluster worker: the HTTP server on the primary's database, with a pool of its own. */
async function worker(config: Config, log: Logger): Promise<void> {
  const orm = await connectDatabase(config, config.databaseUrl!);
  const server = await serveHttp({ config, orm, log });
  exitOnSignals(log, config.shutdownTimeoutMs, async () => {
    await server.stop();
    await orm.close(true);
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  if (cluster.isWorker) return worker(config, log);
  if (config.serverProcesses > 1) return primary(config, log);
  return single(config, log);
}

main().catch((err: unknown) => {
  console.error(failureMessage(err));
  process.exit(1);
});
