import { execFileSync } from 'node:child_process';
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
