import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit } from './config';
import { openDatabase } from './db/database';
import { isDatabaseEmpty, seedDemoData } from './db/seed';
import { redactUrl } from './db/urls';
import { accessLogSettled } from './services/accessLog';
import { createHttpApp } from './http/app';
import { createLogger } from './http/logger';
import { buildAppSchema } from './graphql/buildSchema';

/** One server per data directory: a second start would fight the first over its database. */
function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'arkivgraf.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    try {
      if (pid && pid !== process.pid) {
        process.kill(pid, 0);
        throw new Error(`Arkivgraf is already running on ${dataDir} (pid ${pid})`);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  const release = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  const db = await openDatabase(config);
  log.info(
    { database: redactUrl(db.url), embedded: db.embedded, migrationsApplied: db.migrated },
    'database ready',
  );

  if (config.seedDemoData && (await isDatabaseEmpty(db.orm.em.fork()))) {
    const summary = await seedDemoData(db.orm.em.fork());
    log.info({ cases: summary.cases, journalPosts: summary.journalPosts }, 'demo data seeded');
  }

  const app = await createHttpApp({ config, orm: db.orm, schema: await buildAppSchema(), log });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, resolve);
  });
  const url = `http://${config.host}:${config.port}/graphql`;
  log.info({ url }, 'listening');
  console.log(`\nArkivgraf is running at ${url}`);
  if (config.auth.mode === 'local') {
    console.log('Get a token for a demo user with: npm run -s token -- saksbehandler');
    console.log(
      `Then: curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    );
    console.log(`        -d '{"query":"{ me { username displayName } }"}' ${url}\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      await app.stop();
      // The access events of the last requests are written after their answers.
      await accessLogSettled();
      await db.close();
      release();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
