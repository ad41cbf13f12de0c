import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { EXPENSIVE_STATEMENT_COST } from '../../src/http/limits/cost';
import { startTestServer, type GqlResponse, type TestServer } from '../support/server';

/**
 * Operation limits (docs/security.md, "Operation limits"), at their defaults, through the real
 * server: each limit just under passes, just over fails with QUERY_TOO_COMPLEX naming the limit
 * and the value, fragments do not get around it, and the anonymous public has the stricter one.
 */
const defaults = loadConfig({}).hardening.operations;
const anon = defaults.anonymous;
const user = defaults.user;

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  token = await server.tokenFor('saksbehandler');
});
afterAll(() => server?.close());

const asUser = (query: string, variables?: Record<string, unknown>) =>
  server.gql(query, variables, { token });

function passes(res: GqlResponse<any>) {
  expect(res.body.errors, res.text).toBeUndefined();
  expect(res.status).toBe(200);
}

function refused(
  res: GqlResponse<any>,
  limit: string,
  max: number,
  actual?: number,
): Record<string, unknown> {
  expect(res.status, res.text).toBe(400);
  expect(res.body.data).toBeUndefined();
  const [error, ...more] = res.body.errors ?? [];
  expect(more).toEqual([]);
  expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, max });
  if (actual !== undefined) expect(error?.extensions?.actual).toBe(actual);
  expect(error?.message).toContain(`limit of ${max}`);
  // Numbers only: no type or field names of the schema.
  expect(error?.message).not.toMatch(/Unit|parent|Query|publicJournal|PublicJournal/);
  return error!.extensions!;
}

/**
 * Just under a limit of the public with internal fields: not refused for its size, but told to
 * sign in (docs/security.md, "What the public may call").
 */
function withinLimitsButInternal(res: GqlResponse<any>) {
  expect(res.status, res.text).toBe(401);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
}

/** `{ units { nodes { parent { parent … { id } } } } }`: `depth` levels of fields in all. */
const unitChain = (depth: number) =>
  `{ units { nodes { ${'parent { '.repeat(depth - 3)}id${' }'.repeat(depth - 3)} } } }`;

describe(`Depth: ${anon.depth} for the public, ${user.depth} signed in`, () => {
  it('just under passes, just over fails naming the limit and the depth', async () => {
    withinLimitsButInternal(await server.gql(unitChain(anon.depth)));
    refused(await server.gql(unitChain(anon.depth + 1)), 'depth', anon.depth, anon.depth + 1);
    passes(await asUser(unitChain(user.depth)));
    refused(await asUser(unitChain(user.depth + 1)), 'depth', user.depth, user.depth + 1);
  });

  it('the same query passes signed in and fails for the public', async () => {
    passes(await asUser(unitChain(anon.depth + 1)));
    const ext = refused(await server.gql(unitChain(anon.depth + 1)), 'depth', anon.depth);
    expect(ext.viewer).toBe('anonymous');
  });

  it('named fragments count where they are spread, and nest', async () => {
    // units(1) nodes(2) → P: parent(3) parent(4) → Q: parent(5) … one level more than allowed.
    const rest = anon.depth + 1 - 4;
    const query = `
      query { units { nodes { ...P } } }
      fragment P on Unit { parent { parent { ...Q } } }
      fragment Q on Unit { ${'parent { '.repeat(rest - 1)}id${' }'.repeat(rest - 1)} }`;
    refused(await server.gql(query), 'depth', anon.depth, anon.depth + 1);
  });

  it('inline fragments and fragments on the root type count too', async () => {
    // units(1) nodes(2) parent(3) then depth - 3 more parents, then id: depth + 1 levels.
    const chain = `${'parent { '.repeat(anon.depth - 3)}id${' }'.repeat(anon.depth - 3)}`;
    const inline = `{ units { nodes { ... on Unit { parent { ... { ${chain} } } } } } }`;
    refused(await server.gql(inline), 'depth', anon.depth, anon.depth + 1);
    const onRoot = `query { ...R } fragment R on Query ${unitChain(anon.depth + 1)}`;
    refused(await server.gql(onRoot), 'depth', anon.depth, anon.depth + 1);
  });

  it('a fragment cycle is refused by validation before any limit is counted', async () => {
    const res = await server.gql(
      'query { units { nodes { ...A } } } fragment A on Unit { parent { ...B } } fragment B on Unit { parent { ...A } }',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

/** `{ units { nodes { a0: id a1: id … } } }` */
const aliased = (n: number) =>
  `{ units { nodes { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } } }`;

describe(`Aliases: ${anon.aliases} for the public, ${user.aliases} signed in`, () => {
  it('just under passes, just over fails naming the limit and the count', async () => {
    withinLimitsButInternal(await server.gql(aliased(anon.aliases)));
    refused(await server.gql(aliased(anon.aliases + 1)), 'aliases', anon.aliases, anon.aliases + 1);
    passes(await asUser(aliased(user.aliases)));
    refused(await asUser(aliased(user.aliases + 1)), 'aliases', user.aliases, user.aliases + 1);
  });

  it('the same query passes signed in and fails for the public', async () => {
    passes(await asUser(aliased(anon.aliases + 1)));
    refused(await server.gql(aliased(anon.aliases + 1)), 'aliases', anon.aliases);
  });

  it('an aliased fragment counts each time it is spread', async () => {
    const half = Math.ceil((anon.aliases + 1) / 2);
    const fields = Array.from({ length: half }, (_, i) => `b${i}: name`).join(' ');
    const query = `query { units { nodes { ...F ... on Unit { ...F } } } } fragment F on Unit { ${fields} }`;
    refused(await server.gql(query), 'aliases', anon.aliases, 2 * half);
  });
});

/** `n` root fields: me, units, users, … repeated as needed (repeats merge, but still count). */
const ROOTS = [
  'me { id }',
  'units { nodes { id } }',
  'users { nodes { id } }',
  'accessGroups { nodes { id } }',
];
const rooted = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => ROOTS[i % ROOTS.length]).join(' ')} }`;

describe(`Root fields: ${anon.rootFields} for the public, ${user.rootFields} signed in`, () => {
  it('just under passes, just over fails naming the limit and the count', async () => {
    withinLimitsButInternal(await server.gql(rooted(anon.rootFields)));
    refused(
      await server.gql(rooted(anon.rootFields + 1)),
      'rootFields',
      anon.rootFields,
      anon.rootFields + 1,
    );
    passes(await asUser(rooted(user.rootFields)));
    refused(
      await asUser(rooted(user.rootFields + 1)),
      'rootFields',
      user.rootFields,
      user.rootFields + 1,
    );
  });

  it('the same query passes signed in and fails for the public', async () => {
    passes(await asUser(rooted(anon.rootFields + 1)));
    refused(await server.gql(rooted(anon.rootFields + 1)), 'rootFields', anon.rootFields);
  });

  it('root fields inside fragments count', async () => {
    const query = `query { ...R ...R } fragment R on Query ${rooted(Math.ceil((anon.rootFields + 1) / 2))}`;
    refused(await server.gql(query), 'rootFields', anon.rootFields);
  });
});

/**
 * An operation of exactly `cost`: publicJournal(first: 100) with k fields on each entry costs
 * 1 + 100 × (2 + k), and cases(first: m) { totalCount } costs 1 + m plus the count's expensive
 * statement (see src/http/limits/cost.ts).
 */
function ofCost(cost: number): string {
  const rest = cost - 2 - EXPENSIVE_STATEMENT_COST;
  const k = Math.floor((rest - 1) / 100) - 2;
  const m = rest - 100 * (2 + k);
  expect(k).toBeGreaterThanOrEqual(1);
  expect(m).toBeGreaterThanOrEqual(1);
  expect(m).toBeLessThanOrEqual(100);
  const fields = ['id', ...Array<string>(k - 1).fill('__typename')].join(' ');
  return `{ publicJournal(first: 100) { edges { node { ${fields} } } } cases(first: ${m}) { totalCount } }`;
}

describe(`Cost: ${anon.cost} for the public, ${user.cost} signed in`, () => {
  it('just under passes, just over fails naming the limit and the cost', async () => {
    withinLimitsButInternal(await server.gql(ofCost(anon.cost)));
    refused(await server.gql(ofCost(anon.cost + 1)), 'cost', anon.cost, anon.cost + 1);
    passes(await asUser(ofCost(user.cost)));
    refused(await asUser(ofCost(user.cost + 1)), 'cost', user.cost, user.cost + 1);
  });

  it('the same query passes signed in and fails for the public', async () => {
    passes(await asUser(ofCost(anon.cost + 1)));
    refused(await server.gql(ofCost(anon.cost + 1)), 'cost', anon.cost);
  });

  it('a connection costs by its first argument, given inline or as a variable', async () => {
    const query = 'query($n: Int) { publicJournal(first: $n) { edges { node { id } } } }';
    const small = await server.gql(query, { n: 10 });
    passes(small);
    // 1 + 10 × (edges 1 + node 1 + id 1)
    expect(await costHeader(query, { n: 10 })).toBe(31);
    expect(await costHeader(query, {})).toBe(1 + 25 * 3);
  });

  it('fragments spread several times are paid each time', async () => {
    // Each spread of N adds 100 × its fields; three spreads of a fragment that fits once go over.
    const k = Math.floor((anon.cost - 1) / 100) - 2;
    const fields = Array.from({ length: k }, () => '__typename').join(' ');
    const once = `query { publicJournal(first: 100) { edges { node { ...N } } } } fragment N on PublicJournalEntry { ${fields} }`;
    passes(await server.gql(once));
    const thrice = `query { publicJournal(first: 100) { edges { node { ...N ...N ...N } } } } fragment N on PublicJournalEntry { ${fields} }`;
    refused(await server.gql(thrice), 'cost', anon.cost);
  });

  it('a fragment bomb is refused at once, without expanding it', async () => {
    const levels = 30;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const started = Date.now();
    const res = await server.gql(
      `query { ...F0 } ${fragments} fragment F${levels} on Query { me { id } }`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(400);
    expect(['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']).toContain(
      res.body.errors?.[0]?.extensions?.code,
    );
  });
});

async function costHeader(
  query: string,
  variables: Record<string, unknown>,
  bearer?: string,
): Promise<number> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return Number(res.headers.get('x-operation-cost'));
}

const E = EXPENSIVE_STATEMENT_COST;
/** `first: 1` and `edges { node { id } }`: 1 + 1 × 3 before any expensive statement */
const PAGE = 'first: 1) { edges { node { id } } }';

describe(`Expensive statements: each search, count and unindexed order costs ${E} more`, () => {
  it.each([
    ['a search', `{ journalPosts(filter: { query: "søknad" }, ${PAGE} }`, 4 + E],
    ['a search in the filter', `{ publicJournal(filter: { query: "søknad" }, ${PAGE} }`, 4 + E],
    ['a blank search is no search', `{ journalPosts(filter: { query: "  " }, ${PAGE} }`, 4],
    ['a count', '{ publicJournal(first: 1) { totalCount } }', 2 + E],
    [
      'a count in a fragment',
      '{ cases(first: 1) { ...C } } fragment C on CaseConnection { totalCount }',
      2 + E,
    ],
    [
      'a count left out by @skip',
      '{ cases(first: 1) { totalCount @skip(if: true) __typename } }',
      2,
    ],
    [
      'a search and its count',
      '{ cases(filter: { query: "søknad" }, first: 1) { totalCount } }',
      2 + 2 * E,
    ],
    [
      'orderBy TITLE of journal posts',
      `{ journalPosts(orderBy: { field: TITLE }, ${PAGE} }`,
      4 + E,
    ],
    ['orderBy TITLE of cases', `{ cases(orderBy: { field: TITLE }, ${PAGE} }`, 4 + E],
    [
      'orderBy DUE_DATE, which has its index',
      `{ journalPosts(orderBy: { field: DUE_DATE }, ${PAGE} }`,
      4,
    ],
    [
      'orderBy DUE_DATE ascending, as by default',
      `{ journalPosts(orderBy: { field: DUE_DATE, direction: ASC }, ${PAGE} }`,
      4,
    ],
    [
      'orderBy DUE_DATE descending, which sorts to keep posts without one last',
      `{ journalPosts(orderBy: { field: DUE_DATE, direction: DESC }, ${PAGE} }`,
      4 + E,
    ],
    [
      'orderBy CASE_NUMBER of cases ascending, its index read the other way',
      `{ cases(orderBy: { field: CASE_NUMBER, direction: ASC }, ${PAGE} }`,
      4,
    ],
    [
      'a page backwards costs its size like one forwards',
      '{ cases(last: 7) { edges { node { id } } } }',
      1 + 7 * 3,
    ],
    [
      'the counts of nested connections, read for all parents at once',
      '{ cases(first: 1) { edges { node { journalPosts(first: 0) { totalCount } } } } }',
      1 + (1 + (1 + (1 + 1 * 1))),
    ],
  ])('%s', async (_what, query, cost) => {
    expect(await costHeader(query, {}, token)).toBe(cost);
  });

  it('an order given as a variable is charged like one written in', async () => {
    const query = `query($o: JournalPostOrder) { journalPosts(orderBy: $o, ${PAGE} }`;
    expect(await costHeader(query, { o: { field: 'TITLE' } }, token)).toBe(4 + E);
    expect(await costHeader(query, { o: { field: 'DUE_DATE', direction: 'DESC' } }, token)).toBe(
      4 + E,
    );
    expect(await costHeader(query, {}, token)).toBe(4);
  });

  it('a search given as a variable is charged like one written in', async () => {
    const query = `query($q: String) { journalPosts(filter: { query: $q }, ${PAGE} }`;
    expect(await costHeader(query, { q: 'søknad' }, token)).toBe(4 + E);
    expect(await costHeader(query, {}, token)).toBe(4);
  });

  it('a page of aliased public searches is over the public cost limit', async () => {
    const n = Math.ceil(anon.cost / (4 + E));
    const aliased = Array.from(
      { length: n },
      (_, i) => `s${i}: publicJournal(filter: { query: "ord${i}" }, ${PAGE}`,
    ).join(' ');
    refused(await server.gql(`{ ${aliased} }`), 'cost', anon.cost, n * (4 + E));
    passes(
      await server.gql(
        `{ publicJournal(filter: { query: "søknad" }, first: 25) { totalCount edges { node { id title } } } }`,
      ),
    );
  });
});

describe("Apollo's guards on the document", () => {
  it('maxRecursiveSelections refuses a document that expands to too many selections', async () => {
    // 2^14 = 16384 selections of `id` once expanded, beyond GRAPHQL_MAX_SELECTIONS (10000).
    const fragments = Array.from(
      { length: 14 },
      (_, i) => `fragment U${i} on Unit { ...U${i + 1} ...U${i + 1} }`,
    ).join(' ');
    const res = await asUser(
      `query Big { units { nodes { ...U0 } } } ${fragments} fragment U14 on Unit { id }`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/too many selections/);
  });

  it('validation reports at most 10 errors', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `nope${i}`).join(' ');
    const res = await asUser(`{ me { ${fields} } }`);
    expect(res.status).toBe(400);
    // 10 errors and graphql-js's "too many validation errors" notice
    expect(res.body.errors!.length).toBeLessThanOrEqual(11);
    expect(res.text).toMatch(/Too many validation errors/);
  });

  it('a document of too many tokens is refused by the parser', async () => {
    const res = await asUser(`{ ${Array.from({ length: 6000 }, () => 'me { id }').join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.text).toMatch(/tokens/);
  });

  it('introspection (outside production) is not held to the operation limits', async () => {
    const res = await server.gql(getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});
