import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { type HttpApp } from '../../src/http/app';
import { toGlobalId } from '../../src/schema/globalId';
import {
  clusterRoot,
  DebianCluster,
  debianPostgresMissing,
  removeClusters,
  seededDatabase,
  serveDatabase,
  type ServedDatabase,
} from '../support/debianPostgres';
import { waitUntil } from '../support/processes';

/**
 * Read replicas (docs/scaling.md, "Read replicas") against a real streaming standby: a Debian
 * PostgreSQL primary with the demo data, a standby made by pg_basebackup, and the real server in
 * this process with DATABASE_REPLICA_URLS naming the standby. Which server ran a statement is read
 * from each server's own pg_stat_statements.
 */
const MAX_LAG_MS = 1000;
const SLOW = 60_000;

if (debianPostgresMissing)
  console.error(`Skipping the read replica tests: ${debianPostgresMissing}`);

let root = '';
let primary: DebianCluster;
let standby: DebianCluster;
let server: ServedDatabase;
let app: HttpApp;
let url = '';
let token = '';
let unitId = '';
const logs: { msg: string; replica?: string }[] = [];

/** Calls of statements about journal posts that `cluster` has run so far. */
async function journalPostCalls(cluster: DebianCluster): Promise<number> {
  const [row] = await cluster.query<{ n: number }>(
    `select coalesce(sum(calls), 0)::int as n from pg_stat_statements
      where query ilike '%journal_post%' and query not ilike '%pg_stat_statements%'`,
    'arkivgraf',
  );
  return row!.n;
}

async function counts() {
  return { primary: await journalPostCalls(primary), replica: await journalPostCalls(standby) };
}

async function gql(query: string, variables: Record<string, unknown> = {}, auth = false) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown[] } };
}

/** A public journal query that no earlier one asked (the GraphQL cache answers repeats). */
let asked = 0;
async function publicJournalRead() {
  asked += 1;
  const res = await gql(
    `query Read${asked} { publicJournal(first: ${asked}) { totalCount edges { node { id } } } }`,
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.publicJournal.totalCount).toBeGreaterThan(0);
}

async function journalPage(): Promise<number> {
  const res = await fetch(`${url}/journal?q=brev${++asked}`);
  await res.text();
  return res.status;
}

const waitFor = (check: () => Promise<boolean>, what: string) =>
  waitUntil(check, what, { ms: 20_000, everyMs: 200 });

const replicaHealthy = async () => {
  await app.replicas.check();
  return app.replicas.status()[0]!.healthy;
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('replica settings are validated at start', () => {
  it('DATABASE_REPLICA_URLS: postgres URLs by commas, beside DATABASE_URL; REPLICA_MAX_LAG_MS 5000 by default', () => {
    const primary = 'postgres://a@db:5432/arkivgraf';
    expect(
      loadConfig({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URLS: ' postgres://a@r1:5432/arkivgraf, postgresql://a@r2/arkivgraf',
      }).replicas,
    ).toEqual({
      urls: ['postgres://a@r1:5432/arkivgraf', 'postgresql://a@r2/arkivgraf'],
      maxLagMs: 5000,
    });
    expect(loadConfig({}).replicas).toEqual({ urls: [], maxLagMs: 5000 });
    expect(problems({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'r1:5432' })).toEqual([
      'DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs separated by commas, got "r1:5432"',
    ]);
    expect(problems({ DATABASE_REPLICA_URLS: primary })).toEqual([
      `DATABASE_REPLICA_URLS needs DATABASE_URL: replicas stream from an external primary, not the embedded one, got "${primary}"`,
    ]);
    expect(problems({ REPLICA_MAX_LAG_MS: '-1' })).toEqual([
      'REPLICA_MAX_LAG_MS must be a whole number from 0 to 3600000, got "-1"',
    ]);
  });
});

describe.skipIf(debianPostgresMissing)(
  `read replicas (Debian PostgreSQL streaming standby)${debianPostgresMissing ? `: skipped, ${debianPostgresMissing}` : ''}`,
  () => {
    beforeAll(async () => {
      root = await clusterRoot();
      primary = await DebianCluster.create(root, 'primary');
      const databaseUrl = await seededDatabase(primary, 'arkivgraf');
      await primary.query('create extension pg_stat_statements', 'arkivgraf');
      const [ppt] = await primary.query<{ id: string }>(
        `select id from unit where name = 'PPT'`,
        'arkivgraf',
      );
      unitId = ppt!.id;
      standby = await primary.standby('standby');
      const log = pino(
        { level: 'info' },
        { write: (line: string) => void logs.push(JSON.parse(line)) },
      );
      server = await serveDatabase(
        databaseUrl,
        { DATABASE_REPLICA_URLS: standby.url('arkivgraf'), REPLICA_MAX_LAG_MS: String(MAX_LAG_MS) },
        log,
      );
      app = server.app;
      url = server.url;
      token = await server.tokenFor('saksbehandler');
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      if (root) await removeClusters(root, [standby, primary].filter(Boolean));
    });

    describe('public journal reads are served by a healthy replica', () => {
      it('the monitor finds the standby healthy before the first request', () => {
        expect(app.replicas.status()).toEqual([
          { name: `127.0.0.1:${standby.port}`, healthy: true, lagMs: expect.any(Number) },
        ]);
      });

      it('/metrics shows the replica healthy, with its lag', async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const replica = `replica="127.0.0.1:${standby.port}"`;
        expect(text).toContain(`arkivgraf_db_replica_healthy{${replica}} 1`);
        expect(text).toMatch(
          new RegExp(
            `arkivgraf_db_replica_lag_seconds\\{${replica}\\} \\d+(\\.\\d+)?(e-?\\d+)?\\n`,
          ),
        );
      });

      it(
        'GraphQL publicJournal queries and /journal pages and CSV run their journal statements on the replica only',
        async () => {
          const before = await counts();
          await publicJournalRead();
          await publicJournalRead();
          expect(await journalPage()).toBe(200);
          const csv = await fetch(`${url}/public-journal.csv`);
          expect(csv.status).toBe(200);
          expect((await csv.text()).split('\n').length).toBeGreaterThan(2);
          const after = await counts();
          expect(after.replica).toBeGreaterThan(before.replica);
          expect(after.primary).toBe(before.primary);
        },
        SLOW,
      );
    });

    describe('a mutation and the reads in its selection set run on the primary and see the write', () => {
      it(
        'a registered post is in its case`s list of posts in the same answer',
        async () => {
          const created = await gql(
            `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
            {
              input: {
                title: 'Sak for lesereplika',
                responsibleUnitId: toGlobalId('Unit', unitId),
              },
            },
            true,
          );
          expect(created.body.errors).toBeUndefined();
          const caseId = created.body.data.createCase.id;
          const before = await counts();
          const registered = await gql(
            `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) {
          id case { journalPosts(first: 10) { edges { node { id } } } } } }`,
            { input: { caseId, title: 'Brev lest i samme svar', type: 'OUTGOING' } },
            true,
          );
          expect(registered.body.errors).toBeUndefined();
          const post = registered.body.data.registerJournalPost;
          expect(
            post.case.journalPosts.edges.map((e: { node: { id: string } }) => e.node.id),
          ).toEqual([post.id]);
          const after = await counts();
          expect(after.primary).toBeGreaterThan(before.primary);
          expect(after.replica).toBe(before.replica);
        },
        SLOW,
      );
    });

    describe('a stopped replica only moves reads to the primary', () => {
      it(
        'reads answer from the primary without an error, the replica is marked unhealthy, and taken back once it runs again',
        async () => {
          await standby.stop();
          // Before any check: the request's begin on the replica fails and is retried on the primary.
          const before = await journalPostCalls(primary);
          await publicJournalRead();
          expect(await journalPage()).toBe(200);
          expect(await journalPostCalls(primary)).toBeGreaterThan(before);
          expect(app.replicas.status()[0]).toMatchObject({ healthy: false, lagMs: null });
          await app.replicas.check();
          expect(app.replicas.status()[0]!.healthy).toBe(false);
          expect(logs.some((l) => l.msg === 'replica takes no reads')).toBe(true);

          await standby.start();
          await waitFor(replicaHealthy, 'the restarted replica to be healthy');
          const back = await counts();
          await publicJournalRead();
          const after = await counts();
          expect(after.replica).toBeGreaterThan(back.replica);
          expect(after.primary).toBe(back.primary);
        },
        SLOW,
      );
    });

    describe(`a replica more than REPLICA_MAX_LAG_MS (${MAX_LAG_MS} ms) behind takes no reads`, () => {
      it(
        'paused replay and a write on the primary: skipped once the lag passes the bound, back once replayed',
        async () => {
          await standby.query('select pg_wal_replay_pause()');
          try {
            await primary.query(`update unit set name = name where name = 'PPT'`, 'arkivgraf');
            await waitFor(async () => !(await replicaHealthy()), 'the paused replica to lag');
            expect(app.replicas.status()[0]!.lagMs).toBeGreaterThan(MAX_LAG_MS);
            const before = await counts();
            await publicJournalRead();
            const after = await counts();
            expect(after.replica).toBe(before.replica);
            expect(after.primary).toBeGreaterThan(before.primary);
          } finally {
            await standby.query('select pg_wal_replay_resume()');
          }
          await waitFor(replicaHealthy, 'the resumed replica to catch up');
          expect(app.replicas.status()[0]!.lagMs).toBe(0);
        },
        SLOW,
      );
    });
  },
);
