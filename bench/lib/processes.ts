import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';

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
