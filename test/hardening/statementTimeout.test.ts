import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { leaks, schemaWith } from './support';

/**
 * DB_STATEMENT_TIMEOUT_MS (docs/security.md, "Database"): every connection of the server's pool
 * has PostgreSQL's statement_timeout, so a runaway statement is cancelled, its connection goes back
 * to the pool, and the client gets QUERY_TIMEOUT with a hint to narrow the request (docs/security.md,
 * "Errors"), never a masked internal error.
 */
const TIMEOUT_MS = 400;
let server: TestServer;
let token: string;

beforeAll(async () => {
  // Test-only misbehaviour: `units` runs a statement that takes ten seconds, in the request's
  // transaction as every read does.
  const schema = await schemaWith('units', async (_root, _args, ctx) => {
    await ctx.em.execute('select pg_sleep(10)');
    return [];
  });
  server = await startTestServer({
    data: 'demo',
    schema,
    captureLogs: true,
    env: { DB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) },
  });
  token = await server.tokenFor('saksbehandler');
});
afterAll(() => server?.close());

const NARROW = /narrow it \(a date range, a unit, more or rarer search words\)/;

describe('statement_timeout: a slow statement ends with QUERY_TIMEOUT within the timeout', () => {
  it('through GraphQL: QUERY_TIMEOUT with a hint, HTTP 200, the cause logged with the request id', async () => {
    const started = Date.now();
    const res = await server.gql('{ units { nodes { id } } }', {}, { token });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 2500);
    expect(res.status).toBe(200);
    const requestId = res.body.errors?.[0]?.extensions?.requestId;
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['units'],
      extensions: { code: 'QUERY_TIMEOUT' },
    });
    expect(res.body.errors?.[0]?.message).toMatch(NARROW);
    expect(leaks(res.text)).toEqual([]);
    const logged = server.logs.find(
      (l) => JSON.stringify(l).includes(String(requestId)) && l.level === 50,
    );
    // 57014 (query_canceled) is the cause; the driver's message may be withheld by the log's filter.
    expect(JSON.stringify(logged)).toMatch(/statement timeout|"code":"57014"/);
  });

  it('more slow requests than the pool has connections leave no connection hung', async () => {
    // The test server's pool has 5 connections.
    const slow = await Promise.all(
      Array.from({ length: 8 }, () => server.gql('{ units { nodes { id } } }', {}, { token })),
    );
    for (const res of slow) expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    const started = Date.now();
    const ok = await server.gql('{ me { id } publicJournal(first: 1) { totalCount } }');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.publicJournal.totalCount).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('through the ORM: PostgreSQL cancels the statement (57014)', async () => {
    const started = Date.now();
    const err = await server.appOrm.em
      .fork()
      .getConnection()
      .execute('select pg_sleep(10)')
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
    expect(err?.code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
  });
});

/**
 * A statement that waits on a lock counts towards the timeout: holding an exclusive lock on the
 * posts makes every public-journal statement run into it on the real database, without a fake.
 */
async function whileJournalLocked<T>(run: () => Promise<T>): Promise<T> {
  const locker = new pg.Client({ connectionString: server.databaseUrl });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('lock table journal_post in access exclusive mode');
    return await run();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

describe('statement_timeout on the public journal: a clear answer, not a 500', () => {
  it('GraphQL publicJournal: QUERY_TIMEOUT with the hint', async () => {
    const res = await whileJournalLocked(() =>
      server.gql('{ publicJournal(filter: { query: "zzqx" }, first: 5) { edges { cursor } } }'),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(res.body.errors?.[0]?.message).toMatch(NARROW);
  });

  it('GET /journal: 503 and the page says so, in Norwegian only', async () => {
    const res = await whileJournalLocked(() => fetch(`${server.url}/journal?q=zzqx`));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Søket tok for lang tid');
    expect(html).not.toContain('The search took too long');
    expect(html).toContain('<form');
  });

  it('the downloads: 503 with the hint as plain text, before any entry is sent', async () => {
    for (const path of ['/public-journal.csv', '/public-journal.json', '/public-journal.atom']) {
      const res = await whileJournalLocked(() => fetch(`${server.url}${path}?q=zzqx`));
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text, path).toContain('Søket tok for lang tid');
      expect(text, path).toContain('The search took too long');
    }
  });

  it('after the lock: the same search answers', async () => {
    const res = await fetch(`${server.url}/journal?q=zzqx`);
    expect(res.status).toBe(200);
  });
});
