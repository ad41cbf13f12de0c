import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { leaks, schemaWith } from './support';

/**
 * Unexpected errors are masked (docs/security.md, "Errors"): the client sees INTERNAL_SERVER_ERROR
 * with the request id and nothing else; the log line with that request id has the real cause.
 */
let server: TestServer;

const CAUSE =
  'select * from "secret_table" failed: relation "secret_table" does not exist at /work/main/src/queries/secret.ts:12:7';

beforeAll(async () => {
  // Test-only misbehaviour of `units`: a thrown error for the archivist, a real SQL error for others.
  const schema = await schemaWith('units', async (_root, _args, ctx) => {
    if (ctx.viewer.kind === 'user' && ctx.viewer.username === 'arkivar') throw new Error(CAUSE);
    await ctx.em.getConnection().execute('select * from no_such_table_here');
    return [];
  });
  server = await startTestServer({ data: 'demo', schema, captureLogs: true });
});
afterAll(() => server?.close());

function errorLogFor(requestId: string) {
  return server.logs.find((l) => l.level === 50 && JSON.stringify(l).includes(requestId));
}

describe('Unexpected errors: only the request id reaches the client, the cause reaches the log', () => {
  it('a thrown error with SQL and a file path in its message', async () => {
    const res = await server.gql(
      '{ units { nodes { id } } }',
      {},
      { token: await server.tokenFor('arkivar') },
    );
    const requestId = res.body.errors?.[0]?.extensions?.requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.errors).toEqual([
      {
        message: `Internal server error (request ${requestId})`,
        path: ['units'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(leaks(res.text)).toEqual([]);
    const line = errorLogFor(requestId);
    expect(line, 'an error log line with the request id').toBeDefined();
    expect(JSON.stringify(line)).toContain('secret_table');
    expect(JSON.stringify(line)).toContain('secret.ts:12:7');
  });

  it('a real database error, with the request id given by the caller', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql(
      '{ units { nodes { id } } }',
      {},
      {
        token,
        headers: { 'x-request-id': 'trace-abc-12345' },
      },
    );
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'Internal server error (request trace-abc-12345)',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-abc-12345' },
    });
    expect(leaks(res.text)).toEqual([]);
    expect(JSON.stringify(errorLogFor('trace-abc-12345'))).toContain(
      'relation \\"no_such_table_here\\" does not exist',
    );
  });

  it('expected refusals keep their code and message, with the request id added', async () => {
    const res = await server.gql(
      '{ journalPosts(first: 1000) { totalCount } }',
      {},
      {
        token: await server.tokenFor('saksbehandler'),
      },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      requestId: expect.any(String),
    });
    expect(res.body.errors?.[0]?.message).toMatch(/first must be a whole number/);
  });
});
