import { afterAll, describe, expect, it } from 'vitest';
import { JournalPostType, WriteOffMethod } from '../../src/entities';
import { CSV_COLUMNS } from '../../src/queries/publicJournalCsv';
import { parseCsv } from '../support/csv';
import { MARKER } from '../support/fixtures';
import { addLeakProbePosts, LEAK_SECRETS, PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The CSV download for Norwegian spreadsheets (docs/public-journal.md, "Downloads"): `;` between
 * cells, UTF-8 with a BOM, CRLF, Norwegian headers, Noark codes and ja/nei; `?format=rfc4180`
 * gives the machine form as before.
 */
const TODAY = '2026-06-15';
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

const HEADERS = [
  'Journalpost',
  'Journalår',
  'Løpenummer',
  'Saksnummer',
  'Sak',
  'Arkivkode',
  'Tittel',
  'Type',
  'Journaldato',
  'Dokumentdato',
  'Mottatt dato',
  'Avsender/mottaker',
  'Enhet',
  'Skjermet',
  'Hjemmel',
  'Avskrivningsmåte',
  'Avskrivningsdato',
  'ID',
];

async function world() {
  const server = await startTestServer({ data: 'empty', today: TODAY });
  servers.push(server);
  return { server, w: await new PublicWorld(server.orm.em.fork()).init() };
}

/** The body as sent, BOM kept. */
async function download(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/** Rows as objects by header, parsed with `delimiter` after the BOM. */
function table(text: string, delimiter: ',' | ';') {
  expect(text.charCodeAt(0), 'the file starts with a byte order mark').toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1), delimiter);
  return {
    header: header!,
    rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))),
  };
}

async function twoPosts(server: TestServer, w: PublicWorld) {
  const incoming = await w.post({
    journalDate: '2026-06-01',
    title: 'Søknad om skjenkebevilling; Kafé Ærø',
    correspondents: [{ name: 'Kafé Ærø AS', isPerson: false }, { name: 'Bjørn Åsheim' }],
  });
  await w.post({
    journalDate: '2026-06-02',
    title: 'Svar på søknad',
    type: JournalPostType.OUTGOING,
  });
  await w.post({ journalDate: '2026-06-03', title: 'Skjermet {hemmelighet}', screened: true });
  await server.orm.em
    .fork()
    .getConnection()
    .execute(
      `update journal_post set document_date = '2026-05-28', received_date = '2026-05-30',
         write_off_method = ?, write_off_date = '2026-06-02' where id = ?`,
      [WriteOffMethod.REPLIED_BY_LETTER, incoming.id],
    );
}

describe('The CSV opens as columns in a Norwegian spreadsheet', () => {
  it('is `;`-separated UTF-8 with a BOM and CRLF, with Norwegian headers', async () => {
    const { server, w } = await world();
    await twoPosts(server, w);
    const { res, bytes, text } = await download(server, '/public-journal.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const { header, rows } = table(text, ';');
    expect(header).toEqual(HEADERS);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Object.keys(row)).toHaveLength(CSV_COLUMNS.length);
    expect(rows.map((r) => r.Tittel)).toEqual([
      'Skjermet *****',
      'Svar på søknad',
      'Søknad om skjenkebevilling; Kafé Ærø',
    ]);
  });

  it('writes the type as its Noark code, ja/nei, codes for the write-off and dates as YYYY-MM-DD', async () => {
    const { server, w } = await world();
    await twoPosts(server, w);
    const { rows } = table((await download(server, '/public-journal.csv')).text, ';');
    const [screened, outgoing, incoming] = rows;
    expect(incoming).toMatchObject({
      Journalpost: '2026/1001-1',
      Saksnummer: '2026/1001',
      Type: 'I',
      Journaldato: '2026-06-01',
      Dokumentdato: '2026-05-28',
      'Mottatt dato': '2026-05-30',
      'Avsender/mottaker': 'Kafé Ærø AS; Bjørn Åsheim',
      Enhet: 'Offentlig enhet',
      Skjermet: 'nei',
      Hjemmel: '',
      Avskrivningsmåte: 'BU',
      Avskrivningsdato: '2026-06-02',
    });
    expect(outgoing).toMatchObject({ Type: 'U', Skjermet: 'nei', Avskrivningsmåte: '' });
    expect(screened).toMatchObject({
      Type: 'I',
      Skjermet: 'ja',
      Hjemmel: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
    });
  });
});

describe('A cell a spreadsheet would run as a formula gets an apostrophe, in both forms', () => {
  it('guards = + - @ at the start of a text cell', async () => {
    const { server, w } = await world();
    await w.post({
      journalDate: '2026-06-01',
      title: '-Minus først',
      correspondents: [{ name: '=HYPERLINK("http://example.org";"klikk")' }],
    });
    await w.post({ journalDate: '2026-06-02', title: '@hilsen' });
    const { rows } = table((await download(server, '/public-journal.csv')).text, ';');
    expect(rows.map((r) => [r.Tittel, r['Avsender/mottaker']])).toEqual([
      ["'@hilsen", ''],
      ["'-Minus først", `'=HYPERLINK("http://example.org";"klikk")`],
    ]);
    const machine = table((await download(server, '/public-journal.csv?format=rfc4180')).text, ',');
    expect(machine.rows.map((r) => r.title)).toEqual(["'@hilsen", "'-Minus først"]);
  });
});

describe('?format=rfc4180 keeps the machine form for scripts', () => {
  it('is comma-separated with the English field names and the API values', async () => {
    const { server, w } = await world();
    await twoPosts(server, w);
    const { res, text } = await download(server, '/public-journal.csv?format=rfc4180');
    expect(res.status).toBe(200);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
    const { rows } = table(text, ',');
    expect(rows.map((r) => [r.type, r.screened, r.writeOffMethod])).toEqual([
      ['INCOMING', 'true', ''],
      ['OUTGOING', 'false', ''],
      ['INCOMING', 'false', 'REPLIED_BY_LETTER'],
    ]);
    expect(rows[2]!.title).toBe('Søknad om skjenkebevilling; Kafé Ærø');
  });

  it('has an ETag of its own, and an unknown format is 400', async () => {
    const { server } = await world();
    const norwegian = await download(server, '/public-journal.csv');
    const machine = await download(server, '/public-journal.csv?format=rfc4180');
    expect(norwegian.res.headers.get('etag')).not.toBe(machine.res.headers.get('etag'));
    const bad = await download(server, '/public-journal.csv?format=excel2');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('format');
  });

  it('answers the organisation path too', async () => {
    const { server, w } = await world();
    await twoPosts(server, w);
    const orgs = await server.orm.em
      .fork()
      .getConnection()
      .execute<{ short_name: string }[]>('select short_name from organisation');
    const path = `/journal/${orgs[0]!.short_name}/public-journal.csv`;
    expect(table((await download(server, path)).text, ';').header).toEqual(HEADERS);
    const machine = (await download(server, `${path}?format=rfc4180`)).text;
    expect(table(machine, ',').header).toEqual([...CSV_COLUMNS]);
  });
});

describe('Neither form of the CSV shows a screened value', () => {
  it('never holds the canary marker', async () => {
    const { server, w } = await world();
    await addLeakProbePosts(w, TODAY);
    for (const path of [
      '/public-journal.csv',
      '/public-journal.csv?format=rfc4180',
      `/public-journal.csv?q=${MARKER}TITLE`,
      '/public-journal.csv?q=Elevmappe',
    ]) {
      const { res, text } = await download(server, path);
      expect(res.status, path).toBe(200);
      expect(text, path).not.toContain(MARKER);
      for (const secret of LEAK_SECRETS) expect(text, path).not.toContain(secret);
    }
    const { rows } = table((await download(server, '/public-journal.csv?q=Elevmappe')).text, ';');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Skjermet: 'ja',
      'Avsender/mottaker': '*****; Skolen ZZOPENNAME',
    });
  });
});
