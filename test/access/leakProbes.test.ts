import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  createScreenedAttachments,
  type Fixtures,
  RECORDS,
  type ScreenedAttachments,
  type ViewerName,
} from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Leak probes (architecture.md, "Three visibility levels"): for every viewer that is not FULL on a
 * record, no response of any kind carries that record's screened strings: not a field, an error,
 * a count, an order, a cursor or a search match.
 */

/** Viewers that are REDACTED or NONE on the restricted fixture records. */
const PROBED: ViewerName[] = [
  'public',
  'handler',
  'otherLeader',
  'admin',
  'ended',
  'formerEmployee',
];
/** Records those viewers are not FULL on, by the policy matrix. */
const HIDDEN = ['elev', 'personal', 'noteN', 'temporary', 'codeXX'] as const;

const POST_FIELDS = `id registryId title publicTitle titleScreened visibility type status
  journalDate documentDate dueDate writtenOff
  correspondents { role name screened address email }
  responsible { username } accessGroup { name }
  screening { legalBasis screenedFields expiresOn code { code } }
  case { id caseNumber title publicTitle titleScreened visibility caseResponsible { username } accessGroup { name } }`;

let server: TestServer;
let fx: Fixtures;
let forbidden: string[];

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  forbidden = HIDDEN.flatMap((r) => fx.secrets[r]);
  expect(forbidden.length).toBeGreaterThan(8);
});
afterAll(() => server?.close());

function expectNoSecret(text: string): void {
  for (const secret of forbidden) expect(text, `leaked ${secret}`).not.toContain(secret);
}

/** Cursors are opaque to clients but must not carry a screened value either. */
function decodedCursors(text: string): string {
  return [...text.matchAll(/"(?:cursor|endCursor)":"([A-Za-z0-9_-]+)"/g)]
    .map((m) => Buffer.from(m[1]!, 'base64url').toString('utf8'))
    .join('\n');
}

describe.each(PROBED)('Nothing screened reaches %s', (viewer) => {
  let token: string | undefined;
  beforeAll(async () => {
    token = viewer === 'public' ? undefined : await server.tokenFor(fx.usernames[viewer]);
  });
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await server.gql(query, variables, { token });
    expectNoSecret(res.text);
    expectNoSecret(decodedCursors(res.text));
    return res;
  };

  it('when fetching each record by id, as a post, a case and a node', async () => {
    for (const r of RECORDS) {
      await ask(`query($id: ID!) { journalPost(id: $id) { ${POST_FIELDS} } }`, {
        id: toGlobalId('JournalPost', fx.posts[r]),
      });
      await ask(
        `query($id: ID!) { case(id: $id) { id title publicTitle journalPosts { edges { node { ${POST_FIELDS} } } } } }`,
        {
          id: toGlobalId('Case', fx.cases[r]),
        },
      );
      await ask(
        `query($id: ID!) { node(id: $id) { id ... on JournalPost { title correspondents { name } } } }`,
        {
          id: toGlobalId('JournalPost', fx.posts[r]),
        },
      );
    }
  });

  it('when listing everything, with every field', async () => {
    await ask(
      `{ journalPosts(first: 100) { totalCount edges { cursor node { ${POST_FIELDS} } } } }`,
    );
    await ask(
      `{ cases(first: 100) { totalCount edges { cursor node { id title publicTitle } } } }`,
    );
  });

  it('when searching for a screened word: no match, and a count of zero', async () => {
    for (const secret of forbidden) {
      const res = await ask(
        `query($q: String) { journalPosts(filter: { query: $q }) { totalCount edges { node { id } } }
                            cases(filter: { query: $q }) { totalCount edges { node { id } } } }`,
        { q: secret },
      );
      if (viewer !== 'public' && viewer !== 'formerEmployee') {
        expect(res.body.data.journalPosts).toEqual({ totalCount: 0, edges: [] });
        expect(res.body.data.cases).toEqual({ totalCount: 0, edges: [] });
      }
    }
  });

  it('when ordering by title, either way, and paging with cursors: the order is that of the visible titles', async () => {
    interface Conn {
      edges: { node: { title: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }
    for (const direction of ['ASC', 'DESC'] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        // The public is told to sign in (nothing listed, nothing ordered): no page to look at.
        if (viewer === 'public') break;
        const conn: Conn = (
          await ask(
            `query($after: String) { journalPosts(orderBy: { field: TITLE, direction: ${direction} }, first: 2, after: $after) {
               edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }`,
            { after },
          )
        ).body.data.journalPosts;
        seen.push(...conn.edges.map((e) => e.node.title));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      // The database's own collation decides the expected order of what the viewer was shown.
      const expected = await query<{ t: string }>(
        server.orm.em.fork(),
        sql`select t from unnest(${sql`array[${seen.length ? seen : ['']}]::text[]`}) t order by t ${raw(direction)}`,
      );
      expect(seen).toEqual(seen.length ? expected.map((r) => r.t) : []);
    }
  });

  it('when a request is malformed or refused', async () => {
    await ask(`{ journalPost(id: "not-an-id") { title } }`);
    await ask(`{ journalPosts(after: "bm9wZQ") { totalCount } }`);
    await ask(`{ journalPosts(first: 1000) { totalCount } }`);
    await ask(`{ journalPosts { edges { node { title nope } } } }`);
    await ask(`{ case(id: "${toGlobalId('Case', fx.cases.elev)}") { title } }`);
    for (const r of HIDDEN) {
      await ask(
        `query($q: String) { journalPosts(filter: { query: $q }, first: 101) { totalCount } }`,
        {
          q: fx.secrets[r][0],
        },
      );
    }
  });
});

/**
 * A screened attachment (its own screening on top of the post's): on the `open` post every internal
 * user reads the post in full, but only the post's people, leaders of its unit and the archive read
 * the attachment. Everyone else gets its public form (`*****`, no files) and NOT_FOUND for its files.
 */
describe('A screened attachment reaches nobody who does not read it in full', () => {
  const NOT_FULL: ViewerName[] = [...PROBED, 'member'];
  let attachments: ScreenedAttachments;
  beforeAll(async () => {
    attachments = await createScreenedAttachments(server.orm.em.fork(), fx);
  });

  it.each(NOT_FULL)('%s: not in any field, node or download', async (viewer) => {
    expect(attachments.secrets).toHaveLength(2);
    const token = viewer === 'public' ? undefined : await server.tokenFor(fx.usernames[viewer]);
    const noSecret = (text: string) => {
      for (const secret of attachments.secrets)
        expect(text, `leaked ${secret}`).not.toContain(secret);
    };
    // A member of the Elev group reads the Elev post's attachment in full (policyMatrix.test.ts).
    const records = viewer === 'member' ? (['open'] as const) : (['open', 'elev'] as const);
    for (const name of records) {
      const gid = toGlobalId('DocumentDescription', attachments.ids[name]);
      const post = await server.gql(
        `query($id: ID!) { journalPost(id: $id) { documentDescriptions { id title screened visibility
           documents { fileName sha256 downloadUrl } } } }`,
        { id: toGlobalId('JournalPost', fx.posts[name]) },
        { token },
      );
      noSecret(post.text);
      const described = post.body.data?.journalPost?.documentDescriptions as
        { id: string; title: string; documents: unknown[] }[] | undefined;
      const mine = described?.find((d) => d.id === gid);
      if (mine) expect(mine).toMatchObject({ title: '*****', documents: [] });
      const node = await server.gql(
        `query($id: ID!) { node(id: $id) { ... on DocumentDescription { title documents { fileName } } } }`,
        { id: gid },
        { token },
      );
      noSecret(node.text);
      for (const variant of ['PRODUCTION', 'ARCHIVE', 'PUBLIC']) {
        const res = await fetch(`${server.url}/documents/descriptions/${gid}/${variant}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        const body = await res.text();
        expect(res.status, `${viewer} ${name} ${variant}`).toBe(viewer === 'public' ? 401 : 404);
        noSecret(body);
      }
    }
  });
});
