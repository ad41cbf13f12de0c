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
    ['journalPosts', 'orderBy: { field: JOURNAL_DATE },'],
    ['journalPosts', 'orderBy: { field: CASE_NUMBER },'],
    ['journalPosts', 'orderBy: { field: TITLE },'],
    ['journalPosts', 'orderBy: { field: DUE_DATE },'],
    ['cases', 'orderBy: { field: CASE_NUMBER },'],
    ['cases', 'orderBy: { field: TITLE },'],
    ['cases', 'orderBy: { field: CREATED_AT },'],
  ])('%s(%s)', async (field, args) => {
    const large = await onePage(field, args);
    const paged = await pageThrough(field, args, 7);
    expect(paged).toEqual(large);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged.length).toBeGreaterThan(50);
  });

  it('posts without a due date come after all that have one', async () => {
    const res = await server.gql(
      '{ journalPosts(orderBy: { field: DUE_DATE }, first: 100) { edges { node { dueDate } } } }',
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
    ['cases', 'orderBy: { field: TITLE },', [5, UUID]],
    ['cases', 'orderBy: { field: TITLE },', ['a\u0000b', UUID]],
    ['cases', 'orderBy: { field: CREATED_AT },', ['yesterday', UUID]],
    ['cases', 'orderBy: { field: CREATED_AT },', ['2024-02-30 10:00:00+00', UUID]],
    ['journalPosts', '', ['2024-13-01', 1, UUID]],
    ['journalPosts', '', [20240101, 1, UUID]],
    ['journalPosts', 'orderBy: { field: CASE_NUMBER },', [2024, 1.5, 1, UUID]],
    ['journalPosts', 'orderBy: { field: DUE_DATE },', [123, UUID]],
    ['journalPosts', 'orderBy: { field: DUE_DATE },', [null, 'x']],
    ['publicJournal', '', ['2024-01-01', 'one', UUID]],
    ['insightRequests', '', ['not a time', UUID]],
    ['insightRequests', 'orderBy: { field: DUE_DATE },', ['2024-01-01', '2024-01-01T00:00:00Z', 7]],
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
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['after'] }] },
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
      fieldErrors: [{ path: ['after'] }],
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
      ['insightRequests', 'orderBy: { field: RECEIVED_AT },'],
      ['insightRequests', 'orderBy: { field: DUE_DATE },'],
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
  beforeAll(async () => {
    // Insight requests (and their audit events) to page through, whatever ran before
    const entries = await server.gql('{ publicJournal(first: 3) { nodes { id } } }');
    for (const [i, e] of entries.body.data.publicJournal.nodes.entries()) {
      const receipt = await server.gql(
        'mutation($input: SubmitInsightRequestInput!) { submitInsightRequest(input: $input) { reference } }',
        { input: { entryIds: [e.id], requesterEmail: `back${i}@example.no` } },
      );
      expect(receipt.body.errors).toBeUndefined();
    }
  });

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

  /** Every order of every list, in both directions: the list's default and the other. */
  const ORDERS: [string, string][] = [
    ...['CASE_NUMBER', 'TITLE', 'CREATED_AT'].map((f) => ['cases', f] as [string, string]),
    ...['JOURNAL_DATE', 'CASE_NUMBER', 'TITLE', 'DUE_DATE'].map(
      (f) => ['journalPosts', f] as [string, string],
    ),
    ...['RECEIVED_AT', 'DUE_DATE'].map((f) => ['insightRequests', f] as [string, string]),
  ];
  const EVERY_ORDER: [string, string][] = [
    ...ORDERS.flatMap(([list, field]) =>
      ['ASC', 'DESC'].map(
        (direction) =>
          [list, `orderBy: { field: ${field}, direction: ${direction} },`] as [string, string],
      ),
    ),
    // Every read of a restricted record in full is an event: the trail is long by now.
    ['auditEvents', 'filter: { action: "insightRequest.submit" },'],
    ['publicJournal', ''],
  ];

  async function pageBackwards(field: string, args: string, pageSize: number): Promise<string[]> {
    const ids: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 200; i++) {
      const res: { body: any } = await server.gql(
        `query($before: String) { ${field}(${args} last: ${pageSize}, before: $before) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor } } }`,
        { before },
        { token },
      );
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data[field];
      ids.unshift(...conn.nodes.map((n: { id: string }) => n.id));
      expect(conn.pageInfo.hasNextPage).toBe(before !== null);
      if (!conn.pageInfo.hasPreviousPage) return ids;
      before = conn.pageInfo.startCursor;
    }
    throw new Error('did not reach the start');
  }

  it.each(EVERY_ORDER)('%s(%s last:, before:)', async (field, args) => {
    const forward = await onePage(field, args);
    const backward = await pageBackwards(field, args, 9);
    expect(backward).toEqual(forward);
    expect(forward.length).toBeGreaterThan(1);
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

describe('Both directions of an order', () => {
  /** Every row of the list in one order, with its due date where the list has one. */
  async function rows(field: string, args: string, select = 'id'): Promise<any[]> {
    const all: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { body: any } = await server.gql(
        `query($after: String) { ${field}(${args} first: 100, after: $after) { nodes { ${select} } pageInfo { hasNextPage endCursor } } }`,
        { after },
        { token },
      );
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data[field];
      all.push(...conn.nodes);
      if (!conn.pageInfo.hasNextPage) return all;
      after = conn.pageInfo.endCursor;
    }
  }

  it.each([
    ['cases', 'CASE_NUMBER', 'DESC'],
    ['cases', 'TITLE', 'ASC'],
    ['cases', 'CREATED_AT', 'DESC'],
    ['journalPosts', 'JOURNAL_DATE', 'DESC'],
    ['journalPosts', 'CASE_NUMBER', 'DESC'],
    ['journalPosts', 'TITLE', 'ASC'],
    ['insightRequests', 'RECEIVED_AT', 'DESC'],
    ['insightRequests', 'DUE_DATE', 'ASC'],
  ])('%s by %s: ASC is DESC reversed, and the default is %s', async (list, field, byDefault) => {
    const asc = await rows(list, `orderBy: { field: ${field}, direction: ASC },`);
    const desc = await rows(list, `orderBy: { field: ${field}, direction: DESC },`);
    expect(asc.length).toBeGreaterThan(1);
    expect(asc).toEqual([...desc].reverse());
    expect(await rows(list, `orderBy: { field: ${field} },`)).toEqual(
      byDefault === 'ASC' ? asc : desc,
    );
  });

  it('journal posts by DUE_DATE: ASC is DESC reversed, except that NULLs come last both ways', async () => {
    const order = (direction: string) =>
      rows('journalPosts', `orderBy: { field: DUE_DATE, direction: ${direction} },`, 'id dueDate');
    const asc = await order('ASC');
    const desc = await order('DESC');
    expect(await rows('journalPosts', 'orderBy: { field: DUE_DATE },', 'id dueDate')).toEqual(asc);
    const dated = (list: { dueDate: string | null }[]) => list.filter((p) => p.dueDate !== null);
    const undated = (list: { dueDate: string | null }[]) => list.filter((p) => p.dueDate === null);
    expect(dated(asc).length).toBeGreaterThan(1);
    expect(undated(asc).length).toBeGreaterThan(0);
    for (const list of [asc, desc]) {
      expect(list.slice(dated(list).length)).toEqual(undated(list));
    }
    expect(dated(asc)).toEqual([...dated(desc)].reverse());
    expect(undated(asc)).toEqual([...undated(desc)].reverse());
    const dates = dated(desc).map((p) => p.dueDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe('A range whose from is after its to is a field error naming the range', () => {
  it.each([
    ['journalPosts', '{ journalDate: { from: "2026-06-03", to: "2026-06-01" } }', 'journalDate'],
    ['journalPosts', '{ dueDate: { from: "2026-06-03", to: "2026-06-01" } }', 'dueDate'],
    ['publicJournal', '{ journalDate: { from: "2026-06-03", to: "2026-06-01" } }', 'journalDate'],
    ['auditEvents', '{ at: { from: "2026-06-03T10:00:00Z", to: "2026-06-03T09:59:59Z" } }', 'at'],
  ])('%s(filter: %s)', async (list, filter, range) => {
    const res = await server.gql(`{ ${list}(filter: ${filter}) { totalCount } }`, {}, { token });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', range, 'from'], code: 'OUT_OF_RANGE' }],
    });
  });

  it('a range of one day is no mistake', async () => {
    const res = await server.gql(
      '{ journalPosts(filter: { journalDate: { from: "2026-06-03", to: "2026-06-03" } }) { totalCount } }',
      {},
      { token },
    );
    expect(res.body.errors).toBeUndefined();
  });
});
