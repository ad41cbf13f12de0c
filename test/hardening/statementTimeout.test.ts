import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { leaks, schemaWith } from './support';

/**
 * DB_STATEMENT_TIMEOUT_MS (docs/security.md, "Database"): every connection of the server's pool
 * has PostgreSQL's statement_timeout, so a runaway statement is cancelled, its connection goes back
 * to the pool, and the client gets a masked error.
 */
const TIMEOUT_MS = 400;
let server: TestServer;

beforeAll(async () => {
  // Test-only misbehaviour: `units` runs a statement that takes ten seconds.
  const schema = await schemaWith('units', async (_root, _args, ctx) => {
    await ctx.em.getConnection().execute('select pg_sleep(10)');
    return [];
  });
  server = await startTestServer({
    data: 'demo',
    schema,
    captureLogs: true,
    env: { DB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) },
  });
});
afterAll(() => server?.close());

describe('statement_timeout: a slow statement ends with a masked error within the timeout', () => {
  it('through GraphQL: INTERNAL_SERVER_ERROR with the request id, soon after the timeout', async () => {
    const started = Date.now();
    const res = await server.gql('{ units { id } }');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 2500);
    const requestId = res.body.errors?.[0]?.extensions?.requestId;
    expect(res.body.errors?.[0]).toMatchObject({
      message: `Internal server error (request ${requestId})`,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(leaks(res.text)).toEqual([]);
    const logged = server.logs.find(
      (l) => JSON.stringify(l).includes(String(requestId)) && l.level === 50,
    );
    expect(JSON.stringify(logged)).toMatch(/statement timeout/);
  });

  it('more slow requests than the pool has connections leave no connection hung', async () => {
    // The test server's pool has 5 connections.
    const slow = await Promise.all(Array.from({ length: 8 }, () => server.gql('{ units { id } }')));
    for (const res of slow)
      expect(res.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const started = Date.now();
    const ok = await server.gql('{ me { id } publicJournal(first: 1) { totalCount } }');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.publicJournal.totalCount).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('through the ORM: PostgreSQL cancels the statement (57014)', async () => {
    const started = Date.now();
    const err = await server.orm.em
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
