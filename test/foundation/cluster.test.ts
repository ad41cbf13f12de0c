import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartDelay } from '../../src/server/cluster';
import { builtServer } from '../support/build';
import { stopProcess, waitUntil } from '../support/processes';

/**
 * The real entry point with SERVER_PROCESSES=2: a primary that starts the embedded PostgreSQL
 * once and two workers (node:cluster) that share the port. Run from the tsc build, as `npm start`
 * runs it (support/build.ts): three processes each compiling the sources with ts-node take a
 * minute on a busy machine.
 */
const root = path.resolve(__dirname, '../..');
let build = '';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-cluster-'));
const port = 35000 + (process.pid % 5000);
const pgPort = 30000 + (process.pid % 5000);

let out = '';
let primary: ChildProcess | undefined;

function start(): ChildProcess {
  // Without require(esm), as on Node 20 before 20.19; the workers inherit the argument.
  const args = ['--no-experimental-require-module', path.join(build, 'src/main.js')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      SERVER_PROCESSES: '2',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return child;
}

const waitFor = (found: () => boolean, what: string, ms = 60_000) =>
  waitUntil(found, what, { ms, context: () => out });

/** A request on a connection of its own: the primary hands each connection to the next worker. */
function healthz(): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('timeout', () => reject(new Error(`no answer within 5 s:\n${out}`)))
      .on('error', reject);
  });
}

interface LogLine {
  pid: number;
  msg: string;
  worker?: number;
}

function logLines(): LogLine[] {
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The processes that answered requests, from the pid of their request log lines. */
const answeredBy = (lines = logLines()) =>
  new Set(lines.filter((l) => l.msg === 'request').map((l) => l.pid));

const workersListening = () =>
  logLines()
    .filter((l) => l.msg === 'worker listening')
    .map((l) => l.worker!);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function postgresOnDataDir(): string {
  try {
    return execFileSync('pgrep', ['-f', `${dataDir}/postgres`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

beforeAll(async () => {
  build = await builtServer();
}, 300_000);

afterAll(async () => {
  // After a failure: a graceful stop, so that no PostgreSQL is left on the directory.
  await stopProcess(primary);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('The server runs one process per core and replaces a process that dies', () => {
  it('two workers answer on one port, a killed one is replaced, SIGTERM stops all', async () => {
    primary = start();
    await waitFor(() => out.includes('Arkivgraf is running at'), 'the start');
    expect(out.match(/demo data seeded/g)).toHaveLength(1);
    // The primary's log line of a worker may reach the pipe after the announcement.
    await waitFor(() => workersListening().length === 2, 'both workers listening', 10_000);
    const workers = workersListening();

    for (let i = 0; i < 12; i++) expect(await healthz()).toBe(200);
    await waitFor(() => answeredBy().size === 2, 'answers from both workers', 5000);
    expect([...answeredBy()].sort()).toEqual([...workers].sort());

    // A worker killed outright: once the primary has seen it go (a connection handed to it in
    // that instant is lost with it), the other answers every request, and a new one takes its place.
    process.kill(workers[0]!, 'SIGKILL');
    await waitFor(() => logLines().some((l) => l.msg.startsWith('worker exited')), 'the exit');
    for (let i = 0; i < 6; i++) expect(await healthz()).toBe(200);
    await waitFor(() => workersListening().length === 3, 'a new worker', 30_000);
    const replacement = workersListening()[2]!;
    expect(workers).not.toContain(replacement);
    const before = logLines().length;
    for (let i = 0; i < 12; i++) expect(await healthz()).toBe(200);
    await waitFor(
      () => answeredBy(logLines().slice(before)).has(replacement),
      'an answer from the new worker',
      5000,
    );

    const exited = new Promise<number | null>((resolve) => primary!.once('exit', resolve));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    const stopped = logLines()
      .filter((l) => l.msg === 'stopped')
      .map((l) => l.pid);
    expect(stopped.sort()).toEqual([workers[1]!, replacement, primary.pid!].sort());
    expect([workers[1]!, replacement].filter(alive)).toEqual([]);
    expect(postgresOnDataDir()).toBe('');
  }, 120_000);

  it('a worker dying again and again waits longer each time, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(restartDelay)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });
});
