import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRST_ARCHIVE_ID,
  FIRST_ARCHIVE_PART_ID,
} from '../../src/db/migrations/Migration20261202070000_archive_parts';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';
import { InsightWorld, type Made, TODAY } from '../insight/world';

/**
 * Two organisations (arkivskapere) in one installation, each with its own public journal: the
 * first (short name `arkiv`) publishes one post, Bygland (`bygland`) two. Neither journal shows,
 * counts, finds or accepts anything of the other; an insight request naming posts of both becomes
 * one request for each, with a reference of its own, seen only by that organisation's handlers.
 */
let server: TestServer;
let a: InsightWorld;
let b: InsightWorld;
let postA: Made;
let postsB: Made[];
let bId: string;

const A = 'arkiv';
const B = 'bygland';

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  a = await new InsightWorld(server).init();
  postA = await a.post({ title: 'Søknad om skoleskyss Nordbygda' });
  bId = await createTestOrganisation(server.orm, { shortName: B, name: 'Bygland kommune' });
  await inOrganisation(server.orm.em, bId, async (em) => {
    // Its own archive and archive part, with the ids a new case takes by default.
    await em.execute(
      `insert into archive (id, title, records_creator_name, created_at) values (?, 'Arkiv', 'Bygland kommune', now())`,
      [FIRST_ARCHIVE_ID],
    );
    await em.execute(
      `insert into archive_part (id, archive_id, title, status, period_start, created_at)
       values (?, ?, 'Sakarkiv', 'ACTIVE', date '2020-01-01', now())`,
      [FIRST_ARCHIVE_PART_ID, FIRST_ARCHIVE_ID],
    );
    b = await new InsightWorld(server, em).init();
    postsB = [
      await b.post({ title: 'Byggesøknad Fjellstølen' }),
      await b.post({ title: 'Byggesøknad Fjellstølen hytte 2' }),
    ];
  });
});
afterAll(() => server?.close());

const JOURNAL = `query J($org: String, $q: String, $after: String) {
  publicJournal(organisation: $org, filter: { query: $q }, after: $after) {
    totalCount edges { node { id title } } pageInfo { endCursor }
  }
}`;

const titles = (res: { body: any }) =>
  (res.body.data.publicJournal.edges as { node: { title: string } }[]).map((e) => e.node.title);

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

describe('/journal lists the organisations, each a link to its own journal', () => {
  it('links to both, by name', async () => {
    const res = await get('/journal');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<a href="/journal/${A}">Arkivskaper</a>`);
    expect(html).toContain(`<a href="/journal/${B}">Bygland kommune</a>`);
    expect(html).not.toContain('Byggesøknad');
  });

  it('the old download paths name no journal where there are several: 404', async () => {
    expect((await get('/public-journal.csv')).status).toBe(404);
  });

  it('an unknown organisation is 404, as a path that does not exist', async () => {
    expect((await get('/journal/finnesikke')).status).toBe(404);
    expect((await get('/journal/finnesikke/public-journal.csv')).status).toBe(404);
  });
});

describe("/journal/{org} and its downloads show that organisation's posts and no other's", () => {
  it('the page names the organisation and shows its posts only', async () => {
    const html = await (await get(`/journal/${B}`)).text();
    expect(html).toContain('Bygland kommune');
    expect(html).toContain('Byggesøknad Fjellstølen');
    expect(html).not.toContain('skoleskyss');
    expect(html).toContain(`action="/journal/${B}/innsyn"`);
    expect(html).toContain(`href="/journal/${B}/public-journal.csv"`);
    const own = await (await get(`/journal/${A}`)).text();
    expect(own).toContain('skoleskyss');
    expect(own).not.toContain('Byggesøknad');
  });

  it('CSV, JSON and Atom hold its entries only', async () => {
    const csv = await (await get(`/journal/${A}/public-journal.csv`)).text();
    expect(csv).toContain('skoleskyss');
    expect(csv).not.toContain('Byggesøknad');
    expect(csv.trim().split('\n')).toHaveLength(2);
    const json = (await (await get(`/journal/${B}/public-journal.json`)).json()) as unknown[];
    expect(json.map((e: any) => e.title).sort()).toEqual([
      'Byggesøknad Fjellstølen',
      'Byggesøknad Fjellstølen hytte 2',
    ]);
    const atom = await (await get(`/journal/${B}/public-journal.atom`)).text();
    expect(atom).toContain('Byggesøknad Fjellstølen');
    expect(atom).not.toContain('skoleskyss');
  });

  it('the old paths answer for the organisation X-Organisation names', async () => {
    const csv = await (await get('/public-journal.csv', { 'x-organisation': B })).text();
    expect(csv).toContain('Byggesøknad');
    expect(csv).not.toContain('skoleskyss');
  });

  it('the ETags of the two journals differ', async () => {
    const [ea, eb] = await Promise.all([
      get(`/journal/${A}/public-journal.csv`).then((r) => r.headers.get('etag')),
      get(`/journal/${B}/public-journal.csv`).then((r) => r.headers.get('etag')),
    ]);
    expect(ea).toBeTruthy();
    expect(ea).not.toBe(eb);
  });
});

describe('publicJournal(organisation:) reads that organisation’s journal alone', () => {
  it('b gives b’s entries and count, a gives a’s', async () => {
    const rb = await server.gql(JOURNAL, { org: B });
    expect(rb.body.errors).toBeUndefined();
    expect(titles(rb).sort()).toEqual([
      'Byggesøknad Fjellstølen',
      'Byggesøknad Fjellstølen hytte 2',
    ]);
    expect(rb.body.data.publicJournal.totalCount).toBe(2);
    const ra = await server.gql(JOURNAL, { org: A });
    expect(titles(ra)).toEqual(['Søknad om skoleskyss Nordbygda']);
    expect(ra.body.data.publicJournal.totalCount).toBe(1);
  });

  it('the X-Organisation header names it when the argument does not', async () => {
    const res = await server.gql(JOURNAL, {}, { headers: { 'x-organisation': B } });
    expect(res.body.data.publicJournal.totalCount).toBe(2);
  });

  it('search in a never matches b’s words, nor counts them', async () => {
    const res = await server.gql(JOURNAL, { org: A, q: 'Fjellstølen' });
    expect(res.body.data.publicJournal).toMatchObject({ totalCount: 0, edges: [] });
    const page = await (await get(`/journal/${A}?q=Fjellst%C3%B8len`)).text();
    expect(page).not.toContain('Byggesøknad');
  });

  it('a cursor of b used with a leads to a’s entries only', async () => {
    const first = await server.gql(JOURNAL, { org: B });
    const cursor = first.body.data.publicJournal.pageInfo.endCursor as string;
    const res = await server.gql(JOURNAL, { org: A, after: cursor });
    expect(res.body.errors).toBeUndefined();
    expect(titles(res).every((t) => !t.includes('Byggesøknad'))).toBe(true);
  });

  it('without an organisation, where there are several, the argument is required', async () => {
    const res = await server.gql(JOURNAL, {});
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((res.body.errors?.[0]?.extensions?.fieldErrors as any)[0].path).toEqual([
      'organisation',
    ]);
  });

  it('an unknown organisation is NOT_FOUND', async () => {
    const res = await server.gql(JOURNAL, { org: 'finnesikke' });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

const SUBMIT = `mutation S($ids: [ID!]!) {
  submitInsightRequest(input: { entryIds: $ids, requesterEmail: "kari@example.no" }) {
    reference organisation organisationName
    otherReceipts { reference organisation organisationName otherReceipts { reference } }
  }
}`;

const STATUS = `query S($r: String!, $org: String) {
  insightRequestStatus(reference: $r, organisation: $org) { reference items { title } }
}`;

const LIST = '{ insightRequests { edges { node { items { journalPost { title } } } } } }';

describe('An insight request goes to the organisation that publishes the posts', () => {
  it('posts of a and b become two requests, each with its own receipt, seen by its own handlers', async () => {
    const res = await server.gql(SUBMIT, { ids: [postA.entryId, postsB[0]!.entryId] });
    expect(res.body.errors).toBeUndefined();
    const receipt = res.body.data.submitInsightRequest;
    expect(receipt.organisation).toBe(A);
    expect(receipt.otherReceipts).toHaveLength(1);
    const other = receipt.otherReceipts[0];
    expect(other).toMatchObject({ organisation: B, organisationName: 'Bygland kommune' });
    expect(other.reference).not.toBe(receipt.reference);

    const inB = await server.gql(STATUS, { r: other.reference, org: B });
    expect(inB.body.data.insightRequestStatus.items).toEqual([
      { title: 'Byggesøknad Fjellstølen' },
    ]);
    // A reference is looked up in its own organisation only.
    const inA = await server.gql(STATUS, { r: other.reference, org: A });
    expect(inA.body.data.insightRequestStatus).toBeNull();

    const handlerA = await server.gql(
      LIST,
      {},
      {
        token: await server.tokenFor('in.arkivar'),
        headers: { 'x-organisation': A },
      },
    );
    expect(handlerA.body.errors).toBeUndefined();
    expect(handlerA.body.data.insightRequests.edges).toEqual([
      { node: { items: [{ journalPost: { title: 'Søknad om skoleskyss Nordbygda' } }] } },
    ]);
    const handlerB = await server.gql(
      LIST,
      {},
      {
        token: await server.tokenFor('in.arkivar'),
        headers: { 'x-organisation': B },
      },
    );
    expect(handlerB.body.data.insightRequests.edges).toEqual([
      { node: { items: [{ journalPost: { title: 'Byggesøknad Fjellstølen' } }] } },
    ]);
  });

  it("the form of a's journal refuses b's entry as it refuses one that does not exist", async () => {
    const form = (entryId: string) =>
      fetch(`${server.url}/journal/${A}/innsyn`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ entryId, email: 'kari@example.no' }).toString(),
      });
    const ofB = await form(postsB[1]!.entryId);
    const unknown = await form(
      Buffer.from('PublicJournalEntry:00000000-0000-4000-8000-00000000abcd').toString('base64url'),
    );
    expect(ofB.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(await ofB.text()).toBe(await unknown.text());
  });

  it("the form of b's journal takes b's entry, and the receipt names b", async () => {
    const posted = await fetch(`${server.url}/journal/${B}/innsyn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        entryId: postsB[1]!.entryId,
        email: 'kari@example.no',
      }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/journal/${B}/innsyn/kvittering`);
    const res = await fetch(`${server.url}${posted.headers.get('location')}`, {
      headers: { cookie: posted.headers.get('set-cookie')!.split(';')[0]! },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Bygland kommune');
    expect(html).toContain(`action="/journal/${B}/innsyn/status"`);
  });

  it('an entry published nowhere is refused as before, for either organisation', async () => {
    const res = await server.gql(SUBMIT, {
      ids: [
        Buffer.from('PublicJournalEntry:00000000-0000-4000-8000-00000000abcd').toString(
          'base64url',
        ),
      ],
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((res.body.errors?.[0]?.extensions?.fieldErrors as any)[0].code).toBe(
      'UNKNOWN_REFERENCE',
    );
  });
});
