import { afterAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The anonymous GraphQL public journal from the in-process cache (src/http/publicJournal/
 * graphqlCache.ts): the same bytes and the same rate limit cost as an execution, never after the
 * journal changed, never for or from a signed-in user, never for other root fields or errors.
 */
const TODAY = '2026-06-15';
const OLD = '2026-06-01';
/** Journal date 12 June (a Friday): published on 17 June. */
const RECENT = '2026-06-12';

const PAGE = `query Page($first: Int, $after: String) {
  __typename
  publicJournal(first: $first, after: $after) {
    totalCount
    edges { cursor node { id title caseTitle journalDate type } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world(env: Record<string, string> = {}, captureLogs = false) {
  const server = await startTestServer({ data: 'empty', today: TODAY, env, captureLogs });
  servers.push(server);
  const w = await new PublicWorld(server.orm.em.fork()).init();
  return { server, w };
}

/** Page statements the server ran since they were last cleared. */
const pageQueries = (server: TestServer) =>
  server.statements.filter((s) => s.includes('from journal_post jp'));

async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { res, text: await res.text() };
}

async function mutate(server: TestServer, w: PublicWorld, mutation: string, postId: string) {
  const token = await server.tokenFor(w.archivist.username);
  const res = await server.gql(mutation, { id: toGlobalId('JournalPost', postId) }, { token });
  expect(res.body.errors).toBeUndefined();
}

describe('A repeated anonymous public journal query is answered from the cache', () => {
  it('with the same bytes, status and content type, without the page query, at the same cost', async () => {
    const { server, w } = await world(
      { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_POINTS_ANONYMOUS: '10000' },
      true,
    );
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const first = await post(server, PAGE, { first: 10 });
    expect(first.res.status).toBe(200);
    expect(JSON.parse(first.text).data.publicJournal.edges).toHaveLength(1);
    server.statements.length = 0;
    const second = await post(server, PAGE, { first: 10 });
    expect(pageQueries(server)).toHaveLength(0);
    expect(second.res.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.res.headers.get('content-type')).toBe(first.res.headers.get('content-type'));
    const cost = first.res.headers.get('x-operation-cost');
    expect(Number(cost)).toBeGreaterThan(1);
    expect(second.res.headers.get('x-operation-cost')).toBe(cost);
    const remaining = (r: Response) => Number(r.headers.get('x-ratelimit-remaining'));
    expect(remaining(first.res) - remaining(second.res)).toBe(Number(cost));
    const logged = server.logs.filter((l) => l.msg === 'request' && l.path === '/graphql');
    expect(logged.map((l) => l.requestId)).toContain(second.res.headers.get('x-request-id'));
    // The same variables in another order are the same entry.
    await post(server, PAGE, { after: null, first: 7 });
    server.statements.length = 0;
    await post(server, PAGE, { first: 7, after: null });
    expect(pageQueries(server)).toHaveLength(0);
    // Other variables are another entry.
    server.statements.length = 0;
    await post(server, PAGE, { first: 5 });
    expect(pageQueries(server).length).toBeGreaterThan(0);
  });
});

describe('The cache keys a journal date range by its ends, whatever their order in the variables', () => {
  const RANGED = `query Ranged($filter: PublicJournalFilter, $first: Int, $last: Int) {
    publicJournal(filter: $filter, first: $first, last: $last) { edges { node { id title } } }
  }`;

  it('the same range is one entry; another range, or paging backwards, is another', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    await w.post({ journalDate: '2026-06-03', title: 'Søknad om skjenkebevilling' });
    const titles = (text: string) =>
      JSON.parse(text).data.publicJournal.edges.map(
        (e: { node: { title: string } }) => e.node.title,
      );
    const june1 = { journalDate: { from: OLD, to: OLD } };
    const first = await post(server, RANGED, { filter: june1, first: 10 });
    expect(titles(first.text)).toEqual(['Byggesak Storgata']);
    server.statements.length = 0;
    const again = await post(server, RANGED, {
      first: 10,
      filter: { journalDate: { to: OLD, from: OLD } },
    });
    expect(pageQueries(server)).toHaveLength(0);
    expect(again.text).toBe(first.text);
    server.statements.length = 0;
    const june3 = await post(server, RANGED, {
      filter: { journalDate: { from: OLD, to: '2026-06-03' } },
      first: 10,
    });
    expect(pageQueries(server).length).toBeGreaterThan(0);
    expect(titles(june3.text)).toEqual(['Søknad om skjenkebevilling', 'Byggesak Storgata']);
    server.statements.length = 0;
    const backwards = await post(server, RANGED, {
      filter: { journalDate: { from: OLD, to: '2026-06-03' } },
      last: 1,
    });
    expect(pageQueries(server).length).toBeGreaterThan(0);
    expect(titles(backwards.text)).toEqual(['Byggesak Storgata']);
  });
});

describe('The cached answer shows every change of the public journal at once', () => {
  it('after publishNow, a hold, a reset and a correction of a title', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const recent = await w.post({ journalDate: RECENT, title: 'Nylig brev' });
    const titles = async () => {
      const { text } = await post(server, PAGE, { first: 10 });
      const page = JSON.parse(text).data.publicJournal;
      return page.edges.map((e: { node: { title: string; caseTitle: string } }) => e.node);
    };
    expect(await titles()).toHaveLength(1);
    await titles();
    await mutate(
      server,
      w,
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      recent.id,
    );
    expect((await titles()).map((n: { title: string }) => n.title)).toContain('Nylig brev');
    await mutate(
      server,
      w,
      'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Feil" }) { id } }',
      recent.id,
    );
    expect((await titles()).map((n: { title: string }) => n.title)).not.toContain('Nylig brev');
    await mutate(
      server,
      w,
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      recent.id,
    );
    expect(await titles()).toHaveLength(2);
    await mutate(
      server,
      w,
      'mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }',
      recent.id,
    );
    expect(await titles()).toHaveLength(1);
    await server.orm.em
      .fork()
      .getConnection()
      .execute(`update case_file set title = 'Rettet sakstittel'`);
    const corrected = await titles();
    expect(corrected.map((n: { caseTitle: string }) => n.caseTitle)).toContain('Rettet sakstittel');
  });
});

describe('A signed-in request neither reads nor fills the cache', () => {
  it('a signed-in user asking the same document gets its own execution, and leaves nothing', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const token = await server.tokenFor(w.archivist.username);
    const anonymous = await post(server, PAGE, { first: 10 });
    server.statements.length = 0;
    const signedIn = await post(server, PAGE, { first: 10 }, { authorization: `Bearer ${token}` });
    expect(signedIn.res.status).toBe(200);
    expect(pageQueries(server).length).toBeGreaterThan(0);
    expect(JSON.parse(signedIn.text).data).toEqual(JSON.parse(anonymous.text).data);
    // Filled by a signed-in user only: the anonymous request still executes.
    server.statements.length = 0;
    await post(server, PAGE, { first: 3 }, { authorization: `Bearer ${token}` });
    const once = pageQueries(server).length;
    expect(once).toBeGreaterThan(0);
    await post(server, PAGE, { first: 3 }, { authorization: `Bearer ${token}` });
    const before = pageQueries(server).length;
    expect(before).toBe(2 * once);
    await post(server, PAGE, { first: 3 });
    expect(pageQueries(server).length).toBeGreaterThan(before);
  });
});

describe('Only operations of the public journal alone, without errors, are cached', () => {
  it('an operation with another root field executes every time', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const cases: [string, string, Record<string, unknown>][] = [
      ['another root field', '{ publicJournal(first: 2) { totalCount } me { id } }', {}],
      [
        'through a fragment',
        'query { ...F } fragment F on Query { publicJournal(first: 2) { totalCount } me { id } }',
        {},
      ],
    ];
    for (const [name, query, variables] of cases) {
      await post(server, query, variables);
      server.statements.length = 0;
      await post(server, query, variables);
      expect(pageQueries(server).length, name).toBeGreaterThan(0);
    }
  });

  it('an answer with errors is not kept: it gets neither the ETag nor Cache-Control', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const query = 'query($a: String) { publicJournal(first: 2, after: $a) { totalCount } }';
    const url = `${server.url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent('{"a":"x"}')}`;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect((await res.json()).errors).toBeDefined();
      expect(res.headers.get('etag')).not.toMatch(/^W\/"[\w-]{27}"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('GET requests get an ETag and Cache-Control, and 304 when current', () => {
  it('public, max-age from PUBLIC_JOURNAL_MAX_AGE_SECONDS; a new ETag after a change', async () => {
    const { server, w } = await world({ PUBLIC_JOURNAL_MAX_AGE_SECONDS: '42' });
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const recent = await w.post({ journalDate: RECENT, title: 'Nylig brev' });
    const url = `${server.url}/graphql?query=${encodeURIComponent(PAGE)}&variables=${encodeURIComponent('{"first":10}')}`;
    const get = (headers: Record<string, string> = {}) =>
      fetch(url, { headers: { 'apollo-require-preflight': 'true', ...headers } });
    const first = await get();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=42');
    expect(first.headers.get('vary')).toMatch(/authorization/i);
    const again = await get({ 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const posted = await post(server, PAGE, { first: 10 });
    expect(posted.res.headers.get('etag')).not.toBe(etag);
    expect(posted.res.headers.get('cache-control')).toBe('no-store');
    await mutate(
      server,
      w,
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      recent.id,
    );
    const changed = await get({ 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Nylig brev');
    const token = await server.tokenFor(w.archivist.username);
    const signedIn = await get({ authorization: `Bearer ${token}` });
    expect(signedIn.headers.get('etag')).not.toMatch(/^W\/"[\w-]{27}"$/);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
  });
});
