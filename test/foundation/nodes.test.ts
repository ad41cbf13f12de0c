import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { accessLogSettled } from '../../src/services/accessLog';
import { startTestServer, type TestServer } from '../support/server';

/**
 * `nodes(ids:)` refetches up to 100 objects of any kind at once (docs/api-conventions.md,
 * "Lists"), and a public journal entry has an id of its own, apart from its journal post's.
 */
let server: TestServer;
const tokens: Record<string, string> = {};

const db = <T>(f: SqlFragment) => query<T>(server.orm.em.fork(), f);

async function gql(who: string | null, q: string, variables: Record<string, unknown> = {}) {
  if (who === null) return server.gql(q, variables);
  const token = (tokens[who] ??= await server.tokenFor(who));
  return server.gql(q, variables, { token });
}

const NODES = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename id
    ... on Unit { name }
    ... on User { username }
    ... on AccessGroup { name }
    ... on ScreeningCode { code }
    ... on Case { caseNumber }
    ... on JournalPost { registryId }
    ... on PublicJournalEntry { registryId title }
  }
}`;

/** The id of a row of `table` (one of the fixed names below), the first `where` keeps. */
async function idOf(table: string, where: SqlFragment = sql`true`): Promise<string> {
  const [row] = await db<{ id: string }>(
    sql`select id from ${raw(`"${table}"`)} where ${where} order by id limit 1`,
  );
  return row!.id;
}

/** The SQL statements the server ran for `run`. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  await accessLogSettled();
  server.statements.length = 0;
  await run();
  await accessLogSettled();
  return [...server.statements];
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

describe('nodes answers in the order asked, null where an id is unknown or not visible', () => {
  it('every kind of id at once, with unknown and malformed ones in between', async () => {
    const unit = await idOf('unit');
    const user = await idOf('app_user');
    const group = await idOf('access_group');
    const code = await idOf('screening_code');
    const kase = await idOf('case_file');
    const post = await idOf('journal_post');
    const ids = [
      toGlobalId('JournalPost', post),
      toGlobalId('Unit', '00000000-0000-4000-8000-000000000000'),
      toGlobalId('Unit', unit),
      'not-an-id',
      toGlobalId('User', user),
      toGlobalId('AccessGroup', group),
      toGlobalId('ScreeningCode', code),
      toGlobalId('Case', kase),
      toGlobalId('Unit', unit),
    ];
    const res = await gql('saksbehandler', NODES, { ids });
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.nodes as ({ __typename: string; id: string } | null)[];
    expect(nodes.map((n) => n?.__typename ?? null)).toEqual([
      'JournalPost',
      null,
      'Unit',
      null,
      'User',
      'AccessGroup',
      'ScreeningCode',
      'Case',
      'Unit',
    ]);
    nodes.forEach((n, i) => {
      if (n) expect(n.id).toBe(ids[i]);
    });
  });

  it('what a viewer may not see is null, exactly like an unknown id', async () => {
    await gql(
      'admin',
      'mutation { createUser(input: { username: "uten.noder", displayName: "Uten Noder" }) { id } }',
    );
    const unit = toGlobalId('Unit', await idOf('unit'));
    const unknown = toGlobalId('Unit', '00000000-0000-4000-8000-000000000000');
    const res = await gql('uten.noder', NODES, { ids: [unit, unknown] });
    expect(res.body).toEqual({ data: { nodes: [null, null] } });
  });

  it('an empty list gives an empty list; the public is told to sign in', async () => {
    expect((await gql('saksbehandler', NODES, { ids: [] })).body).toEqual({ data: { nodes: [] } });
    const res = await gql(null, NODES, { ids: [] });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('nodes takes at most 100 ids', () => {
  it('100 pass, 101 are a field error on ids', async () => {
    const unit = toGlobalId('Unit', await idOf('unit'));
    const ok = await gql('saksbehandler', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 100 }, () => unit),
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.nodes).toHaveLength(100);
    const tooMany = await gql('saksbehandler', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 101 }, () => unit),
    });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['ids'], code: 'TOO_LONG', params: { max: 100 } }],
    });
    expect(tooMany.body.data?.nodes ?? null).toBeNull();
  });
});

describe('nodes loads each kind with one statement, whatever the number of ids', () => {
  it('100 units cost the statements of one; 100 journal posts the same', async () => {
    await db(sql`insert into unit (id, name, created_at)
      select gen_random_uuid(), 'Batch ' || g, now() from generate_series(1, 100) g`);
    const units = await db<{ id: string }>(
      sql`select id from unit where name like 'Batch %' order by name limit 100`,
    );
    const posts = await db<{ id: string }>(sql`select id from journal_post limit 100`);
    expect(posts).toHaveLength(100);
    const run = (ids: string[]) => () =>
      gql('saksbehandler', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    const unitIds = units.map((u) => toGlobalId('Unit', u.id));
    const postIds = posts.map((p) => toGlobalId('JournalPost', p.id));
    const one = await statementsOf(run(unitIds.slice(0, 1)));
    const hundred = await statementsOf(run(unitIds));
    expect(hundred).toHaveLength(one.length);
    expect(hundred.filter((s) => /from "unit"/.test(s))).toHaveLength(1);
    const onePost = await statementsOf(run(postIds.slice(0, 1)));
    const hundredPosts = await statementsOf(run(postIds));
    expect(hundredPosts).toHaveLength(onePost.length);
    // Both kinds at once: one statement more than either alone.
    const mixed = await statementsOf(run([...unitIds.slice(0, 50), ...postIds.slice(0, 50)]));
    expect(mixed.length).toBeLessThanOrEqual(one.length + onePost.length);
  });
});

describe('A public journal entry has its own id, apart from its journal post', () => {
  it('the entry id names a PublicJournalEntry; node gives the public form, the post id the post', async () => {
    const list = await gql(null, '{ publicJournal(first: 1) { nodes { id registryId title } } }');
    const entry = list.body.data.publicJournal.nodes[0];
    const parsed = fromGlobalId(entry.id)!;
    expect(parsed.type).toBe('PublicJournalEntry');
    const postId = toGlobalId('JournalPost', parsed.id);
    expect(postId).not.toBe(entry.id);
    const res = await gql('saksbehandler', NODES, { ids: [entry.id, postId] });
    expect(res.body.errors).toBeUndefined();
    const [asEntry, asPost] = res.body.data.nodes;
    expect(asEntry).toEqual({
      __typename: 'PublicJournalEntry',
      id: entry.id,
      registryId: entry.registryId,
      title: entry.title,
    });
    expect(asPost).toMatchObject({ __typename: 'JournalPost', id: postId });
    const one = await gql('saksbehandler', 'query($id: ID!) { node(id: $id) { __typename id } }', {
      id: entry.id,
    });
    expect(one.body.data.node).toEqual({ __typename: 'PublicJournalEntry', id: entry.id });
  });

  it('the entry id of a post that is not in the public journal gives null', async () => {
    const note = await idOf('journal_post', sql`type = 'INTERNAL_FOLLOW_UP'`);
    const res = await gql('arkivar', NODES, {
      ids: [toGlobalId('PublicJournalEntry', note), toGlobalId('JournalPost', note)],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.nodes[0]).toBeNull();
    expect(res.body.data.nodes[1]).toMatchObject({ __typename: 'JournalPost' });
  });

  it('the CSV and JSON downloads carry the entry id', async () => {
    const list = await gql(null, '{ publicJournal(first: 1) { nodes { id } } }');
    const id = list.body.data.publicJournal.nodes[0].id as string;
    const json = (await (await fetch(`${server.url}/public-journal.json`)).json()) as {
      id: string;
    }[];
    expect(json.map((e) => e.id)).toContain(id);
    const csv = await (await fetch(`${server.url}/public-journal.csv`)).text();
    expect(csv).toContain(id);
    for (const e of json) expect(fromGlobalId(e.id)?.type).toBe('PublicJournalEntry');
  });
});
