import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRST_ARCHIVE_ID,
  FIRST_ARCHIVE_PART_ID,
} from '../../src/db/migrations/Migration20261202070000_archive_parts';
import { parseTitle } from '../../src/domain/publicTitle';
import { JournalPost, JournalPostType, JournalStatus } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { MARKER } from '../support/fixtures';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { addLeakProbePosts, LEAK_SECRETS, PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';
import { parseXml, type XmlElement } from '../support/xml';

/**
 * Permalinks (docs/public-journal.md, "Permalinks and the feed"): a page per entry
 * (/journal/{org}/2026/30-4) and per case (/journal/{org}/sak/2026/30), public forms only; the Atom
 * feed links there and dates each entry by when it became public.
 */
const TODAY = '2026-06-15'; // a Monday
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world() {
  const server = await startTestServer({ data: 'empty', today: TODAY });
  servers.push(server);
  return { server, w: await new PublicWorld(server.orm.em.fork()).init() };
}

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, html: await res.text() };
}

/** Another post in the case of `first`, with the next document number. */
async function inSameCase(
  server: TestServer,
  w: PublicWorld,
  first: JournalPost,
  documentNumber: number,
  spec: { title: string; journalDate?: string; type?: JournalPostType; status?: JournalStatus },
): Promise<JournalPost> {
  const em = server.orm.em.fork();
  const t = parseTitle(spec.title);
  const p = em.create(JournalPost, {
    case: first.case.id,
    documentNumber,
    journalYear: 2026,
    journalSequenceNumber: 5000 + documentNumber,
    type: spec.type ?? JournalPostType.OUTGOING,
    status: spec.status ?? JournalStatus.REGISTERED,
    title: t.title,
    publicTitle: t.derivedPublicTitle ?? t.title,
    journalDate: spec.journalDate ?? '2026-06-01',
    responsible: w.handler.id,
    responsibleUnit: w.unit.id,
    createdBy: w.handler.id,
  });
  await em.flush();
  return p;
}

const sql = (server: TestServer, statement: string, params: unknown[] = []) =>
  server.orm.em.fork().getConnection().execute(statement, params);

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name)!;

const entryId = (p: { id: string }) => toGlobalId('PublicJournalEntry', p.id);

/** The values of the hidden entryId fields of the page's forms. */
const entryIds = (html: string) =>
  [...html.matchAll(/<input type="hidden" name="entryId" value="([^"]+)"\/>/g)].map((m) => m[1]);

const headings = (html: string) =>
  [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1])).join(',');

describe('An entry has a page of its own with its public form', () => {
  let server: TestServer;
  let w: PublicWorld;
  let screened: JournalPost;
  beforeAll(async () => {
    ({ server, w } = await world());
    screened = await w.post({
      journalDate: '2026-06-01',
      title: `Elevmappe – {Ola ${MARKER}TITLE}`,
      caseTitle: `Spesialundervisning – {${MARKER}CASE Nordmann}`,
      screened: true,
      correspondents: [
        { name: `Per ${MARKER}NAME`, screened: true },
        { name: 'Skolen AS', isPerson: false },
      ],
    });
  });

  it('shows the public title, case, correspondents and legal basis, and links to its case and the journal', async () => {
    const { res, html } = await get(server, '/journal/arkiv/2026/1001-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="nb">/);
    expect(html).toContain(
      '<h1>Elevmappe – <span class="skjermet"><span aria-hidden="true">*****</span><span class="visually-hidden">skjermet</span></span></h1>',
    );
    expect(html).toContain('Spesialundervisning – ');
    expect(html).toContain('Skolen AS');
    expect(html).toContain('Skjermet: Offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    expect(html).toContain('<a href="/journal/arkiv/sak/2026/1001">2026/1001</a>');
    expect(html).toContain('<a href="/journal/arkiv">');
    expect(html).toContain('<link rel="canonical" href="/journal/arkiv/2026/1001-1"/>');
    expect(headings(html)).toBe('1,2');
    expect(html).not.toContain(MARKER);
    for (const secret of LEAK_SECRETS) expect(html).not.toContain(secret);
  });

  it("carries a request form for the one entry, posted to the journal's insight route", async () => {
    const { html } = await get(server, '/journal/arkiv/2026/1001-1');
    expect(html).toContain('<form class="request" method="post" action="/journal/arkiv/innsyn">');
    expect(entryIds(html)).toEqual([entryId(screened)]);
    expect(html).toMatch(/<label for="innsyn-epost">E-postadresse<\/label>/);
    expect(html).toMatch(/<input type="email" id="innsyn-epost" name="email"/);
  });

  it('the registry id on the journal page links to it', async () => {
    const { html } = await get(server, '/journal/arkiv');
    expect(html).toContain('<a href="/journal/arkiv/2026/1001-1">2026/1001-1</a>');
    const { html: short } = await get(server, '/journal');
    expect(short).toContain('<a href="/journal/2026/1001-1">2026/1001-1</a>');
  });
});

describe('A case has a page listing only its public entries, in the order of the case', () => {
  it('leaves out entries not yet public, held back or of types not published', async () => {
    const { server, w } = await world();
    const first = await w.post({
      journalDate: '2026-06-01',
      title: 'Søknad om skoleskyss',
      caseTitle: `Skoleskyss – {${MARKER}CASE Hansen}`,
      screened: true,
    });
    const reply = await inSameCase(server, w, first, 2, { title: 'Svar på søknad' });
    await inSameCase(server, w, first, 3, {
      title: `Ikke ennå ${MARKER}FUTURE`,
      journalDate: TODAY,
    });
    const held = await inSameCase(server, w, first, 4, { title: `Holdt ${MARKER}HELD` });
    await sql(server, "update journal_post set publication_override = 'HOLD' where id = ?", [
      held.id,
    ]);
    await inSameCase(server, w, first, 5, {
      title: `Notat ${MARKER}NOTE`,
      type: JournalPostType.INTERNAL_FOLLOW_UP,
    });
    const late = await inSameCase(server, w, first, 6, { title: 'Vedtak' });

    const { res, html } = await get(server, '/journal/arkiv/sak/2026/1001');
    expect(res.status).toBe(200);
    expect(html).toContain('<p class="meta">Sak 2026/1001</p>');
    expect(html).toContain(
      '<h1>Skoleskyss – <span class="skjermet"><span aria-hidden="true">*****</span><span class="visually-hidden">skjermet</span></span>',
    );
    expect(html).toContain('Saken har 3 offentlige journalposter.');
    const linked = [...html.matchAll(/<a href="\/journal\/arkiv\/(2026\/1001-\d)">/g)].map(
      (m) => m[1],
    );
    expect(linked).toEqual(['2026/1001-1', '2026/1001-2', '2026/1001-6']);
    expect(html).toContain('<link rel="canonical" href="/journal/arkiv/sak/2026/1001"/>');
    expect(headings(html)).toBe('1,2,2,3,3,3');
    expect(html).not.toContain(MARKER);

    // The whole case in one request: every public entry's id, to the journal's insight route.
    expect(html).toContain('<h2 id="innsyn">Be om innsyn i hele saken</h2>');
    expect(html).toContain('<form class="request" method="post" action="/journal/arkiv/innsyn">');
    expect(entryIds(html)).toEqual([first, reply, late].map(entryId));
    expect(html).toContain('<button type="submit">Be om innsyn i hele saken</button>');
  });

  it('past 50 entries: keyset pages of 50, and the form says it names those of its page', async () => {
    const { server, w } = await world();
    const first = await w.post({ journalDate: '2026-06-01', title: 'Brev 1' });
    for (let n = 2; n <= 51; n += 1) await inSameCase(server, w, first, n, { title: `Brev ${n}` });
    const { html } = await get(server, '/journal/sak/2026/1001');
    expect(html).toContain('Saken har 51 offentlige journalposter.');
    expect(html).toContain('Et innsynskrav kan gjelde høyst 50 journalposter.');
    expect(entryIds(html)).toHaveLength(50);
    const next = /<a rel="next" href="([^"]+)">Neste side<\/a>/.exec(html)?.[1];
    expect(next).toMatch(/^\/journal\/sak\/2026\/1001\?after=/);
    const { res, html: second } = await get(server, next!.replace(/&amp;/g, '&'));
    expect(res.status).toBe(200);
    expect(entryIds(second)).toHaveLength(1);
    expect(second).toContain('<a href="/journal/2026/1001-51">2026/1001-51</a>');
    expect(second).toContain('<a href="/journal/sak/2026/1001">Første side</a>');
    const bad = await get(server, '/journal/sak/2026/1001?after=tull');
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('Lenken til neste side er ikke gyldig.');
    expect(bad.res.headers.get('cache-control')).toBeNull();
  });
});

describe("Unknown, not yet public, held back or another organisation's: one Norwegian 404 page", () => {
  it('answers every such entry and case with the same body, not cacheable', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: TODAY, title: `Ikke publisert ${MARKER}FUTURE` }); // 2026/1001-1
    const held = await w.post({ journalDate: '2026-06-01', title: `Holdt ${MARKER}HELD` });
    await sql(server, "update journal_post set publication_override = 'HOLD' where id = ?", [
      held.id,
    ]);
    await w.post({ journalDate: '2026-06-01', title: 'Offentlig' }); // 2026/1003-1, found
    const paths = [
      '/journal/arkiv/2026/9999-1',
      '/journal/arkiv/2026/1003-2',
      '/journal/arkiv/2026/1003-01',
      '/journal/arkiv/2026/1001-1',
      '/journal/arkiv/2026/1002-1',
      '/journal/arkiv/sak/2026/1001',
      '/journal/arkiv/sak/2026/1002',
      '/journal/arkiv/sak/2026/9999',
    ];
    const bodies = new Set<string>();
    for (const path of paths) {
      const { res, html } = await get(server, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBeNull();
      bodies.add(html);
    }
    expect(bodies.size).toBe(1);
    const [body] = [...bodies] as [string];
    expect(body).toContain('<h1>Fant ikke siden</h1>');
    expect(body).toContain('ikke offentlig ennå');
    expect(body).not.toContain(MARKER);
    expect((await get(server, '/journal/arkiv/2026/1003-1')).res.status).toBe(200);
  });
});

describe('Both forms of the path work, and the numbers are never taken for an organisation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty', today: TODAY });
    servers.push(server);
    const w = await new PublicWorld(server.orm.em.fork()).init();
    await w.post({ journalDate: '2026-06-01', title: 'Brev til Arkivskaper' });
    // An organisation whose short name is a year, with an entry of the same number.
    const other = await createTestOrganisation(server.orm, { shortName: '2026', name: 'Totusen' });
    await inOrganisation(server.orm.em, other, async (em) => {
      await em.execute(
        `insert into archive (id, title, records_creator_name, created_at) values (?, 'Arkiv', 'Totusen', now())`,
        [FIRST_ARCHIVE_ID],
      );
      await em.execute(
        `insert into archive_part (id, archive_id, title, status, period_start, created_at)
         values (?, ?, 'Sakarkiv', 'ACTIVE', date '2020-01-01', now())`,
        [FIRST_ARCHIVE_PART_ID, FIRST_ARCHIVE_ID],
      );
      const t = await new PublicWorld(em).init();
      await t.post({ journalDate: '2026-06-01', title: 'Brev til Totusen' });
    });
  });

  it('/journal/{org}/… names the organisation; /journal/… takes X-Organisation', async () => {
    expect((await get(server, '/journal/arkiv/2026/1001-1')).html).toContain(
      'Brev til Arkivskaper',
    );
    expect((await get(server, '/journal/2026/2026/1001-1')).html).toContain('Brev til Totusen');
    expect((await get(server, '/journal/2026/sak/2026/1001')).html).toContain('Brev til Totusen');
    const header = { 'X-Organisation': 'arkiv' };
    const short = await get(server, '/journal/2026/1001-1', header);
    expect(short.res.status).toBe(200);
    expect(short.html).toContain('Brev til Arkivskaper');
    expect(short.html).toContain('<link rel="canonical" href="/journal/arkiv/2026/1001-1"/>');
    expect(short.html).toContain('<a href="/journal/sak/2026/1001">2026/1001</a>');
    expect((await get(server, '/journal/sak/2026/1001', header)).html).toContain(
      'Brev til Arkivskaper',
    );
    // Without a header, among two organisations, /journal/2026/… names no journal.
    expect((await get(server, '/journal/2026/1001-1')).res.status).toBe(404);
    // /journal/2026 is still that organisation's journal, and the insight pages are still theirs.
    expect((await get(server, '/journal/2026')).html).toContain('Totusen');
    const status = await get(server, '/journal/arkiv/innsyn/status');
    expect(status.res.status).toBe(200);
    expect(status.html).toContain('Referanse');
  });

  it("an organisation's entry is not found under another's journal", async () => {
    const { res, html } = await get(server, '/journal/2026/sak/2026/9999');
    const cross = await get(server, '/journal/arkiv/sak/2026/1002');
    expect(res.status).toBe(404);
    expect(cross.res.status).toBe(404);
    expect(cross.html).not.toContain('Totusen');
    expect(html).not.toContain('Arkivskaper');
  });
});

describe('Both pages are cached like the journal: ETag, Cache-Control, 304', () => {
  it('answers If-None-Match with 304 until the journal changes', async () => {
    const { server, w } = await world();
    const p = await w.post({ journalDate: '2026-06-01', title: 'Byggesak' });
    for (const path of ['/journal/arkiv/2026/1001-1', '/journal/arkiv/sak/2026/1001']) {
      const first = await get(server, path);
      const etag = first.res.headers.get('etag');
      expect(etag, path).toMatch(/^W\/"[\w-]{27}"$/);
      expect(first.res.headers.get('cache-control'), path).toMatch(/^public, max-age=\d+$/);
      expect((await get(server, path, { 'If-None-Match': etag! })).res.status, path).toBe(304);
      const shortForm = await get(server, path.replace('/arkiv', ''));
      expect(shortForm.res.headers.get('etag'), path).not.toBe(etag);
    }
    const before = (await get(server, '/journal/arkiv/2026/1001-1')).res.headers.get('etag')!;
    await sql(server, "update journal_post set public_title = 'Byggesak rettet' where id = ?", [
      p.id,
    ]);
    const after = await get(server, '/journal/arkiv/2026/1001-1', { 'If-None-Match': before });
    expect(after.res.status).toBe(200);
  });
});

describe('The Atom feed links to the permalinks and dates entries by when they became public', () => {
  it('ordinary: 00:00 in Norway on the publication day; publishNow: the moment the archive did so', async () => {
    const { server, w } = await world();
    // Wednesday 3 June: published Monday 8 June, 00:00 CEST.
    await w.post({ journalDate: '2026-06-03', title: 'Vanlig brev' });
    // Journalled today (not due until Thursday 18 June), published now by the archive.
    const early = await w.post({ journalDate: TODAY, title: 'Hastebrev' });
    const token = await server.tokenFor(w.archivist.username);
    const res = await server.gql(
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      { id: toGlobalId('JournalPost', early.id) },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    const [row] = (await sql(
      server,
      'select publication_override_at as at from journal_post where id = ?',
      [early.id],
    )) as [{ at: Date }];
    const publishedAt = new Date(row.at).toISOString();

    const { html: text } = await get(server, '/journal/arkiv/public-journal.atom');
    const feed = parseXml(text);
    const entries = feed.children.filter((c) => c.name === 'entry') as XmlElement[];
    const byTitle = (t: string) => entries.find((e) => child(e, 'title').text.includes(t))!;
    expect(child(byTitle('Vanlig brev'), 'updated').text).toBe('2026-06-07T22:00:00.000Z');
    expect(child(byTitle('Vanlig brev'), 'link').attributes.href).toBe(
      `${server.url}/journal/arkiv/2026/1001-1`,
    );
    expect(child(byTitle('Hastebrev'), 'updated').text).toBe(publishedAt);
    expect(child(byTitle('Hastebrev'), 'link').attributes.href).toBe(
      `${server.url}/journal/arkiv/2026/1002-1`,
    );
    // The feed is as new as its newest entry.
    expect(child(feed, 'updated').text).toBe(publishedAt);
  });

  it('in winter the day starts at 23:00 UTC', async () => {
    const server = await startTestServer({ data: 'empty', today: '2026-12-14' });
    servers.push(server);
    const w = await new PublicWorld(server.orm.em.fork()).init();
    await w.post({ journalDate: '2026-12-07', title: 'Vinterbrev' }); // published Thursday 10 December
    const { html: text } = await get(server, '/public-journal.atom');
    const [entry] = parseXml(text).children.filter((c) => c.name === 'entry') as XmlElement[];
    expect(child(entry!, 'updated').text).toBe('2026-12-09T23:00:00.000Z');
  });

  it('the journal page links to the feed of its search, in its head and visibly', async () => {
    const { server } = await world();
    const { html } = await get(server, '/journal/arkiv?q=skyss');
    expect(html).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Offentlig journal (Atom)" href="/journal/arkiv/public-journal.atom?q=skyss"/>',
    );
    expect(html).toContain('<a href="/journal/arkiv/public-journal.atom?q=skyss">Atom-feed</a>');
  });
});

describe('Leak probes: no screened or unpublished value on either page or in the feed', () => {
  it('never shows a canary marker', async () => {
    const { server, w } = await world();
    await addLeakProbePosts(w, TODAY);
    const bodies: string[] = [];
    for (let n = 1001; n <= 1005; n += 1) {
      for (const path of [`/journal/arkiv/2026/${n}-1`, `/journal/arkiv/sak/2026/${n}`]) {
        const { res, html } = await get(server, path);
        expect([200, 404], path).toContain(res.status);
        bodies.push(html);
      }
    }
    bodies.push((await get(server, '/journal/arkiv/public-journal.atom')).html);
    bodies.push((await get(server, '/journal/arkiv/public-journal.atom?q=ZZOPENWORD')).html);
    const all = bodies.join('\n');
    expect(all).toContain('ZZOPENWORD');
    expect(all).toContain('ZZOPENNAME');
    expect(all).not.toContain(MARKER);
    for (const secret of LEAK_SECRETS) expect(all).not.toContain(secret);
  });
});
