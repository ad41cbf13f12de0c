import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { type BenchServer, openBenchDatabase } from './database';

/** A child process whose output goes to a file; resolves once `ready` appears in it. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: string,
  logFile: string,
): Promise<ChildProcess> {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const until = Date.now() + 120_000;
  while (!readFileSync(logFile, 'utf8').includes(ready)) {
    if (child.exitCode !== null || Date.now() > until) {
      throw new Error(`${args.join(' ')} did not start:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What one benchmark run holds: its database, a scratch folder and the processes it starts. */
export interface BenchRun {
  db: BenchServer;
  work: string;
  /** Processes the run starts; cleanUp stops them */
  children: ChildProcess[];
  /** Stops the processes and the database, removes the folder */
  cleanUp(): Promise<void>;
}

/**
 * Opens a run: the database (BENCH_DATABASE_URL, else a throwaway embedded one) and a scratch
 * folder `arkivgraf-<name>-…`; Ctrl-C cleans up before exiting.
 */
export async function openBenchRun(name: string): Promise<BenchRun> {
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  const work = mkdtempSync(path.join(os.tmpdir(), `arkivgraf-${name}-`));
  const children: ChildProcess[] = [];
  const cleanUp = async () => {
    await Promise.all(children.map(stopProcess));
    await db.stop();
    rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    console.error('\nInterrupted: stopping the servers and removing the benchmark database');
    void cleanUp().finally(() => process.exit(130));
  });
  return { db, work, children, cleanUp };
}

/**
 * The physical floor (bench/lib/bareEndpoint.ts): plain `pg` answering `routes.json` of the run's
 * folder, with as many processes and pool connections as the server under test.
 */
export function startBareEndpoint(
  run: Pick<BenchRun, 'db' | 'work'>,
  options: { port: number; processes: number; poolMax: number },
): Promise<ChildProcess> {
  return startProcess(
    ['-r', 'ts-node/register', 'bench/lib/bareEndpoint.ts'],
    {
      TS_NODE_TRANSPILE_ONLY: 'true',
      BARE_PORT: String(options.port),
      BARE_DATABASE_URL: run.db.url,
      BARE_PROCESSES: String(options.processes),
      BARE_POOL_MAX: String(options.poolMax),
      BARE_ROUTES: path.join(run.work, 'routes.json'),
    },
    'bare endpoint listening',
    path.join(run.work, 'bare.log'),
  );
}

/**
 * The statements `run` sends, captured with a stand-in EntityManager and formatted by MikroORM's
 * platform as the ORM sends them (parameters inlined client-side); each is run with the plain
 * client so the code gets real rows (see bench/publicJournal.ts, which checks that the server
 * sends exactly these).
 */
export async function captured(
  orm: MikroORM,
  client: pg.Client,
  run: (em: EntityManager) => Promise<unknown>,
): Promise<string[]> {
  const platform = orm.em.getPlatform();
  const texts: string[] = [];
  const execute = async (text: string, params: unknown[] = []) => {
    texts.push(platform.formatQuery(text, params));
    return (await client.query(texts.at(-1)!)).rows;
  };
  await run({ execute, getConnection: () => ({ execute }) } as unknown as EntityManager);
  return texts;
}
