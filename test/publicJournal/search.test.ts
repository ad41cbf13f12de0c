import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Search in the public journal (domain.md): full text with the Norwegian configuration, over the
 * public form only; personal names stop matching a year after publication; search strings are
 * data.
 */
const TODAY = '2026-06-15';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  const w = await new PublicWorld(server.orm.em.fork()).init();
  await w.post({
    journalDate: '2026-06-01',
    title: 'Søknader om permisjon – {Kari Skjultnavn}',
    screened: true,
    correspondents: [{ name: 'Trond Skjultavsender', screened: true }],
  });
  await w.post({
    journalDate: '2026-06-02',
    title: 'Innkjøp av lærebøker til mellomtrinnet',
    caseTitle: 'Læremidler 2026',
    correspondents: [{ name: 'Bokhandelen Sør AS', isPerson: false }, { name: 'Lise Åpenbar' }],
  });
  await w.post({
    journalDate: '2025-03-03',
    title: 'Søknad om skoleskyss',
    correspondents: [
      { name: 'Gammel Personsen' },
      { name: 'Agder Kollektivtrafikk AS', isPerson: false },
    ],
  });
  await w.post({
    journalDate: '2026-06-03',
    title: 'Klage på vedtak',
    caseTitle: 'Barnevernssak – {Hemmelig Barnenavn}',
    screened: true,
  });
});
afterAll(() => server?.close());

async function search(query: string): Promise<{ titles: string[]; total: number }> {
  const res = await server.gql(
    'query($q: String) { publicJournal(filter: { query: $q }) { totalCount edges { cursor node { title caseTitle correspondents } } } }',
    { q: query },
  );
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  for (const word of ['Skjultnavn', 'Skjultavsender', 'Hemmelig', 'Barnenavn'])
    expect(res.text).not.toContain(word);
  const conn = res.body.data.publicJournal;
  return {
    titles: conn.edges.map((e: { node: { title: string } }) => e.node.title),
    total: conn.totalCount,
  };
}

describe('Search finds words of the public form, with Norwegian stemming', () => {
  it('finds a title by an inflected word', async () => {
    expect((await search('innkjøpet')).titles).toEqual(['Innkjøp av lærebøker til mellomtrinnet']);
    expect((await search('mellomtrinn')).titles).toEqual([
      'Innkjøp av lærebøker til mellomtrinnet',
    ]);
    expect((await search('søknad')).titles.sort()).toEqual([
      'Søknad om skoleskyss',
      'Søknader om permisjon – *****',
    ]);
  });

  it('finds an entry by its case title and by an unscreened correspondent', async () => {
    expect((await search('læremidler')).titles).toEqual(['Innkjøp av lærebøker til mellomtrinnet']);
    expect((await search('Bokhandelen')).titles).toEqual([
      'Innkjøp av lærebøker til mellomtrinnet',
    ]);
    expect((await search('Lise Åpenbar')).titles).toEqual([
      'Innkjøp av lærebøker til mellomtrinnet',
    ]);
  });
});

describe('Searching for a screened word finds nothing', () => {
  it.each(['Skjultnavn', 'Kari Skjultnavn', 'Skjultavsender', 'Hemmelig', 'Barnenavn'])(
    '"%s" gives no entry and a count of 0',
    async (word) => {
      expect(await search(word)).toEqual({ titles: [], total: 0 });
    },
  );
});

describe('Personal names stop matching a year after publication, while the entry stays', () => {
  it('an old personal name no longer matches; the organisation on the same post still does', async () => {
    expect(await search('Personsen')).toEqual({ titles: [], total: 0 });
    expect((await search('Kollektivtrafikk')).titles).toEqual(['Søknad om skoleskyss']);
    const all = await server.gql('{ publicJournal { edges { node { title correspondents } } } }');
    expect(all.body.data.publicJournal.edges).toContainEqual({
      node: {
        title: 'Søknad om skoleskyss',
        correspondents: ['Gammel Personsen', 'Agder Kollektivtrafikk AS'],
      },
    });
  });
});

describe('Search strings are data: they neither fail nor inject', () => {
  it.each([
    '"unterminated',
    "'; drop table journal_post; --",
    'a & b | !c <-> d',
    'søknad OR 1=1',
    '(((',
    '\\',
    '%_%',
    '🙂 søknad',
    'e\u0301',
    '\u0000søknad',
    'ﬁ',
    '-',
    'x'.repeat(200),
  ])('%j', async (text) => {
    const result = await search(text);
    expect(result.total).toBe(result.titles.length);
    expect(result.titles.every((t) => !t.includes('Skjult'))).toBe(true);
    const count = await server.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from journal_post');
    expect(count[0]?.n).toBe(4);
  });

  it('a search longer than 200 characters is BAD_USER_INPUT', async () => {
    const res = await server.gql(
      'query($q: String) { publicJournal(filter: { query: $q }) { totalCount } }',
      { q: 'x'.repeat(201) },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'query'] }],
    });
  });
});

describe('Counts and cursors see only the public form', () => {
  it('pages through every entry; no cursor decodes to anything screened', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: { text: string; body: any } = await server.gql(
        'query($after: String) { publicJournal(first: 1, after: $after) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const conn = res.body.data.publicJournal;
      expect(conn.totalCount).toBe(4);
      seen.push(...conn.edges.map((e: { node: { title: string } }) => e.node.title));
      for (const e of conn.edges) {
        expect(Buffer.from(e.cursor, 'base64url').toString('utf8')).not.toMatch(
          /Skjult|Hemmelig|Barnenavn/,
        );
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      'Klage på vedtak',
      'Innkjøp av lærebøker til mellomtrinnet',
      'Søknader om permisjon – *****',
      'Søknad om skoleskyss',
    ]);
  });

  it('filters by date range, type and legal basis', async () => {
    const res = await server.gql(
      '{ d: publicJournal(filter: { journalDate: { from: "2026-06-03", to: "2026-06-01" } }) { totalCount } }',
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'journalDate', 'from'], code: 'OUT_OF_RANGE' }],
    });
    // Two counts to an operation: each is an expensive statement of the public's cost limit.
    const ok = await server.gql(
      '{ a: publicJournal(filter: { journalDate: { from: "2026-06-02", to: "2026-06-03" } }) { totalCount } b: publicJournal(filter: { type: OUTGOING }) { totalCount } }',
    );
    expect(ok.body.data).toEqual({ a: { totalCount: 2 }, b: { totalCount: 0 } });
    const legalBasis = await server.gql(
      '{ c: publicJournal(filter: { legalBasis: "Offl. § 13 jf. fvl. § 13 første ledd nr. 1" }) { totalCount } }',
    );
    expect(legalBasis.body.data).toEqual({ c: { totalCount: 2 } });
  });
});
