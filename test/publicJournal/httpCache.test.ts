import { afterAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/queries/pagination';
import { toGlobalId } from '../../src/schema/globalId';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * HTTP caching of the public journal (src/http/publicJournal/cache.ts): an ETag from the
 * publication watermark, the date and the request; 304 without the page query; an in-process cache
 * of first pages and feeds that never outlives a change of the journal.
 */
const TODAY = '2026-06-15';
/** Published: its journal date plus three working days is before TODAY. */
const OLD = '2026-06-01';
/** Journal date 12 June (a Friday): published on 17 June. */
const RECENT = '2026-06-12';
const VIEWS = ['/journal', '/public-journal.csv', '/public-journal.json', '/public-journal.atom'];

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world(env: Record<string, string> = {}) {
  const server = await startTestServer({ data: 'empty', today: TODAY, env });
  servers.push(server);
  const w = await new PublicWorld(server.orm.em.fork()).init();
  return { server, w };
}

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, text: await res.text(), etag: res.headers.get('etag') };
}

/** Page statements the server ran since `mark` (the watermark's own statement is not one). */
const pageQueries = (server: TestServer) =>
  server.statements.filter((s) => s.includes('from journal_post jp'));

async function mutate(server: TestServer, w: PublicWorld, mutation: string, postId: string) {
  const token = await server.tokenFor(w.archivist.username);
  const res = await server.gql(mutation, { id: toGlobalId('JournalPost', postId) }, { token });
  expect(res.body.errors).toBeUndefined();
}

const PUBLISH_NOW = 'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }';
const HOLD =
  'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Feil" }) { id } }';
const RESET = 'mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }';

describe('Every public GET view has an ETag and Cache-Control', () => {
  it('a weak ETag and public, max-age from PUBLIC_JOURNAL_MAX_AGE_SECONDS; errors are not cacheable', async () => {
    const { server, w } = await world({ PUBLIC_JOURNAL_MAX_AGE_SECONDS: '42' });
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const tags = new Set<string>();
    for (const path of [...VIEWS, '/journal?q=byggesak', '/public-journal.csv?type=INCOMING']) {
      const { res, etag } = await get(server, path);
      expect(res.status, path).toBe(200);
      expect(etag, path).toMatch(/^W\/"[\w-]{27}"$/);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=42');
      tags.add(etag!);
    }
    expect(tags.size, 'each view and search has a tag of its own').toBe(6);
    for (const path of ['/journal?from=zz', '/public-journal.csv?type=ZZ', '/journal?q=a&q=b']) {
      const { res } = await get(server, path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('cache-control'), path).toBeNull();
    }
  });

  it('the same search written differently has the same ETag', async () => {
    const { server } = await world();
    const a = await get(server, '/journal?q=%20byggesak%20&from=&type=INCOMING');
    const b = await get(server, '/journal?type=INCOMING&q=byggesak&utm=x');
    expect(a.etag).toBe(b.etag);
  });
});

describe('If-None-Match with the current ETag gets 304 without the page query', () => {
  it('on the page, the downloads and the feed', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    for (const path of VIEWS) {
      const { etag } = await get(server, path);
      server.statements.length = 0;
      const again = await get(server, path, { 'if-none-match': etag! });
      expect(again.res.status, path).toBe(304);
      expect(again.text).toBe('');
      expect(again.etag).toBe(etag);
      expect(pageQueries(server), path).toEqual([]);
      const other = await get(server, path, { 'if-none-match': 'W/"something-else"' });
      expect(other.res.status, path).toBe(200);
      const listed = await get(server, path, { 'if-none-match': `"x", ${etag!.slice(2)}` });
      expect(listed.res.status, `${path}: one of a list, compared weakly`).toBe(304);
    }
  });
});

describe('The ETag changes whenever the public journal can change', () => {
  it('after publishNow, a hold, a reset and a correction of a title', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const recent = await w.post({ journalDate: RECENT, title: 'Nylig brev' });
    const tagsOf = async () => Promise.all(VIEWS.map(async (p) => (await get(server, p)).etag));
    const seen = [await tagsOf()];
    const changes: [string, () => Promise<unknown>][] = [
      ['publishNow', () => mutate(server, w, PUBLISH_NOW, recent.id)],
      ['hold', () => mutate(server, w, HOLD, recent.id)],
      ['reset', () => mutate(server, w, RESET, recent.id)],
      [
        'correction',
        () =>
          server.orm.em
            .fork()
            .getConnection()
            .execute(`update case_file set title = 'Rettet sakstittel'`),
      ],
    ];
    for (const [name, change] of changes) {
      await change();
      const tags = await tagsOf();
      for (const [i, tag] of tags.entries()) {
        expect(
          seen.map((s) => s[i]),
          `${name}: ${VIEWS[i]}`,
        ).not.toContain(tag);
      }
      seen.push(tags);
    }
  });

  it('when the date passes, and the post published that day then appears', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: RECENT, title: 'Nylig brev' });
    const before = await get(server, '/journal');
    expect(before.text).not.toContain('Nylig brev');
    const later = await startTestServer({ databaseUrl: server.databaseUrl, today: '2026-06-17' });
    servers.push(later);
    const after = await get(later, '/journal', { 'if-none-match': before.etag! });
    expect(after.res.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(after.text).toContain('Nylig brev');
  });
});

describe('The in-process cache never serves content after it changed', () => {
  it('the first page and the feed are rendered once per version, and show every change at once', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    const recent = await w.post({ journalDate: RECENT, title: 'Nylig brev' });
    for (const path of ['/journal', '/public-journal.atom']) {
      const first = await get(server, path);
      server.statements.length = 0;
      const second = await get(server, path);
      expect(second.text, path).toBe(first.text);
      expect(pageQueries(server), `${path} is served from the cache`).toEqual([]);
      expect(first.text).not.toContain('Nylig brev');
    }

    await mutate(server, w, PUBLISH_NOW, recent.id);
    for (const path of ['/journal', '/public-journal.atom']) {
      expect((await get(server, path)).text, path).toContain('Nylig brev');
    }
    await mutate(server, w, HOLD, recent.id);
    for (const path of ['/journal', '/public-journal.atom']) {
      expect((await get(server, path)).text, path).not.toContain('Nylig brev');
    }
    await server.orm.em
      .fork()
      .getConnection()
      .execute(`update journal_post set title = 'Rettet tittel' where title = 'Byggesak Storgata'`);
    for (const path of ['/journal', '/public-journal.atom']) {
      const { text } = await get(server, path);
      expect(text, path).toContain('Rettet tittel');
      expect(text, path).not.toContain('Byggesak Storgata');
    }
  });

  it('pages after the first are not kept, and searches are kept apart', async () => {
    const { server, w } = await world();
    const top = await w.post({ journalDate: OLD, title: 'Byggesak Storgata' });
    await w.post({ journalDate: OLD, title: 'Skoleskyss Moseidmoen' });
    const byggesak = await get(server, '/journal?q=byggesak');
    const skoleskyss = await get(server, '/journal?q=skoleskyss');
    expect(byggesak.text).toContain('Byggesak Storgata');
    expect(byggesak.text).not.toContain('Skoleskyss Moseidmoen');
    expect(skoleskyss.text).toContain('Skoleskyss Moseidmoen');
    expect(skoleskyss.text).not.toContain('Byggesak Storgata');

    const cursor = encodeCursor([OLD, top.journalSequenceNumber, top.id]);
    const path = `/journal?after=${encodeURIComponent(cursor)}`;
    expect((await get(server, path)).res.status).toBe(200);
    server.statements.length = 0;
    await get(server, path);
    expect(pageQueries(server).length).toBeGreaterThan(0);
  });
});
