import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  createScreenedAttachments,
  type Fixtures,
  MARKER_NATIONAL_ID,
  MARKER_ORGANIZATION_NUMBER,
  MARKER,
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
  journalDate documentDate dueDate writtenOff remarks { type text }
  correspondents { role name screened address email nationalId organizationNumber }
  responsible { username } accessGroup { name }
  screening { legalBasis screenedFields expiresOn code { code } }
  case { id caseNumber title publicTitle titleScreened visibility caseResponsible { username } accessGroup { name } remarks { text }
    parties { id name nameScreened role nationalId organizationNumber postalAddress postalCode postalTown } }`;

/** A case's classes (klasser): a person-number class is screened like a title. */
const CASE_CLASS_FIELDS = `primaryClass { id classId title screened visibility }
  secondaryClasses { classId title }`;

let server: TestServer;
let fx: Fixtures;
let forbidden: string[];

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', captureLogs: true });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  // A marker remark (merknad) on every hidden case and post: remarks are never public and are
  // seen only by FULL readers, so no probed viewer may get one.
  for (const r of HIDDEN) {
    for (const [column, id] of [
      ['case_id', fx.cases[r]],
      ['journal_post_id', fx.posts[r]],
    ] as const) {
      await query(
        server.orm.em.fork(),
        sql`insert into remark (id, ${raw(column)}, type, text, registered_at, registered_by_id)
            select gen_random_uuid(), ${id}, 'GENERAL', ${`${MARKER}Merknad${column}${r}`}, now(), u.id
            from app_user u where u.username = ${fx.usernames.archivist}`,
      );
      fx.secrets[r].push(`${MARKER}Merknad${column}${r}`);
    }
  }
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
        `query($id: ID!) { case(id: $id) { id title publicTitle remarks { text } ${CASE_CLASS_FIELDS} journalPosts { edges { node { ${POST_FIELDS} } } } } }`,
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
      `{ cases(first: 100) { totalCount edges { cursor node { id title publicTitle remarks { text } ${CASE_CLASS_FIELDS} } } } }`,
    );
    await ask(`{ classes(first: 100) { totalCount edges { cursor node { id classId title } } } }`);
    await ask(`{ publicJournal(first: 100) { nodes { caseTitle classCode title } } }`);
    await ask(`query($id: ID!) { node(id: $id) { id ... on Class { classId title } } }`, {
      id: toGlobalId('Class', fx.elevClass),
    });
  });

  it('when filtering cases by the screened class or its system: nothing matches', async () => {
    const res = await ask(
      `query($id: ID!) { cases(filter: { classId: $id }) { totalCount edges { node { id } } } }`,
      { id: toGlobalId('Class', fx.elevClass) },
    );
    if (viewer !== 'public' && viewer !== 'formerEmployee') {
      expect(res.body.data.cases).toEqual({ totalCount: 0, edges: [] });
    }
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

describe('Identifiers (a marker national id and organisation number) reach no one but FULL viewers', () => {
  const IDENTIFIERS = [MARKER_NATIONAL_ID, MARKER_ORGANIZATION_NUMBER];
  const expectNoIdentifier = (text: string, where: string) => {
    for (const id of IDENTIFIERS) expect(text, `${where} leaked ${id}`).not.toContain(id);
  };

  it.each(PROBED)(
    '%s: searching by the identifier finds nothing and counts zero',
    async (viewer) => {
      const token = viewer === 'public' ? undefined : await server.tokenFor(fx.usernames[viewer]);
      for (const id of IDENTIFIERS) {
        const res = await server.gql(
          `query($id: String) { cases(filter: { partyIdentifier: $id }) { totalCount nodes { id } } }`,
          { id },
          { token },
        );
        if (viewer === 'public') {
          // Told to sign in: nothing is listed at all.
          expect(res.body.data?.cases ?? null).toBeNull();
        } else {
          expect(res.body.data.cases).toEqual({ totalCount: 0, nodes: [] });
        }
      }
    },
  );

  it('the public journal, as page, GraphQL and every download, never carries one', async () => {
    // Into the public journal: a screened post (its correspondent shown as *****) and an open one
    // whose correspondent gets the identifiers too, as an unscreened name is public.
    await query(
      server.orm.em.fork(),
      sql`update journal_post set publication_override = 'PUBLISH_NOW'
          where id in (${[fx.posts.elev, fx.posts.open]})`,
    );
    await query(
      server.orm.em.fork(),
      sql`update correspondent set national_id = ${MARKER_NATIONAL_ID}
          where journal_post_id = ${fx.posts.open}`,
    );
    const pages = await Promise.all(
      [
        '/journal',
        '/journal?q=Innkj%C3%B8p',
        '/public-journal.csv',
        '/public-journal.json',
        '/public-journal.atom',
      ].map(async (path) => {
        const res = await fetch(`${server.url}${path}`);
        return { path, text: await res.text() };
      }),
    );
    // The open post is in the journal, so the probe reads a journal that shows correspondents.
    expect(pages.find((p) => p.path === '/public-journal.json')!.text).toContain(
      'Lærebokforlaget AS',
    );
    for (const { path, text } of pages) expectNoIdentifier(text, path);
    const gql = await server.gql(
      `{ publicJournal(first: 20) { nodes { title caseTitle correspondents } } }`,
    );
    expect(gql.body.errors).toBeUndefined();
    expectNoIdentifier(gql.text, 'publicJournal');
    for (const id of IDENTIFIERS) {
      const search = await server.gql(
        `query($q: String) { publicJournal(filter: { query: $q }) { totalCount } }`,
        { q: id },
      );
      expectNoIdentifier(search.text, 'publicJournal search');
    }
  });

  it('an invalid identifier in an input or a filter is refused without repeating it, and no log line carries one', async () => {
    const token = await server.tokenFor(fx.usernames.archivist);
    const nearMiss = `${MARKER_NATIONAL_ID.slice(0, 10)}${(Number(MARKER_NATIONAL_ID.slice(10)) + 1) % 10}`;
    const refused = await server.gql(
      `mutation($input: AddCasePartyInput!) { addCaseParty(input: $input) { id } }`,
      {
        input: {
          id: toGlobalId('Case', fx.cases.elev),
          name: 'X',
          role: 'Elev',
          nationalId: nearMiss,
        },
      },
      { token },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.text).not.toContain(nearMiss);
    const added = await server.gql(
      `mutation($input: AddCasePartyInput!) { addCaseParty(input: $input) { id } }`,
      {
        input: {
          id: toGlobalId('Case', fx.cases.elev),
          name: 'Y',
          role: 'Foresatt',
          nationalId: MARKER_NATIONAL_ID,
        },
      },
      { token },
    );
    expect(added.body.errors).toBeUndefined();
    const logs = JSON.stringify(server.logs);
    expect(server.logs.length).toBeGreaterThan(0);
    expectNoIdentifier(logs, 'the log');
    expect(logs).not.toContain(nearMiss);
    const audit = await query<{ changes: string }>(
      server.orm.em.fork(),
      sql`select coalesce(string_agg(changes::text, '|'), '') as changes from audit_event`,
    );
    expectNoIdentifier(audit[0]!.changes, 'the audit trail');
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
