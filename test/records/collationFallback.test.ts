import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { norwegianCollationSource } from '../../src/db/collation';
import { createTestDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Where PostgreSQL has no ICU (README, "Sorting (Norwegian order)"), the collation `norwegian`
 * falls back to a C-library locale and else to byte order, which src/main.ts warns about. The embedded
 * PostgreSQL has ICU, so this test rebuilds `norwegian` from the fallbacks in its own database:
 * the source is reported, and lists still page consistently in the order the fallback gives.
 */
async function rebuildCollation(databaseUrl: string, from: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('drop collation "norwegian"');
    await client.query(`create collation "norwegian" from ${pg.escapeIdentifier(from)}`);
  } finally {
    await client.end();
  }
}

/** A libc collation of this server, if it has one (nb_NO.utf8 first): the middle fallback. */
async function libcCollation(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ collname: string }>(
      `select collname from pg_collation
        where collprovider = 'c' and collname not in ('C', 'POSIX', 'ucs_basic', 'default')
          and collencoding in (-1, pg_char_to_encoding('UTF8'))
        order by collname <> 'nb_NO.utf8', collname limit 1`,
    );
    return rows[0]?.collname ?? null;
  } finally {
    await client.end();
  }
}

describe('Without ICU, titles sort in byte order and the server says so', () => {
  let server: TestServer;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('demo');
    await rebuildCollation(databaseUrl, 'C');
    server = await startTestServer({ databaseUrl });
  });
  afterAll(() => server?.close());

  it('reports the source as bytes, the one src/main.ts warns about at start', async () => {
    expect(await norwegianCollationSource(server.orm.em.fork())).toBe('bytes');
  });

  it('pages by title give the same rows as one page, in byte order', async () => {
    const token = await server.tokenFor('arkivar');
    const order = '{ field: TITLE, direction: ASC }';
    const one = await server.gql(
      `{ cases(first: 100, orderBy: ${order}) { nodes { title } } }`,
      {},
      { token },
    );
    expect(one.body.errors).toBeUndefined();
    const titles: string[] = one.body.data.cases.nodes.map((n: { title: string }) => n.title);
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: { body: any } = await server.gql(
        `query($after: String) { cases(first: 7, after: $after, orderBy: ${order}) { nodes { title } pageInfo { hasNextPage endCursor } } }`,
        { after },
        { token },
      );
      paged.push(...page.body.data.cases.nodes.map((n: { title: string }) => n.title));
      if (!page.body.data.cases.pageInfo.hasNextPage) break;
      after = page.body.data.cases.pageInfo.endCursor;
    }
    expect(paged).toEqual(titles);
    const bytes = [...titles].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(titles).toEqual(bytes);
  });
});

describe('With a C-library locale instead of ICU, the source is libc', () => {
  it('reports libc when the collation comes from the C library', async (ctx) => {
    const databaseUrl = await createTestDatabase('empty');
    const libc = await libcCollation(databaseUrl);
    // Visibly skipped where this PostgreSQL has no C-library locale besides C and POSIX.
    if (!libc) ctx.skip();
    await rebuildCollation(databaseUrl, libc!);
    const server = await startTestServer({ databaseUrl });
    try {
      expect(await norwegianCollationSource(server.orm.em.fork())).toBe('libc');
    } finally {
      await server.close();
    }
  });
});
