import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  FIXTURE_NATIONAL_ID,
  createScreenedAttachments,
  type Fixtures,
  RECORDS,
  type RecordName,
  type ScreenedAttachments,
  VIEWERS,
  type ViewerName,
} from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

type Level = 'NONE' | 'REDACTED' | 'FULL';
const N: Level = 'NONE';
const R: Level = 'REDACTED';
const F: Level = 'FULL';

/**
 * Who sees which journal post, written out by hand from domain.md ("Internal access"): a post
 * without an access group is FULL for every internal user; a post with one is FULL only for the
 * listed relations and REDACTED for every other internal user; the public and users without a
 * current role see nothing. Screening (external) does not change the level, only the public form.
 */
// prettier-ignore
const POSTS: Record<ViewerName, Record<RecordName, Level>> = {
  //                 open  screenedNoGroup  elev  personal  noteN  noteX  temporary  expired  codeXX
  public:          { open: N, screenedNoGroup: N, elev: N, personal: N, noteN: N, noteX: N, temporary: N, expired: N, codeXX: N },
  handler:         { open: F, screenedNoGroup: F, elev: R, personal: R, noteN: R, noteX: F, temporary: R, expired: R, codeXX: R },
  member:          { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  archivist:       { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  creator:         { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  caseResponsible: { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  internalContact: { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  leader:          { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  otherLeader:     { open: F, screenedNoGroup: F, elev: R, personal: R, noteN: R, noteX: F, temporary: R, expired: R, codeXX: R },
  postResponsible: { open: F, screenedNoGroup: F, elev: F, personal: F, noteN: F, noteX: F, temporary: F, expired: F, codeXX: F },
  admin:           { open: F, screenedNoGroup: F, elev: R, personal: R, noteN: R, noteX: F, temporary: R, expired: R, codeXX: R },
  ended:           { open: F, screenedNoGroup: F, elev: R, personal: R, noteN: R, noteX: F, temporary: R, expired: R, codeXX: R },
  formerEmployee:  { open: N, screenedNoGroup: N, elev: N, personal: N, noteN: N, noteX: N, temporary: N, expired: N, codeXX: N },
};

/** Cases follow the same rule, except that a post's responsible person has no claim on its case. */
const CASES: Record<ViewerName, Record<'open' | 'elev' | 'personal', Level>> = {
  public: { open: N, elev: N, personal: N },
  handler: { open: F, elev: R, personal: R },
  member: { open: F, elev: F, personal: F },
  archivist: { open: F, elev: F, personal: F },
  creator: { open: F, elev: F, personal: F },
  caseResponsible: { open: F, elev: F, personal: F },
  internalContact: { open: F, elev: F, personal: F },
  leader: { open: F, elev: F, personal: F },
  otherLeader: { open: F, elev: R, personal: R },
  postResponsible: { open: F, elev: R, personal: R },
  admin: { open: F, elev: R, personal: R },
  ended: { open: F, elev: R, personal: R },
  formerEmployee: { open: N, elev: N, personal: N },
};

let server: TestServer;
let fx: Fixtures;
const tokens = new Map<ViewerName, string | undefined>();

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  for (const v of VIEWERS) {
    tokens.set(v, v === 'public' ? undefined : await server.tokenFor(fx.usernames[v]));
  }
});
afterAll(() => server?.close());

async function levelOf(
  viewer: ViewerName,
  kind: 'JournalPost' | 'Case',
  id: string,
): Promise<Level> {
  const field = kind === 'Case' ? 'case' : 'journalPost';
  const res = await server.gql<Record<string, { visibility: Level }>>(
    `query($id: ID!) { ${field}(id: $id) { visibility } }`,
    { id: toGlobalId(kind, id) },
    { token: tokens.get(viewer) },
  );
  if (res.body.errors?.length) {
    // The public is told to sign in for any internal record: the same NONE.
    const code = viewer === 'public' ? 'UNAUTHENTICATED' : 'NOT_FOUND';
    expect(res.body.errors[0]!.extensions?.code).toBe(code);
    return 'NONE';
  }
  return res.body.data![field]!.visibility;
}

describe('Who sees a journal post: the internal-access rule, cell by cell through GraphQL', () => {
  const cells = VIEWERS.flatMap((v) => RECORDS.map((r) => [v, r, POSTS[v][r]] as const));
  it.each(cells)('%s sees the %s post as %s', async (viewer, record, expected) => {
    expect(await levelOf(viewer, 'JournalPost', fx.posts[record])).toBe(expected);
  });
});

describe('Who sees a case: the same rule, without the post-responsible relation', () => {
  const kinds = ['open', 'elev', 'personal'] as const;
  const cells = VIEWERS.flatMap((v) => kinds.map((r) => [v, r, CASES[v][r]] as const));
  it.each(cells)('%s sees the %s case as %s', async (viewer, record, expected) => {
    expect(await levelOf(viewer, 'Case', fx.cases[record])).toBe(expected);
  });
});

describe('Lists agree with lookups by id', () => {
  it.each(VIEWERS)(
    '%s lists exactly the posts it can fetch, at the same levels',
    async (viewer) => {
      const res = await server.gql<{
        journalPosts: { totalCount: number; edges: { node: { id: string; visibility: Level } }[] };
      }>(
        `{ journalPosts(first: 100) { totalCount edges { node { id visibility } } } }`,
        {},
        { token: tokens.get(viewer) },
      );
      if (viewer === 'public') {
        // Nothing to list: the public is told to sign in, never given an empty list.
        expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(RECORDS.filter((r) => POSTS.public[r] !== 'NONE')).toEqual([]);
        return;
      }
      const listed = Object.fromEntries(
        res.body.data!.journalPosts.edges.map((e) => [e.node.id, e.node.visibility]),
      );
      const expected = Object.fromEntries(
        RECORDS.filter((r) => POSTS[viewer][r] !== 'NONE').map((r) => [
          toGlobalId('JournalPost', fx.posts[r]),
          POSTS[viewer][r],
        ]),
      );
      expect(listed).toEqual(expected);
      expect(res.body.data!.journalPosts.totalCount).toBe(Object.keys(expected).length);
    },
  );
});

describe("Who reads the elev case's person-number class in full: whoever reads the case in full", () => {
  it.each(VIEWERS)('%s sees the class at the level of the elev case', async (viewer) => {
    const expected = CASES[viewer].elev;
    const viaCase = await server.gql<{
      case: { primaryClass: { classId: string; visibility: Level } } | null;
    }>(
      `query($id: ID!) { case(id: $id) { primaryClass { classId visibility } } }`,
      { id: toGlobalId('Case', fx.cases.elev) },
      { token: tokens.get(viewer) },
    );
    const listed = await server.gql<{
      classes: { nodes: { id: string; classId: string; visibility: Level }[] };
    }>(
      `{ classes(first: 100) { nodes { id classId visibility } } }`,
      {},
      { token: tokens.get(viewer) },
    );
    if (expected === 'NONE') {
      expect(viaCase.body.data?.case ?? null).toBeNull();
      expect(listed.body.data?.classes.nodes ?? []).toEqual([]);
      return;
    }
    const shown = expected === 'FULL' ? FIXTURE_NATIONAL_ID : '*****';
    expect(viaCase.body.data!.case!.primaryClass).toEqual({ classId: shown, visibility: expected });
    const own = listed.body.data!.classes.nodes.find(
      (k) => k.id === toGlobalId('Class', fx.elevClass),
    );
    expect(own).toMatchObject({ classId: shown, visibility: expected });
  });
});

/**
 * A screened attachment (dokumentbeskrivelse with its own screening) only adds to its post's
 * screening: it is read in full as a post WITH an access group is (the post's own group, the
 * archive, the case's people, leaders of its unit, the post's responsible), also on a post without
 * one; every other reader of the post gets its public form.
 */
// prettier-ignore
const SCREENED_ATTACHMENTS: Record<ViewerName, Record<'open' | 'elev', Level>> = {
  public:          { open: N, elev: N },
  handler:         { open: R, elev: R },
  member:          { open: R, elev: F },
  archivist:       { open: F, elev: F },
  creator:         { open: F, elev: F },
  caseResponsible: { open: F, elev: F },
  internalContact: { open: F, elev: F },
  leader:          { open: F, elev: F },
  otherLeader:     { open: R, elev: R },
  postResponsible: { open: F, elev: F },
  admin:           { open: R, elev: R },
  ended:           { open: R, elev: R },
  formerEmployee:  { open: N, elev: N },
};

describe('Who reads a screened attachment: the post’s rule, without “no access group: everyone”', () => {
  let attachments: ScreenedAttachments;
  beforeAll(async () => {
    attachments = await createScreenedAttachments(server.orm.em.fork(), fx);
  });
  const cells = VIEWERS.flatMap((v) =>
    (['open', 'elev'] as const).map((r) => [v, r, SCREENED_ATTACHMENTS[v][r]] as const),
  );
  it.each(cells)(
    '%s sees the screened attachment of the %s post as %s',
    async (viewer, record, expected) => {
      const res = await server.gql<{ node: { visibility: Level } | null }>(
        `query($id: ID!) { node(id: $id) { ... on DocumentDescription { visibility } } }`,
        { id: toGlobalId('DocumentDescription', attachments.ids[record]) },
        { token: tokens.get(viewer) },
      );
      const level =
        res.body.errors?.length || !res.body.data?.node ? 'NONE' : res.body.data.node.visibility;
      expect(level).toBe(expected);
    },
  );
});
