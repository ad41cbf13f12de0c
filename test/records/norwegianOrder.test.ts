import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Titles and names sort in Norwegian order, æ, ø, å after z (the collation `norwegian`, ICU
 * nb-NO in the embedded PostgreSQL), and keyset cursors compare in that same order. Like ICU and
 * Norwegian alphabetisation, "aa" files as "å".
 */
let server: TestServer;
const tokens: Record<string, string> = {};

const WORDS = ['Zebra', 'Åse', 'abc', 'Øye', 'Ærfugl', 'Abc', 'zebra', 'åse', 'ærfugl', 'øye'];
const NORWEGIAN = ['abc', 'abc', 'zebra', 'zebra', 'ærfugl', 'ærfugl', 'øye', 'øye', 'åse', 'åse'];

async function as(username: string, query: string, variables: Record<string, unknown> = {}) {
  tokens[username] ??= await server.tokenFor(username);
  const res = await server.gql(query, variables, { token: tokens[username] });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const { units } = await as('arkivar', '{ units(first: 100) { nodes { id name } } }');
  const ppt = units.nodes.find((u: { name: string }) => u.name === 'PPT').id;
  for (const word of [...WORDS, 'Aasen']) {
    const { createCase } = await as(
      'saksbehandler',
      'mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }',
      { input: { title: `Kollasjon ${word}`, responsibleUnitId: ppt } },
    );
    await as(
      'saksbehandler',
      'mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id } }',
      { input: { caseId: createCase.id, type: 'OUTGOING', title: `Kollasjon ${word}` } },
    );
  }
});
afterAll(() => server?.close());

/** The words after "Kollasjon " of the list's titles, paging `size` at a time. */
async function titles(list: string, size: number): Promise<string[]> {
  const titles: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const data: any = await as(
      'arkivar',
      `query($after: String) { ${list}(filter: { query: "Kollasjon" }, orderBy: { field: TITLE }, first: ${size}, after: $after) {
        edges { node { title } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    titles.push(
      ...data[list].edges.map((e: { node: { title: string } }) => e.node.title.slice(10)),
    );
    if (!data[list].pageInfo.hasNextPage) return titles;
    after = data[list].pageInfo.endCursor;
  }
  throw new Error('did not reach the end');
}

describe('Titles of cases and journal posts sort in Norwegian order, across pages too', () => {
  it.each(['cases', 'journalPosts'])(
    '%s: A before Z before Æ, Ø, Å, and "aa" with å',
    async (list) => {
      const found = await titles(list, 100);
      expect(found.map((t) => t.toLowerCase())).toEqual([...NORWEGIAN, 'aasen']);
    },
  );

  it.each([
    ['cases', 1],
    ['cases', 3],
    ['journalPosts', 1],
    ['journalPosts', 3],
  ])('%s, %i at a time: the same order, no row twice or missed', async (list, size) => {
    expect(await titles(list, size)).toEqual(await titles(list, 100));
  });
});

describe('Names in the admin lists sort in Norwegian order', () => {
  beforeAll(async () => {
    for (const [i, word] of WORDS.entries()) {
      await as('admin', 'mutation($n: String!) { createUnit(input: { name: $n }) { id } }', {
        n: `Enhet ${word}`,
      });
      await as('admin', 'mutation($n: String!) { createAccessGroup(input: { name: $n }) { id } }', {
        n: `Gruppe ${word}`,
      });
      await as(
        'admin',
        'mutation($u: String!, $n: String!) { createUser(input: { username: $u, displayName: $n }) { id } }',
        {
          u: `kollasjon${i}`,
          n: `Bruker ${word}`,
        },
      );
    }
  });

  it.each([
    ['units', 'name', 'Enhet '],
    ['accessGroups', 'name', 'Gruppe '],
    ['users', 'displayName', 'Bruker '],
  ])('%s, paged forwards and backwards', async (list, field, prefix) => {
    for (const page of ['first: 100', 'last: 100']) {
      const data = await as('admin', `{ ${list}(${page}) { nodes { ${field} } } }`);
      const names = (data[list] as { nodes: Record<string, string>[] }).nodes
        .map((row) => row[field]!)
        .filter((name) => name.startsWith(prefix))
        .map((name) => name.slice(prefix.length).toLowerCase());
      expect(names).toEqual(NORWEGIAN);
    }
  });

  it("a user's access groups", async () => {
    const { users, accessGroups } = await as(
      'admin',
      '{ users(first: 100, filter: { query: "kollasjon0" }) { nodes { id } } accessGroups(first: 100) { nodes { id name } } }',
    );
    const userId = users.nodes[0].id;
    for (const group of accessGroups.nodes.filter((g: { name: string }) =>
      g.name.startsWith('Gruppe '),
    )) {
      await as(
        'admin',
        'mutation($g: ID!, $u: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
        { g: group.id, u: userId },
      );
    }
    const { node } = await as(
      'admin',
      'query($id: ID!) { node(id: $id) { ... on User { accessGroups { name } } } }',
      { id: userId },
    );
    expect(
      node.accessGroups.map((g: { name: string }) => g.name.slice('Gruppe '.length).toLowerCase()),
    ).toEqual(NORWEGIAN);
  });
});
