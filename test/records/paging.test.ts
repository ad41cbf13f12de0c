import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Keyset paging (architecture.md): paging through a list with cursors gives exactly the rows of one
 * large page, in the same order, for every order a list offers: NOT NULL keys in one direction (a
 * row comparison), mixed directions, and nullable keys (due date) whose NULLs come last.
 */
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  token = await server.tokenFor('arkivar');
});
afterAll(() => server?.close());

async function pageThrough(field: string, args: string, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 200; i++) {
    const res: { body: any } = await server.gql(
      `query($after: String) { ${field}(${args} first: ${pageSize}, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    const conn = res.body.data[field];
    ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!conn.pageInfo.hasNextPage) return ids;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('did not reach the end');
}

async function onePage(field: string, args: string): Promise<string[]> {
  const all: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: any } = await server.gql(
      `query($after: String) { ${field}(${args} first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      { token },
    );
    const conn = res.body.data[field];
    all.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!conn.pageInfo.hasNextPage) return all;
    after = conn.pageInfo.endCursor;
  }
}

describe('Paging with cursors gives every row once, in order', () => {
  it.each([
    ['journalPosts', 'orderBy: JOURNAL_DATE,'],
    ['journalPosts', 'orderBy: CASE_NUMBER,'],
    ['journalPosts', 'orderBy: TITLE,'],
    ['journalPosts', 'orderBy: DUE_DATE,'],
    ['cases', 'orderBy: CASE_NUMBER,'],
    ['cases', 'orderBy: TITLE,'],
    ['cases', 'orderBy: CREATED_AT,'],
  ])('%s(%s)', async (field, args) => {
    const large = await onePage(field, args);
    const paged = await pageThrough(field, args, 7);
    expect(paged).toEqual(large);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged.length).toBeGreaterThan(50);
  });

  it('posts without a due date come after all that have one', async () => {
    const res = await server.gql(
      '{ journalPosts(orderBy: DUE_DATE, first: 100) { edges { node { dueDate } } } }',
      {},
      { token },
    );
    const dates = res.body.data.journalPosts.edges.map(
      (e: { node: { dueDate: string | null } }) => e.node.dueDate,
    );
    const firstNull = dates.indexOf(null);
    if (firstNull >= 0)
      expect(dates.slice(firstNull).every((d: string | null) => d === null)).toBe(true);
    const present = dates.filter((d: string | null) => d !== null);
    expect(present).toEqual([...present].sort());
  });
});
