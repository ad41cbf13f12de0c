import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

const root = path.resolve(__dirname, '../..');

/**
 * The server compiled with tsc, as `npm start` runs it: `npm run build`'s incremental `tsc -b` into
 * dist/, once per test run, so the tests that start the real entry point as processes of their own
 * (cluster, instances, drills) share it, and a build already up to date (CI builds before the
 * tests) costs only its check. The first test file to ask builds under a lock directory; the others
 * wait for its marker. Returns the build's folder (its `src/main.js` is the entry point).
 */
export async function builtServer(): Promise<string> {
  const dir = path.join(root, 'dist');
  const marker = path.join(root, 'test-output', `build-${inject('runId')}`);
  const done = path.join(marker, '.built');
  const lock = `${marker}.lock`;
  // Built already by a test file that finished before this one asked.
  if (existsSync(done)) return dir;
  mkdirSync(marker, { recursive: true });
  let owner = false;
  try {
    mkdirSync(lock);
    owner = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (owner) {
    try {
      execFileSync(
        process.execPath,
        [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
        { cwd: root, stdio: 'pipe' },
      );
      mkdirSync(done);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return dir;
  }
  const until = Date.now() + 300_000;
  while (!existsSync(done)) {
    if (!existsSync(lock) && !existsSync(done)) throw new Error(`the build in ${dir} failed`);
    if (Date.now() > until) throw new Error(`the build in ${dir} took over 5 minutes`);
    await sleep(200);
  }
  return dir;
}

/** A server process of the built entry point, with its output (stdout and stderr) collected. */
export interface BuiltServerProcess {
  child: ChildProcess;
  output(): string;
}

/**
 * Starts the built entry point (builtServer) as a process of its own, with `env` over the test's
 * environment, as `npm start` runs it: without require(esm), as on Node 20 before 20.19.
 */
export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServerProcess> {
  const build = await builtServer();
  const child = spawn(
    process.execPath,
    ['--no-experimental-require-module', path.join(build, 'src/main.js')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}
