import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case, JournalPost, JournalPostType, JournalStatus, Unit, User } from '../../src/entities';
import { MARKER } from '../support/fixtures';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Search as journalists use it (docs/public-journal.md, "Search and filters"): numbers on their
 * columns, prefixes, phrases and exclusion; the orders with keyset paging both ways; the filters
 * of the page and `?type=` by Noark code. Every rule over the public form only.
 */
const TODAY = '2026-06-15';
const LEGAL_BASIS = 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1';
let server: TestServer;
let w: PublicWorld;
/** The case of three documents about school transport, and the screened post's case */
let schoolCase: string;
let screenedCase: string;
let seq = 0;

/** A further document of `post`'s case, numbered `documentNumber`. */
async function addDocument(
  post: JournalPost,
  documentNumber: number,
  journalDate: string,
  title: string,
  type = JournalPostType.INCOMING,
): Promise<void> {
  const em = server.orm.em.fork();
  seq += 1;
  em.create(JournalPost, {
    case: em.getReference(Case, post.case.id),
    documentNumber,
    journalYear: 2026,
    journalSequenceNumber: 2000 + seq,
    type,
    status: JournalStatus.REGISTERED,
    title,
    publicTitle: title,
    journalDate,
    responsible: em.getReference(User, w.handler.id),
    responsibleUnit: em.getReference(Unit, w.unit.id),
    createdBy: em.getReference(User, w.handler.id),
  });
  await em.flush();
}

async function documentDate(title: string, date: string): Promise<void> {
  await server.orm.em
    .fork()
    .getConnection()
    .execute('update journal_post set document_date = ? where title = ?', [date, title]);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new PublicWorld(server.orm.em.fork()).init();
  const school = await w.post({ journalDate: '2026-06-01', title: 'Søknad om skoleskyss' });
  await addDocument(school, 2, '2026-06-03', 'Vedtak om skoleskyss', JournalPostType.OUTGOING);
  await addDocument(school, 3, '2026-06-05', 'Klage på vedtak om skoleskyss');
  schoolCase = `2026/${school.journalSequenceNumber}`;
  await w.post({ journalDate: '2026-06-02', title: 'Skolebygg – anbud på tak' });
  await w.post({ journalDate: '2026-06-04', title: 'Byggesak Storgata 5' });
  await w.post({ journalDate: '2026-05-29', title: 'Skoleskyss: skoleskyss for elever' });
  const screened = await w.post({
    journalDate: '2026-06-02',
    title: `Skoleskyss – {${MARKER}skjult skoleskyss skoleskyss}`,
    screened: true,
  });
  screenedCase = `2026/${screened.journalSequenceNumber}`;
  await documentDate('Søknad om skoleskyss', '2026-05-20');
  await documentDate('Vedtak om skoleskyss', '2026-06-02');
  await documentDate('Byggesak Storgata 5', '2026-01-10');
});
afterAll(() => server?.close());

const ENTRY = 'registryId title journalDate documentDate type legalBasis';

interface Found {
  titles: string[];
  registryIds: string[];
  total: number;
}

/** The public journal as GraphQL gives it; the marker never appears in the answer. */
async function find(
  filter: Record<string, unknown>,
  orderBy?: Record<string, unknown>,
): Promise<Found> {
  const res = await server.gql(
    `query($filter: PublicJournalFilter, $orderBy: PublicJournalOrder) {
      publicJournal(filter: $filter, orderBy: $orderBy, first: 10) { totalCount nodes { ${ENTRY} } } }`,
    { filter, orderBy },
  );
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.text).not.toContain(MARKER);
  const conn = res.body.data.publicJournal;
  return {
    titles: conn.nodes.map((n: { title: string }) => n.title),
    registryIds: conn.nodes.map((n: { registryId: string }) => n.registryId),
    total: conn.totalCount,
  };
}

const search = (query: string, orderBy?: Record<string, unknown>) => find({ query }, orderBy);

const ALL_NEWEST_FIRST = [
  'Klage på vedtak om skoleskyss',
  'Byggesak Storgata 5',
  'Vedtak om skoleskyss',
  'Skoleskyss – *****',
  'Skolebygg – anbud på tak',
  'Søknad om skoleskyss',
  'Skoleskyss: skoleskyss for elever',
];

describe('A case number finds the public entries of the case', () => {
  it('2026/…: every document of the case, newest first, and nothing else', async () => {
    const found = await search(schoolCase);
    expect(found.titles).toEqual([
      'Klage på vedtak om skoleskyss',
      'Vedtak om skoleskyss',
      'Søknad om skoleskyss',
    ]);
    expect(found.total).toBe(3);
  });

  it('a case number that does not exist finds nothing', async () => {
    expect(await search('2026/999999')).toEqual({ titles: [], registryIds: [], total: 0 });
  });
});

describe('A registry id finds the one entry', () => {
  it('2026/…-2 is the second document of the case', async () => {
    const found = await search(`${schoolCase}-2`);
    expect(found).toEqual({
      titles: ['Vedtak om skoleskyss'],
      registryIds: [`${schoolCase}-2`],
      total: 1,
    });
    expect((await search(`${schoolCase}-9`)).total).toBe(0);
  });
});

describe('A registry id with * finds every entry of the case', () => {
  it('2026/…-* is the same as the case number', async () => {
    expect(await search(`${schoolCase}-*`)).toEqual(await search(schoolCase));
  });
});

describe('A word ending in * finds words beginning so', () => {
  it('skole* finds skolebygg and skoleskyss; skole alone finds neither', async () => {
    expect((await search('skole')).total).toBe(0);
    expect((await search('skole*')).titles).toEqual([
      'Klage på vedtak om skoleskyss',
      'Vedtak om skoleskyss',
      'Skoleskyss – *****',
      'Skolebygg – anbud på tak',
      'Søknad om skoleskyss',
      'Skoleskyss: skoleskyss for elever',
    ]);
    expect((await search('skolebyg*')).titles).toEqual(['Skolebygg – anbud på tak']);
  });
});

describe('A phrase in quotes finds its words in that order', () => {
  it('"vedtak om skoleskyss" matches; the same words the other way round do not', async () => {
    expect((await search('"vedtak om skoleskyss"')).titles).toEqual([
      'Klage på vedtak om skoleskyss',
      'Vedtak om skoleskyss',
    ]);
    expect((await search('"skoleskyss vedtak"')).total).toBe(0);
    expect((await search('skoleskyss vedtak')).total).toBe(2);
  });
});

describe('Only exclusions: every entry except those matching', () => {
  it('-skoleskyss leaves out every entry with the word in its public form', async () => {
    const found = await search('-skoleskyss');
    expect(found.titles).toEqual(['Byggesak Storgata 5', 'Skolebygg – anbud på tak']);
    expect(found.total).toBe(2);
  });

  it('-skole* leaves out words beginning so; -"phrase" the phrase; -2026/… a case', async () => {
    expect((await search('-skole*')).titles).toEqual(['Byggesak Storgata 5']);
    expect((await search('-"vedtak om skoleskyss"')).total).toBe(5);
    expect((await search(`-${schoolCase}`)).total).toBe(4);
  });
});

describe('A word and an exclusion: the word, without the excluded', () => {
  it('skoleskyss -klage', async () => {
    expect((await search('skoleskyss -klage')).titles).toEqual([
      'Vedtak om skoleskyss',
      'Skoleskyss – *****',
      'Søknad om skoleskyss',
      'Skoleskyss: skoleskyss for elever',
    ]);
  });

  it('a case number and an exclusion: the case without the excluded', async () => {
    expect((await search(`${schoolCase} -klage`)).titles).toEqual([
      'Vedtak om skoleskyss',
      'Søknad om skoleskyss',
    ]);
  });
});

type Order = { field: string; direction?: string };

/** Every entry in `order`, paged forwards two at a time, then backwards from the end. */
async function walk(order: Order, query?: string): Promise<{ forward: string[]; back: string[] }> {
  const page = async (args: Record<string, unknown>) => {
    const res = await server.gql(
      `query($orderBy: PublicJournalOrder, $filter: PublicJournalFilter, $first: Int, $after: String, $last: Int, $before: String) {
        publicJournal(orderBy: $orderBy, filter: $filter, first: $first, after: $after, last: $last, before: $before) {
          nodes { title } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { orderBy: order, filter: { query }, ...args },
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.text).not.toContain(MARKER);
    return res.body.data.publicJournal;
  };
  const forward: string[] = [];
  let after: string | null = null;
  for (;;) {
    const p = await page({ first: 2, after });
    forward.push(...p.nodes.map((n: { title: string }) => n.title));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  const back: string[] = [];
  let before: string | null = null;
  for (;;) {
    const p = await page(before ? { last: 2, before } : { last: 2 });
    back.unshift(...p.nodes.map((n: { title: string }) => n.title));
    if (!p.pageInfo.hasPreviousPage) break;
    before = p.pageInfo.startCursor;
  }
  return { forward, back };
}

describe('Each order pages the same entries forwards and backwards', () => {
  it('journal date, newest first (the default) and oldest first', async () => {
    const newest = await walk({ field: 'JOURNAL_DATE' });
    expect(newest.forward).toEqual(ALL_NEWEST_FIRST);
    expect(newest.back).toEqual(ALL_NEWEST_FIRST);
    const oldest = await walk({ field: 'JOURNAL_DATE', direction: 'ASC' });
    expect(oldest.forward).toEqual([...ALL_NEWEST_FIRST].reverse());
    expect(oldest.back).toEqual(oldest.forward);
  });

  it('document date both ways, undated entries last both ways', async () => {
    const dated = ['Vedtak om skoleskyss', 'Søknad om skoleskyss', 'Byggesak Storgata 5'];
    const undated = ALL_NEWEST_FIRST.filter((t) => !dated.includes(t));
    const newest = await walk({ field: 'DOCUMENT_DATE' });
    expect(newest.forward).toEqual([...dated, ...undated]);
    expect(newest.back).toEqual(newest.forward);
    const oldest = await walk({ field: 'DOCUMENT_DATE', direction: 'ASC' });
    expect(oldest.forward).toEqual([...dated].reverse().concat([...undated].reverse()));
    expect(oldest.back).toEqual(oldest.forward);
  });

  it('relevance: the most occurrences in the public title first, ties by journal date', async () => {
    const best = await walk({ field: 'RELEVANCE' }, 'skoleskyss');
    expect(best.forward).toEqual([
      'Skoleskyss: skoleskyss for elever',
      'Klage på vedtak om skoleskyss',
      'Vedtak om skoleskyss',
      'Skoleskyss – *****',
      'Søknad om skoleskyss',
    ]);
    expect(best.back).toEqual(best.forward);
    const worst = await walk({ field: 'RELEVANCE', direction: 'ASC' }, 'skoleskyss');
    expect(worst.forward).toEqual([...best.forward].reverse());
  });
});

describe('A cursor from one order is refused in another', () => {
  it('BAD_USER_INPUT at `after` (or `before`), never a 500', async () => {
    const cursorOf = async (orderBy: Order | null) => {
      const res = await server.gql(
        'query($orderBy: PublicJournalOrder) { publicJournal(orderBy: $orderBy, first: 1) { pageInfo { endCursor } } }',
        { orderBy },
      );
      return res.body.data.publicJournal.pageInfo.endCursor as string;
    };
    const orders: (Order | null)[] = [
      null,
      { field: 'JOURNAL_DATE', direction: 'ASC' },
      { field: 'DOCUMENT_DATE' },
      { field: 'DOCUMENT_DATE', direction: 'ASC' },
      { field: 'RELEVANCE' },
    ];
    const cursors = await Promise.all(orders.map(cursorOf));
    for (const [i, from] of orders.entries()) {
      for (const [j, to] of orders.entries()) {
        if (i === j) continue;
        for (const name of ['after', 'before']) {
          const res = await server.gql(
            `query($orderBy: PublicJournalOrder, $c: String) { publicJournal(orderBy: $orderBy, ${name}: $c) { totalCount } }`,
            { orderBy: to, c: cursors[i] },
          );
          expect(
            res.body.errors?.[0]?.extensions,
            `${JSON.stringify(from)} → ${JSON.stringify(to)}`,
          ).toMatchObject({
            code: 'BAD_USER_INPUT',
            fieldErrors: [{ path: [name], code: 'INVALID_FORMAT' }],
          });
        }
      }
    }
  });

  it('on the page: 400 in Norwegian, with the search kept', async () => {
    // The cursor of the oldest-first order, as its page would link it.
    const res = await server.gql(
      '{ publicJournal(orderBy: { field: JOURNAL_DATE, direction: ASC }, first: 1) { pageInfo { endCursor } } }',
    );
    const cursor = res.body.data.publicJournal.pageInfo.endCursor as string;
    const same = await fetch(
      `${server.url}/journal?q=skoleskyss&sort=eldste&after=${encodeURIComponent(cursor)}`,
    );
    expect(same.status).toBe(200);
    const other = await fetch(
      `${server.url}/journal?q=skoleskyss&sort=relevans&after=${encodeURIComponent(cursor)}`,
    );
    expect(other.status).toBe(400);
    const html = await other.text();
    expect(html).toContain('Lenken til neste side er ikke gyldig. Begynn på første side.');
    expect(html).toContain('value="skoleskyss"');
  });
});

describe('The page pages forwards and backwards in its order', () => {
  it('next, previous and first page keep the search and the order', async () => {
    const titlesOf = (html: string) =>
      [...html.matchAll(/<h2 id="tittel-[^"]*">([\s\S]*?)<\/h2>/g)].map((m) =>
        m[1]!.replace(/<[^>]*>/g, ''),
      );
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path.replace(/&amp;/g, '&')}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const link = (html: string, rel: string) =>
      new RegExp(`<a rel="${rel}" href="([^"]*)"`).exec(html)?.[1];
    // 25 entries a page: enough entries for two pages in the oldest-first order.
    for (let i = 0; i < 20; i++) {
      await w.post({ journalDate: '2026-04-01', title: `Rutinesak ${i}` });
    }
    const first = await get('/journal?sort=eldste');
    expect(link(first, 'prev')).toBeUndefined();
    const next = link(first, 'next')!;
    expect(next).toContain('sort=eldste');
    const second = await get(next);
    expect(titlesOf(second).at(-1)).toBe('Klage på vedtak om skoleskyss');
    const previous = link(second, 'prev')!;
    expect(previous).toContain('sort=eldste');
    expect(previous).toContain('before=');
    const back = await get(previous);
    expect(titlesOf(back)).toEqual(titlesOf(first));
    expect(link(back, 'prev')).toBeUndefined();
    expect(link(back, 'next')).toBe(next);
    await server.orm.em
      .fork()
      .getConnection()
      .execute("delete from journal_post where title like 'Rutinesak %'");
  });
});

describe('Legal basis filter: only entries screened under it', () => {
  it('on the page and in GraphQL', async () => {
    const found = await find({ legalBasis: LEGAL_BASIS });
    expect(found.titles).toEqual(['Skoleskyss – *****']);
    const res = await fetch(`${server.url}/journal?legalBasis=${encodeURIComponent(LEGAL_BASIS)}`);
    const html = await res.text();
    expect(html).toContain('1 oppføring');
    expect(html).toContain(`<option value="${LEGAL_BASIS}">`);
    expect(html).not.toContain(MARKER);
  });
});

describe('Document date filter', () => {
  it('keeps the entries dated in the range; undated ones fall outside', async () => {
    const found = await find({ documentDate: { from: '2026-05-01', to: '2026-06-30' } });
    expect(found.titles).toEqual(['Vedtak om skoleskyss', 'Søknad om skoleskyss']);
    const res = await fetch(`${server.url}/journal?documentFrom=2026-05-01&documentTo=2026-04-01`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Dokumentdato til må være en gyldig dato');
  });
});

describe('URL filters accept the Noark codes: ?type=U', () => {
  it.each([
    '/journal',
    '/public-journal.csv',
    '/public-journal.json',
    '/public-journal.atom',
    '/public-journal.xml',
  ])('%s takes U as OUTGOING, and u, and the name', async (path) => {
    // One after another: the XML holds a cursor slot while it is read.
    const bodies: string[] = [];
    for (const type of ['U', 'u', 'OUTGOING']) {
      const res = await fetch(`${server.url}${path}?type=${type}`);
      expect(res.status).toBe(200);
      bodies.push(await res.text());
    }
    for (const body of bodies) {
      expect(body).toContain('Vedtak om skoleskyss');
      expect(body).not.toContain('Søknad om skoleskyss');
    }
    if (path === '/public-journal.json') expect(bodies[1]).toBe(bodies[0]);
  });

  it('an unknown code is 400', async () => {
    const res = await fetch(`${server.url}/public-journal.json?type=Q`);
    expect(res.status).toBe(400);
    const page = await fetch(`${server.url}/journal?type=Q`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Dokumenttypen finnes ikke');
  });
});

describe('Leak probe: a screened title word never matches, counts or orders', () => {
  it('the marker word finds nothing, and leaving it out changes neither count nor order', async () => {
    expect(await search(`${MARKER}skjult`)).toEqual({ titles: [], registryIds: [], total: 0 });
    expect((await search(`${MARKER}skj*`)).total).toBe(0);
    expect((await search(`"${MARKER}skjult skoleskyss"`)).total).toBe(0);
    const all = await find({});
    const without = await search(`-${MARKER}skjult`);
    expect(without).toEqual(all);
    expect(without.titles).toEqual(ALL_NEWEST_FIRST);
  });

  it('a screened post found by its case number shows only its public form', async () => {
    const found = await search(screenedCase);
    expect(found.titles).toEqual(['Skoleskyss – *****']);
    const page = await fetch(`${server.url}/journal?q=${encodeURIComponent(screenedCase)}`);
    const html = await page.text();
    expect(html).toContain('Skoleskyss –');
    expect(html).not.toContain(MARKER);
  });
});
