import { afterAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus, Unit } from '../../src/entities';
import { CSV_COLUMNS, NORWEGIAN_CSV_HEADERS } from '../../src/queries/publicJournalCsv';
import { toGlobalId } from '../../src/schema/globalId';
import { addLeakProbePosts, LEAK_SECRETS, PublicWorld } from '../support/publicFixtures';
import { parseCsv } from '../support/csv';
import { startTestServer, type TestServer } from '../support/server';
import { parseXml, type XmlElement } from '../support/xml';

/**
 * The public journal as downloads (domain.md, "The public journal"): CSV and JSON of every
 * matching entry, streamed, and an Atom feed of the newest; all over plain HTTP, no sign-in.
 */
const TODAY = '2026-06-15';
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world(today = TODAY) {
  const server = await startTestServer({ data: 'empty', today });
  servers.push(server);
  return { server, w: await new PublicWorld(server.orm.em.fork()).init() };
}

function sql(server: TestServer, text: string, params: unknown[] = []): Promise<any[]> {
  return server.orm.em.fork().getConnection().execute(text, params);
}

/** The body as sent: decoded as UTF-8 with a byte order mark kept (res.text() would drop it). */
async function get(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/**
 * The CSV (the Norwegian default) as objects keyed by the column names of the machine form; the
 * BOM is checked and taken off first.
 */
function csvObjects(text: string): Record<string, string>[] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1), ';');
  const keys = header!.map((h) => CSV_COLUMNS.find((c) => NORWEGIAN_CSV_HEADERS[c] === h)!);
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i]!])));
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name)!;
const decodeHtml = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const ENTRY_FIELDS = `id registryId journalYear journalSequenceNumber caseNumber caseTitle classCode title type
  journalDate documentDate receivedDate correspondents unit screened legalBasis writeOffMethod writeOffDate`;

describe('The CSV download has a header and one row per entry', () => {
  it('is UTF-8 with a BOM, named offentlig-journal.csv, and joins correspondents with "; "', async () => {
    const { server, w } = await world();
    await w.post({
      journalDate: '2026-06-01',
      title: 'Søknad om skjenkebevilling – Kafé Ærø',
      correspondents: [{ name: 'Kafé Ærø AS', isPerson: false }, { name: 'Bjørn Åsheim' }],
    });
    await w.post({
      journalDate: '2026-06-02',
      title: 'Svar på søknad',
      type: JournalPostType.OUTGOING,
    });
    const { res, bytes, text } = await get(server, '/public-journal.csv');
    expect(res.status).toBe(200);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="offentlig-journal.csv"',
    );
    expect(text.split('\r\n')[0]).toBe(
      `\uFEFF${CSV_COLUMNS.map((c) => NORWEGIAN_CSV_HEADERS[c]).join(';')}`,
    );
    const rows = csvObjects(text);
    expect(rows.map((r) => r.title)).toEqual([
      'Svar på søknad',
      'Søknad om skjenkebevilling – Kafé Ærø',
    ]);
    expect(rows[1]).toMatchObject({
      registryId: '2026/1001-1',
      journalYear: '2026',
      journalSequenceNumber: '1001',
      caseNumber: '2026/1001',
      type: 'I',
      journalDate: '2026-06-01',
      documentDate: '',
      correspondents: 'Kafé Ærø AS; Bjørn Åsheim',
      unit: 'Offentlig enhet',
      screened: 'nei',
      legalBasis: '',
    });
  });

  it('quotes a title with a comma, a quote or a line break, so it stays one cell', async () => {
    const { server, w } = await world();
    const titles = [
      'Klage, «vedtak» og "svar"\npå søknad – æøå ÆØÅ',
      'Bare et linjeskift\nher',
      'Og et vognretur\rher',
    ];
    for (const [i, title] of titles.entries()) {
      const p = await w.post({ journalDate: `2026-06-0${3 - i}`, title: 'Midlertidig' });
      await sql(server, 'update journal_post set title = ?, public_title = ? where id = ?', [
        title,
        title,
        p.id,
      ]);
    }
    const { text } = await get(server, '/public-journal.csv');
    expect(text).toContain(';"Klage, «vedtak» og ""svar""\npå søknad – æøå ÆØÅ";');
    expect(text).toContain(';"Bare et linjeskift\nher";');
    const rows = csvObjects(text);
    expect(rows.map((r) => r.title)).toEqual(titles);
  });

  it('puts an apostrophe before a cell a spreadsheet would run as a formula', async () => {
    const { server, w } = await world();
    await w.post({
      journalDate: '2026-06-01',
      title: 'Vanlig tittel',
      correspondents: [{ name: '=HYPERLINK("http://example.org","klikk")' }, { name: 'Ola' }],
    });
    await w.post({ journalDate: '2026-06-02', title: 'Midlertidig' });
    await sql(server, "update journal_post set title = '+SUM(A1)' where title = 'Midlertidig'");
    const rows = csvObjects((await get(server, '/public-journal.csv')).text);
    expect(rows.map((r) => [r.title, r.correspondents])).toEqual([
      ["'+SUM(A1)", ''],
      ['Vanlig tittel', `'=HYPERLINK("http://example.org","klikk"); Ola`],
    ]);
  });

  it('still has its header when nothing matches', async () => {
    const { server } = await world();
    const { res, text } = await get(server, '/public-journal.csv');
    expect(res.status).toBe(200);
    expect(text).toBe(`\uFEFF${CSV_COLUMNS.map((c) => NORWEGIAN_CSV_HEADERS[c]).join(';')}\r\n`);
  });
});

describe('The JSON download equals the GraphQL entries for the same filter', () => {
  it('has every field of PublicJournalEntry, in the same order of entries', async () => {
    const { server, w } = await world();
    await w.post({
      journalDate: '2026-06-01',
      title: 'Elevmappe – {Ola Skjult}',
      screened: true,
      correspondents: [{ name: 'Per Skjult', screened: true }, { name: 'Skolen AS' }],
    });
    const written = await w.post({ journalDate: '2026-06-03', title: 'Søknad om plass' });
    await w.post({ journalDate: '2026-06-04', title: 'Svar', type: JournalPostType.OUTGOING });
    await w.post({ journalDate: '2026-05-01', title: 'For gammel' });
    await sql(
      server,
      `update journal_post set document_date = '2026-05-30', write_off_method = 'REPLIED_BY_LETTER',
         write_off_date = '2026-06-04' where id = ?`,
      [written.id],
    );
    const filter = { journalDate: { from: '2026-06-01', to: '2026-06-30' }, type: 'INCOMING' };
    const gql = await server.gql(
      `query($f: PublicJournalFilter) { publicJournal(filter: $f, first: 100) { edges { node { ${ENTRY_FIELDS} } } } }`,
      { f: filter },
    );
    expect(gql.body.errors).toBeUndefined();
    const expected = gql.body.data.publicJournal.edges.map((e: any) => e.node);
    expect(expected).toHaveLength(2);

    const { res, text } = await get(
      server,
      '/public-journal.json?from=2026-06-01&to=2026-06-30&type=INCOMING',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(text)).toEqual(expected);
    expect(JSON.parse(text)[0]).toMatchObject({
      id: toGlobalId('PublicJournalEntry', written.id),
      documentDate: '2026-05-30',
      writeOffMethod: 'REPLIED_BY_LETTER',
      writeOffDate: '2026-06-04',
    });
  });

  it('is an empty array when nothing matches', async () => {
    const { server } = await world();
    expect(JSON.parse((await get(server, '/public-journal.json')).text)).toEqual([]);
  });
});

describe('The Atom feed is well-formed XML of the newest entries', () => {
  it('escapes < and & in titles, and each entry links to its own page', async () => {
    const { server, w } = await world();
    await w.post({ journalDate: '2026-06-01', title: 'Eldre brev' });
    const p = await w.post({ journalDate: '2026-06-02', title: 'Midlertidig' });
    const title = 'Tilbud <b>fra</b> Berg & Sønn ]]> AS';
    await sql(server, 'update journal_post set title = ?, public_title = ? where id = ?', [
      title,
      title,
      p.id,
    ]);
    const { res, text } = await get(server, '/public-journal.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(text).not.toContain('<b>');
    const feed = parseXml(text);
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    const entries = feed.children.filter((c) => c.name === 'entry');
    expect(entries).toHaveLength(2);
    const [newest, older] = entries as [XmlElement, XmlElement];
    expect(child(newest, 'title').attributes.type).toBe('html');
    expect(decodeHtml(child(newest, 'title').text)).toBe(`2026/1002-1 ${title}`);
    // Published on Friday 5 June (three working days after Tuesday 2 June), at 00:00 in Norway.
    expect(child(newest, 'updated').text).toBe('2026-06-04T22:00:00.000Z');
    expect(child(newest, 'id').text).toBe(`urn:uuid:${p.id}`);
    expect(child(feed, 'updated').text).toBe('2026-06-04T22:00:00.000Z');

    // The older entry's link opens its own page (its permalink).
    const link = new URL(child(older, 'link').attributes.href!);
    expect(link.origin).toBe(server.url);
    expect(link.pathname).toBe('/journal/2026/1001-1');
    const page = await (await fetch(link)).text();
    expect(page).toContain('Eldre brev');
    expect(page).not.toContain('Berg &amp; Sønn');
  });

  it('drops characters XML cannot carry, and holds the newest 50 of a search', async () => {
    const { server, w } = await world();
    const template = await w.post({
      journalDate: '2026-06-01',
      title: 'Mal',
      status: JournalStatus.RESERVED,
    });
    await bulkPosts(server, template.id, 60);
    await sql(
      server,
      `update journal_post set title = 'Kontroll\u0001tegn' where title = 'Massepost nr. 60'`,
    );
    const { text } = await get(server, '/public-journal.atom?q=Massepost');
    const entries = parseXml(text).children.filter((c) => c.name === 'entry');
    expect(entries).toHaveLength(50);
    const { text: all } = await get(server, '/public-journal.atom');
    expect(all).toContain('Kontrolltegn');
    expect(parseXml(all).name).toBe('feed');
  });
});

/** `count` published posts in the template's case, inserted in one statement. */
async function bulkPosts(server: TestServer, templateId: string, count: number): Promise<void> {
  await sql(
    server,
    `insert into journal_post (id, case_id, document_number, journal_year, journal_sequence_number,
       type, status, title, public_title, journal_date, responsible_id, responsible_unit_id,
       created_by_id, screened_fields, created_at, updated_at)
     select gen_random_uuid(), t.case_id, 1 + g, 2026, 5000 + g, 'INCOMING', 'REGISTERED',
       'Massepost nr. ' || g, 'Massepost nr. ' || g, date '2026-01-01' + (g % 150),
       t.responsible_id, t.responsible_unit_id, t.created_by_id, '{}', now(), now()
     from journal_post t cross join generate_series(1, ?) g where t.id = ?`,
    [count, templateId],
  );
}

describe('The search parameters filter every download', () => {
  it('from, to, unit, type, q and legalBasis narrow the CSV, the JSON and the feed alike', async () => {
    const { server, w } = await world();
    const em = server.orm.em.fork();
    const other = em.create(Unit, { name: 'Oppvekst' });
    await em.flush();
    await w.post({ journalDate: '2026-05-10', title: 'Mai-brev om skolevei' });
    await w.post({ journalDate: '2026-06-01', title: 'Juni-brev om skolevei' });
    await w.post({
      journalDate: '2026-06-02',
      title: 'Utgående svar',
      type: JournalPostType.OUTGOING,
    });
    await w.post({ journalDate: '2026-06-03', title: 'Elevmappe – {Ola}', screened: true });
    const moved = await w.post({ journalDate: '2026-06-04', title: 'Brev til oppvekst' });
    await sql(server, 'update journal_post set responsible_unit_id = ? where id = ?', [
      other.id,
      moved.id,
    ]);

    const titles = async (query: string) => {
      const csv = csvObjects((await get(server, `/public-journal.csv?${query}`)).text);
      const json = JSON.parse((await get(server, `/public-journal.json?${query}`)).text);
      const feed = parseXml((await get(server, `/public-journal.atom?${query}`)).text);
      const fromFeed = feed.children
        .filter((c) => c.name === 'entry')
        .map((e) => decodeHtml(child(e, 'title').text).replace(/^\S+ /, ''));
      const fromCsv = csv.map((r) => r.title);
      expect(json.map((e: any) => e.title)).toEqual(fromCsv);
      expect(fromFeed).toEqual(fromCsv);
      return fromCsv;
    };

    expect(await titles('from=2026-06-01&to=2026-06-02')).toEqual([
      'Utgående svar',
      'Juni-brev om skolevei',
    ]);
    expect(await titles(`unit=${toGlobalId('Unit', other.id)}`)).toEqual(['Brev til oppvekst']);
    expect(await titles('type=OUTGOING')).toEqual(['Utgående svar']);
    expect(await titles('q=skolevei')).toEqual(['Juni-brev om skolevei', 'Mai-brev om skolevei']);
    expect(
      await titles(
        `legalBasis=${encodeURIComponent('Offl. § 13 jf. fvl. § 13 første ledd nr. 1')}`,
      ),
    ).toEqual(['Elevmappe – *****']);
    expect(await titles('from=&to=&unit=&type=&q=&legalBasis=')).toHaveLength(5);
  });
});

describe('A large range streams', () => {
  it('1,200 entries come as 1,201 CSV lines, in more than one chunk, written by one COPY; the JSON from one cursor', async () => {
    const { server, w } = await world();
    const template = await w.post({
      journalDate: '2026-06-01',
      title: 'Mal',
      status: JournalStatus.RESERVED,
    });
    await bulkPosts(server, template.id, 1200);
    server.statements.length = 0;

    const res = await fetch(`${server.url}/public-journal.csv?from=2026-01-01&to=2026-12-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const decoder = new TextDecoder();
    let chunks = 0;
    let text = '';
    const reader = res.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks++;
      text += decoder.decode(read.value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1201);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(1200);
    const statements = server.statements.filter((s) => s.includes('from journal_post jp'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/copy \(select .* to stdout with \(format csv, delimiter ';'\)/s);

    server.statements.length = 0;
    const json = JSON.parse((await get(server, '/public-journal.json')).text);
    expect(json).toHaveLength(1200);
    expect(server.statements.filter((s) => s.includes('from journal_post jp'))).toEqual([
      expect.stringMatching(/declare rows_cursor no scroll cursor for/),
    ]);
    expect(server.statements.filter((s) => s.includes('fetch forward')).length).toBe(2);
  });
});

describe('Bad parameters are answered with 400 and a plain message', () => {
  it('refuses wrong dates, types and units, repeated parameters and too long a search', async () => {
    const { server, w } = await world();
    const p = await w.post({ journalDate: '2026-06-01', title: 'Brev' });
    const cases: [string, string][] = [
      ['from=2026-13-01', 'from must be a calendar date written YYYY-MM-DD'],
      ['to=15.06.2026', 'to must be a calendar date written YYYY-MM-DD'],
      ['from=2026-02-30', 'from must be a calendar date written YYYY-MM-DD'],
      ['from=2026-06-10&to=2026-06-01', 'to must be on or after from'],
      ['type=NOTE', 'type must be one of I, U, N, X, S or INCOMING, OUTGOING'],
      ['unit=nonsense', 'unit is not the id of a Unit'],
      [`unit=${toGlobalId('JournalPost', p.id)}`, 'unit is not the id of a Unit'],
      ['q=a&q=b', 'q may be given only once'],
      [`q=${'x'.repeat(201)}`, 'The search text must be at most 200 characters'],
    ];
    for (const path of ['/public-journal.csv', '/public-journal.json', '/public-journal.atom']) {
      for (const [query, message] of cases) {
        const { res, text } = await get(server, `${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(text).toContain(message);
      }
    }
  });
});

describe('Every view sends the security headers', () => {
  it('CSP, nosniff and no-referrer on the downloads, the feed and the page', async () => {
    const { server } = await world();
    for (const path of [
      '/public-journal.csv',
      '/public-journal.json',
      '/public-journal.atom',
      '/journal',
      '/journal?from=nonsense',
    ]) {
      const { res } = await get(server, path);
      expect(res.headers.get('content-security-policy'), path).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('Leak probes: nothing screened or private leaves on any path', () => {
  const PATHS = ['/public-journal.csv', '/public-journal.json', '/public-journal.atom', '/journal'];

  async function leakWorld() {
    const { server, w } = await world();
    await addLeakProbePosts(w, TODAY);
    return server;
  }

  async function probe(server: TestServer, path: string): Promise<string> {
    const { res, text } = await get(server, path);
    expect(res.status, path).toBe(200);
    for (const secret of LEAK_SECRETS)
      expect(text, `${path} carries ${secret}`).not.toContain(secret);
    return text;
  }

  /** How many entries a response holds, read in the way of its format. */
  function entries(path: string, text: string): number {
    if (path.startsWith('/public-journal.csv')) return csvObjects(text).length;
    if (path.startsWith('/public-journal.json')) return JSON.parse(text).length;
    if (path.startsWith('/public-journal.atom')) {
      return parseXml(text).children.filter((c) => c.name === 'entry').length;
    }
    return Number(/(\d+) oppføring/.exec(text)?.[1]);
  }

  it('the whole journal shows the public forms only', async () => {
    const server = await leakWorld();
    for (const path of PATHS) {
      const text = await probe(server, path);
      expect(entries(path, text), path).toBe(2);
      expect(text).toContain('*****');
      expect(text).toContain('ZZOPENNAME');
    }
  });

  it('searching for a screened word or name finds nothing, and says nothing', async () => {
    const server = await leakWorld();
    // Searched in lower case (the search ignores case), so the search echoed back in the page's
    // form and links cannot be mistaken for a leak.
    for (const word of [
      'zzleaktitle',
      'zzleakname',
      'zzleakcase',
      'zzleakdraft',
      'zzleaknote',
      'zzleakfuture',
      'hemmelig',
    ]) {
      for (const path of PATHS) {
        const url = `${path}?q=${word}`;
        expect(entries(path, await probe(server, url)), url).toBe(0);
      }
    }
    // The search itself works: an open word and an open name are found.
    for (const path of PATHS) {
      expect(entries(path, await probe(server, `${path}?q=zzopenword`))).toBe(1);
      expect(entries(path, await probe(server, `${path}?q=zzopenname`))).toBe(1);
    }
  });
});

describe('Search terms are never logged', () => {
  it('not on success, not on a mistake, not when the database fails mid-request', async () => {
    const server = await startTestServer({ data: 'empty', today: TODAY, captureLogs: true });
    servers.push(server);
    await new PublicWorld(server.orm.em.fork()).init();
    const paths = [
      '/public-journal.csv',
      '/public-journal.json',
      '/public-journal.atom',
      '/journal',
    ];
    for (const path of paths) {
      expect((await get(server, `${path}?q=zzloggedsearch`)).res.status).toBe(200);
      expect((await get(server, `${path}?q=zzloggedsearch&from=zzloggeddate`)).res.status).toBe(
        400,
      );
    }
    // A database error's message carries the SQL with its parameters, the search among them.
    await sql(server, 'alter table correspondent rename to correspondent_gone');
    const failed = await get(
      server,
      `/public-journal.csv?q=${encodeURIComponent('zzloggedsearch\n    at zzloggedframe')}`,
    );
    expect(failed.res.status).toBe(500);
    expect(failed.text).toMatch(/^Internal server error \(request [\w-]+\)\n$/);

    const requests = server.logs.filter((l) => l.msg === 'request');
    expect(requests.map((l) => l.path)).toEqual([...paths.flatMap((p) => [p, p]), paths[0]]);
    const failure = server.logs.find((l) => l.msg === 'public journal request failed');
    expect(failure).toMatchObject({
      level: 50,
      error: { type: 'TableNotFoundException', code: '42P01' },
    });
    expect((failure!.error as { stack: string }).stack).toMatch(/^at /);
    expect(JSON.stringify(server.logs)).not.toMatch(/zzlogged/i);
  });
});
