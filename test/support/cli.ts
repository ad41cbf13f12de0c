import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { builtServer } from './build';

const root = path.resolve(__dirname, '../..');

/** How a command ended: its exit code and what it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `script` (a command of src/…/cli) as npm runs it, from source here, in the repository's root:
 * the test's environment with `env` over it, logging silent unless `env` says otherwise.
 */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return promisify(execFile)(
    process.execPath,
    ['--no-experimental-require-module', '-r', 'ts-node/register', script, ...args],
    {
      cwd: root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', LOG_LEVEL: 'silent', ...env },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: CliRun) => err,
  );
}

let build: Promise<string> | undefined;

/**
 * The shared build (support/build.ts), asked for once per test file: a test file calls this in a
 * beforeAll with a long timeout, as the first file of a run to ask compiles it (a minute or more).
 */
export const sharedBuild = (): Promise<string> => (build ??= builtServer());

/**
 * `script` (a path under src/, such as 'src/main.js' or 'src/db/cli/migrate.js') from the tsc build
 * that support/build.ts shares, as `npm start`/`npm run …` run it: no compiling per call.
 */
export async function runBuilt(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const dir = await sharedBuild();
  return promisify(execFile)(
    process.execPath,
    ['--no-experimental-require-module', path.join(dir, script), ...args],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: CliRun) => err,
  );
}
