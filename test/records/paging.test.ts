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

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';

describe('A forged cursor with values of the wrong type is BAD_USER_INPUT, never a 500', () => {
  it.each([
    ['cases', '', ['2024', 5, UUID]],
    ['cases', '', [2024, 5, 'not-a-uuid']],
    ['cases', '', [2 ** 40, 5, UUID]],
    ['cases', 'orderBy: TITLE,', [5, UUID]],
    ['cases', 'orderBy: TITLE,', ['a\u0000b', UUID]],
    ['cases', 'orderBy: CREATED_AT,', ['yesterday', UUID]],
    ['cases', 'orderBy: CREATED_AT,', ['2024-02-30 10:00:00+00', UUID]],
    ['journalPosts', '', ['2024-13-01', 1, UUID]],
    ['journalPosts', '', [20240101, 1, UUID]],
    ['journalPosts', 'orderBy: CASE_NUMBER,', [2024, 1.5, 1, UUID]],
    ['journalPosts', 'orderBy: DUE_DATE,', [123, UUID]],
    ['journalPosts', 'orderBy: DUE_DATE,', [null, 'x']],
    ['publicJournal', '', ['2024-01-01', 'one', UUID]],
    ['insightRequests', '', ['not a time', UUID]],
    ['insightRequests', 'orderBy: DUE_DATE,', ['2024-01-01', '2024-01-01T00:00:00Z', 7]],
    ['auditEvents', '', ['2024-01-01T00:00:00.000000Z', 'abc']],
  ])('%s(%s after: %j)', async (field, args, values) => {
    const res = await server.gql(
      `query($after: String) { ${field}(${args} first: 2, after: $after) { edges { cursor } } }`,
      { after: cursor(values) },
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({
      message: 'after is not a cursor this API gave out for this list',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });

  it("a case's journal posts", async () => {
    const res = await server.gql(
      `query($after: String) { cases(first: 1) { edges { node { journalPosts(first: 2, after: $after) { totalCount } } } } }`,
      { after: cursor([1, 'nope']) },
      { token },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it('cursors the API gave out are still taken, in every list of those kinds', async () => {
    const entries = await server.gql('{ publicJournal(first: 2) { edges { node { id } } } }');
    for (const [i, e] of entries.body.data.publicJournal.edges.entries()) {
      const receipt = await server.gql(
        'mutation($input: SubmitInsightRequestInput!) { submitInsightRequest(input: $input) { reference } }',
        { input: { entryIds: [e.node.id], requesterEmail: `p${i}@example.no` } },
      );
      expect(receipt.body.errors).toBeUndefined();
    }
    const ids = async (field: string, args: string, first: number, after?: string) => {
      const res = await server.gql(
        `query($after: String) { ${field}(${args} first: ${first}, after: $after) { edges { node { id } } pageInfo { endCursor } } }`,
        { after },
        { token },
      );
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data[field];
      return { ids: conn.edges.map((e: any) => e.node.id), end: conn.pageInfo.endCursor };
    };
    for (const [field, args] of [
      ['insightRequests', 'orderBy: RECEIVED_AT,'],
      ['insightRequests', 'orderBy: DUE_DATE,'],
      ['publicJournal', ''],
      ['auditEvents', ''],
    ] as const) {
      const three = await ids(field, args, 3);
      const one = await ids(field, args, 1);
      const two = await ids(field, args, 2, one.end);
      expect([...one.ids, ...two.ids]).toEqual(three.ids);
      expect(three.ids.length).toBeGreaterThan(1);
    }
    const res = await server.gql(
      `{ cases(first: 1) { edges { node { journalPosts(first: 1) { pageInfo { endCursor } } } } } }`,
      {},
      { token },
    );
    const after = res.body.data.cases.edges[0].node.journalPosts.pageInfo.endCursor;
    const next = await server.gql(
      `query($after: String) { cases(first: 1) { edges { node { journalPosts(first: 1, after: $after) { totalCount } } } } }`,
      { after },
      { token },
    );
    expect(next.body.errors).toBeUndefined();
  });
});

describe('Paging backwards with last and before gives the same rows in the same order', () => {
  const postsOfCase = async (caseId: string, page: string) => {
    const res = await server.gql(
      `query($id: ID!) { case(id: $id) { journalPosts(${page}) { nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
      { id: caseId },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data.case.journalPosts;
  };

  it("a case's journal posts, page by page from the end", async () => {
    const list = await server.gql(
      `{ cases(first: 20) { nodes { id journalPosts(first: 1) { totalCount } } } }`,
      {},
      { token },
    );
    const withPosts = list.body.data.cases.nodes.find(
      (c: { journalPosts: { totalCount: number } }) => c.journalPosts.totalCount >= 3,
    );
    const forward = (await postsOfCase(withPosts.id, 'first: 100')).nodes.map(
      (n: { id: string }) => n.id,
    );
    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page = await postsOfCase(
        withPosts.id,
        before ? `last: 2, before: ${JSON.stringify(before)}` : 'last: 2',
      );
      backward.unshift(...page.nodes.map((n: { id: string }) => n.id));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('first and last together are refused', async () => {
    const res = await server.gql(`{ cases(first: 1) { nodes { id } } }`, {}, { token });
    const id = res.body.data.cases.nodes[0].id;
    const both = await server.gql(
      `query($id: ID!) { case(id: $id) { journalPosts(first: 2, last: 2) { nodes { id } } } }`,
      { id },
      { token },
    );
    expect(both.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
