import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real entry point (src/main.ts) as `npm start` runs it: embedded PostgreSQL in DATA_DIR,
 * migrations, demo seed on first start only, and a clean stop on SIGTERM with no PostgreSQL left.
 */
const root = path.resolve(__dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-lifecycle-'));
const port = 40000 + (process.pid % 5000);
const pgPort = 45000 + (process.pid % 5000);

function start(env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  let out = '';
  // Without require(esm), as on Node 20 before 20.19: ESM-only packages must be imported lazily.
  const args = ['--no-experimental-require-module', '-r', 'ts-node/register', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitFor(output: () => string, text: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!output().includes(text)) {
    if (Date.now() > until) throw new Error(`Timed out waiting for "${text}":\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

/** PostgreSQL processes serving this test's data directory. */
function postgresOnDataDir(): string {
  try {
    return execFileSync('pgrep', ['-f', `${dataDir}/postgres`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Starting, restarting and stopping the server', () => {
  it('first start seeds the demo data; SIGTERM stops it with no PostgreSQL left', async () => {
    const s = start();
    await waitFor(s.output, 'Arkivgraf is running at');
    expect(s.output()).toContain('demo data seeded');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const code = exited(s.child);
    s.child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(s.output()).toContain('"msg":"stopped"');
    expect(postgresOnDataDir()).toBe('');
  }, 120_000);

  it('a second start reuses the data without seeding again, and stops on SIGINT', async () => {
    const s = start();
    await waitFor(s.output, 'Arkivgraf is running at');
    expect(s.output()).not.toContain('demo data seeded');
    const code = exited(s.child);
    s.child.kill('SIGINT');
    expect(await code).toBe(0);
    expect(postgresOnDataDir()).toBe('');
  }, 120_000);

  it('a wrong configuration value stops the start with a clear line and exit code 1', async () => {
    const s = start({ PORT: 'abc' });
    expect(await exited(s.child)).toBe(1);
    expect(s.output()).toContain('PORT must be a number between 1 and 65535, got "abc"');
  }, 60_000);
});
