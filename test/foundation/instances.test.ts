import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrationsList } from '../../src/db/migrations';
import { withDatabase } from '../../src/db/urls';
import { builtServer } from '../support/build';
import { freePort, stopProcess } from '../support/processes';

/**
 * Several instances behind one load balancer on one PostgreSQL (README, "Several instances"):
 * three server processes of the built entry point, started in the same instant on a database that
 * does not exist yet, as an orchestrator starts replicas. Its name carries the run's prefix, so the
 * run's clean-up drops it should this file not.
 */
const root = path.resolve(__dirname, '../..');
const AUTH_SECRET = 'instances-test-shared-token-key-0123456789';
const INSIGHT_LINK_SECRET = 'instances-test-shared-link-key-0123456789';
/** Costs 11 for the public: 1 + 10 × __typename */
const Q11 = '{ publicJournal(first: 10) { __typename } }';
/**
 * Three such operations fit the public's budget (33 of 40) and a fourth does not. Each costs more
 * than a quarter of the budget, so every instance writes it to PostgreSQL at once (docs/security.md,
 * "Rate limits"): the shared count is exact.
 */
const BUDGET = 40;

const serverUrl = inject('serverUrl');
const databaseUrl = withDatabase(
  serverUrl,
  `${inject('runId')}_instances_${randomBytes(3).toString('hex')}`,
);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-instances-'));
let build = '';

interface Instance {
  child: ChildProcess;
  port: number;
  out: string;
}
const instances: Instance[] = [];

const env = (port: number, i: number): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  DATA_DIR: path.join(dataDir, String(i)),
  AUTH_SECRET,
  INSIGHT_LINK_SECRET,
  SEED_DEMO_DATA: 'true',
  SERVER_PROCESSES: '1',
  DB_POOL_MAX: '3',
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  MAIL_SENDER_ENABLED: 'false',
  RATE_LIMIT_STORE: 'postgres',
  RATE_LIMIT_POINTS_ANONYMOUS: String(BUDGET),
  GRAPHQL_MAX_COST_ANONYMOUS: String(BUDGET),
  TRUST_PROXY: 'loopback',
});

function start(port: number, i: number): Instance {
  const child = spawn(
    process.execPath,
    ['--no-experimental-require-module', path.join(build, 'src/main.js')],
    { cwd: root, env: env(port, i), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const instance: Instance = { child, port, out: '' };
  child.stdout!.on('data', (d: Buffer) => (instance.out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (instance.out += d.toString()));
  return instance;
}

async function ready(instance: Instance, ms = 45_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (instance.child.exitCode !== null) {
      throw new Error(`instance on ${instance.port} exited:\n${instance.out}`);
    }
    const status = await fetch(`http://127.0.0.1:${instance.port}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until)
      throw new Error(`instance on ${instance.port} not ready:\n${instance.out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function gql(
  instance: Instance,
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${instance.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json() };
}

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const logLines = (instance: Instance) =>
  instance.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; migrationsApplied?: string[] });

beforeAll(async () => {
  build = await builtServer();
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  instances.push(...ports.map((port, i) => start(port, i)));
  await Promise.all(instances.map((instance) => ready(instance)));
}, 300_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => stopProcess(i.child)));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin
    .query(
      `drop database if exists ${pg.escapeIdentifier(new URL(databaseUrl).pathname.slice(1))} with (force)`,
    )
    .finally(() => admin.end());
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('Instances started at once on a new database create, migrate and seed it once', () => {
  it('all three become ready', () => {
    expect(instances.map((i) => i.child.exitCode)).toEqual([null, null, null]);
  });

  it('each migration is applied once, by one instance', async () => {
    const rows = await sql<{ name: string; times: number }>(
      'select name, count(*)::int as times from mikro_orm_migrations group by name order by name',
    );
    expect(rows).toEqual(
      migrationsList
        .map((m) => ({ name: m.name, times: 1 }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    const applied = instances.map(
      (i) => logLines(i).find((l) => l.msg === 'database ready')!.migrationsApplied!.length,
    );
    expect(applied.sort()).toEqual([0, 0, migrationsList.length]);
  });

  it('the demo data is seeded once, by one instance', async () => {
    const seeded = instances.map(
      (i) => logLines(i).filter((l) => l.msg === 'demo data seeded').length,
    );
    expect(seeded.sort()).toEqual([0, 0, 1]);
    expect(await sql(`select 1 from app_user where username = 'leder'`)).toHaveLength(1);
  });
});

describe('Instances sharing AUTH_SECRET accept each other’s tokens', () => {
  it('a token from the token command works on all three', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--no-experimental-require-module', path.join(build, 'src/auth/cli/token.js'), 'leder'],
      { cwd: root, env: { ...env(instances[0]!.port, 0), LOG_LEVEL: 'silent' } },
    );
    const token = stdout.trim();
    for (const instance of instances) {
      const res = await gql(instance, '{ me { username } }', { authorization: `Bearer ${token}` });
      expect(res.body).toEqual({ data: { me: { username: 'leder' } } });
    }
  });
});

describe('Instances share one rate limit budget per client', () => {
  it('the budget spent across the three is what one allows, then each refuses', async () => {
    const client = { 'x-forwarded-for': '203.0.113.19' };
    for (const instance of instances) expect((await gql(instance, Q11, client)).status).toBe(200);
    for (const instance of instances) {
      const res = await gql(instance, Q11, client);
      expect(res.status).toBe(429);
      expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });
});
