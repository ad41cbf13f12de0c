import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus, WriteOffMethod } from '../../src/entities';
import { OFFENTLIG_JOURNAL } from '../exports/journalsSchemas';
import { parseCsv } from '../support/csv';
import { addLeakProbePosts, LEAK_SECRETS, PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';
import {
  checkSequence,
  childrenNamed,
  parseXml,
  textOf,
  validateAgainstXsd,
  XSD_DIR,
  type XmlElement,
} from '../support/xml';

/**
 * The public journal as Noark 5 offentlig journal XML (docs/noark5.md, "Offentlig journal and
 * løpende journal as XML"): the same entries as the CSV, built from the same public forms, in the
 * order and with the elements of offentligJournal.xsd.
 */
const TODAY = '2026-06-15';
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, text: await res.text() };
}

const entriesOf = (doc: XmlElement) => childrenNamed(doc, 'journalregistrering');
const postOf = (entry: XmlElement) => childrenNamed(entry, 'journalpost')[0]!;
const registryIds = (doc: XmlElement) =>
  entriesOf(doc).map((e) => textOf(postOf(e), 'registreringsID')!);
const countOf = (doc: XmlElement) =>
  Number(textOf(childrenNamed(doc, 'journalhode')[0]!, 'antallJournalposter'));

/** The document of `path`, checked against the schema's table, with its header's count. */
async function journal(server: TestServer, path: string) {
  const { res, text } = await get(server, path);
  expect(res.status, path).toBe(200);
  const doc = parseXml(text);
  expect(doc.name).toBe('offentligJournal');
  expect(doc.attributes.xmlns).toBe('http://www.arkivverket.no/standarder/noark5/offentligJournal');
  expect(checkSequence(doc, OFFENTLIG_JOURNAL), path).toEqual([]);
  expect(countOf(doc), `${path}: antallJournalposter is the number of entries`).toBe(
    entriesOf(doc).length,
  );
  return { res, text, doc };
}

describe('The XML follows offentligJournal.xsd: order, required elements, code lists', () => {
  let server: TestServer;
  let w: PublicWorld;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty', today: TODAY });
    servers.push(server);
    w = await new PublicWorld(server.orm.em.fork()).init();
    const letter = await w.post({
      journalDate: '2026-06-01',
      title: 'Søknad om skjenkebevilling – Kafé <Ærø> & co',
      correspondents: [{ name: 'Kafé Ærø AS', isPerson: false }, { name: 'Bjørn Åsheim' }],
    });
    const reply = await w.post({
      journalDate: '2026-06-02',
      title: 'Svar på søknad',
      type: JournalPostType.OUTGOING,
    });
    await server.orm.em
      .fork()
      .getConnection()
      .execute(
        `update journal_post set write_off_method = ?, write_off_date = '2026-06-02', write_off_reply_id = ? where id = ?`,
        [WriteOffMethod.REPLIED_BY_LETTER, reply.id, letter.id],
      );
    // Written off by a reply that is not published (a draft): the reference would name it.
    const unanswered = await w.post({ journalDate: '2026-06-02', title: 'Klage på vedtak' });
    const draft = await w.post({
      journalDate: '2026-06-02',
      title: 'Utkast til svar',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await server.orm.em
      .fork()
      .getConnection()
      .execute(
        `update journal_post set write_off_method = ?, write_off_date = '2026-06-02', write_off_reply_id = ? where id = ?`,
        [WriteOffMethod.REPLIED_BY_LETTER, draft.id, unanswered.id],
      );
    await w.post({
      journalDate: '2026-06-03',
      title: 'Elevmappe – {Ola Nordmann}',
      screened: true,
      correspondents: [{ name: 'Ola Nordmann', screened: true }],
    });
  });

  it('is an attachment offentlig-journal.xml, application/xml in UTF-8, with the security headers', async () => {
    const { res } = await journal(server, '/public-journal.xml');
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="offentlig-journal.xml"',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('has a journalhode with the period of its entries, their number and the arkivskaper', async () => {
    const { doc } = await journal(server, '/public-journal.xml');
    const head = childrenNamed(doc, 'journalhode')[0]!;
    expect(textOf(head, 'journalStartDato')).toBe('2026-06-01');
    expect(textOf(head, 'journalSluttDato')).toBe('2026-06-03');
    expect(textOf(head, 'antallJournalposter')).toBe('4');
    const creator = childrenNamed(head, 'arkivskaper')[0]!;
    expect(textOf(creator, 'arkivskaperNavn')).toBeTruthy();
    // A period asked for is the period stated, whatever the entries' dates.
    const asked = await journal(server, '/public-journal.xml?from=2026-05-01&to=2026-06-02');
    const askedHead = childrenNamed(asked.doc, 'journalhode')[0]!;
    expect(textOf(askedHead, 'journalStartDato')).toBe('2026-05-01');
    expect(textOf(askedHead, 'journalSluttDato')).toBe('2026-06-02');
    expect(countOf(asked.doc)).toBe(3);
  });

  it('writes the entry: saksmappe, the public title, correspondents by type, the write-off reference', async () => {
    const { doc, text } = await journal(server, '/public-journal.xml');
    expect(text).toContain('Kafé &lt;Ærø&gt; &amp; co');
    const byTitle = new Map(
      entriesOf(doc).map((e) => [textOf(postOf(e), 'offentligTittel'), e] as const),
    );
    const letter = byTitle.get('Søknad om skjenkebevilling – Kafé <Ærø> & co')!;
    const post = postOf(letter);
    const folder = childrenNamed(letter, 'saksmappe')[0]!;
    expect(textOf(post, 'registreringsID')).toBe(`${textOf(folder, 'mappeID')}-1`);
    expect(textOf(post, 'avskrivningsmaate')).toBe('Besvart med brev');
    expect(textOf(post, 'avskrivningsdato')).toBe('2026-06-02');
    const replyEntry = byTitle.get('Svar på søknad')!;
    expect(textOf(post, 'referanseAvskrivesAvJournalpost')).toBe(
      textOf(postOf(replyEntry), 'registreringsID'),
    );
    expect(
      childrenNamed(post, 'korrespondansepart').map((k) => [
        textOf(k, 'korrespondanseparttype'),
        textOf(k, 'korrespondansepartNavn'),
      ]),
    ).toEqual([
      ['Avsender', 'Kafé Ærø AS'],
      ['Avsender', 'Bjørn Åsheim'],
    ]);
    // A reply that is not published is not named, not even by its registry id.
    const unanswered = postOf(byTitle.get('Klage på vedtak')!);
    expect(textOf(unanswered, 'avskrivningsmaate')).toBe('Besvart med brev');
    expect(textOf(unanswered, 'referanseAvskrivesAvJournalpost')).toBeUndefined();
    // A post without a registered correspondent names its unit, the party on our side.
    const reply = childrenNamed(postOf(replyEntry), 'korrespondansepart');
    expect(reply.map((k) => textOf(k, 'korrespondanseparttype'))).toEqual(['Intern avsender']);
    expect(reply.map((k) => textOf(k, 'korrespondansepartNavn'))).toEqual(['Offentlig enhet']);
  });

  it('a screened post: its public title, ***** for the screened name, the legal basis', async () => {
    const { doc } = await journal(server, '/public-journal.xml');
    const screened = entriesOf(doc)
      .map(postOf)
      .find((p) => textOf(p, 'offentligTittel') === 'Elevmappe – *****')!;
    expect(textOf(screened, 'tilgangsrestriksjon')).toBe('Unntatt offentlighet');
    expect(textOf(screened, 'skjermingshjemmel')).toBe(
      'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
    );
    expect(
      childrenNamed(screened, 'korrespondansepart').map((k) => textOf(k, 'korrespondansepartNavn')),
    ).toEqual(['*****']);
  });

  it('no saksbehandler or saksansvarlig: the public form names no people', async () => {
    const { text } = await journal(server, '/public-journal.xml');
    expect(text).not.toContain('<saksbehandler>');
    expect(text).not.toContain('<saksansvarlig>');
  });

  it('an empty result is still a document: its header says 0 and names the period asked for', async () => {
    const { doc } = await journal(server, '/public-journal.xml?q=finnesikkeiheletatt');
    expect(countOf(doc)).toBe(0);
    expect(entriesOf(doc)).toEqual([]);
    const head = childrenNamed(doc, 'journalhode')[0]!;
    expect(textOf(head, 'journalStartDato')).toBe(TODAY);
    expect(textOf(head, 'seleksjon')).toBe('Søk: q=finnesikkeiheletatt');
    const typed = await journal(server, '/public-journal.xml?type=INCOMING&q=s%C3%B8knad');
    expect(textOf(childrenNamed(typed.doc, 'journalhode')[0]!, 'seleksjon')).toBe(
      'Søk: q=søknad, type=INCOMING',
    );
  });

  it('a mistake in the search is 400 with a plain message, as the CSV', async () => {
    const { res, text } = await get(server, '/public-journal.xml?from=2026-13-01');
    expect(res.status).toBe(400);
    expect(text).toContain('YYYY-MM-DD');
    expect(res.headers.get('cache-control')).toBeNull();
  });

  it('carries an ETag; asked again with it, the answer is 304 without a body', async () => {
    const first = await get(server, '/public-journal.xml?type=INCOMING');
    const etag = first.res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(server, '/public-journal.xml?type=INCOMING', {
      'if-none-match': etag!,
    });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe('');
    // Another format of the same search is another representation.
    const csv = await get(server, '/public-journal.csv?type=INCOMING');
    expect(csv.res.headers.get('etag')).not.toBe(etag);
  });

  it.skipIf(!XSD_DIR)(
    'is valid against offentligJournal.xsd (set NOARK5_XSD_DIR to validate against Arkivverket’s XSD)',
    async () => {
      const { text } = await journal(server, '/public-journal.xml');
      const result = await validateAgainstXsd(text, 'offentligJournal.xsd')!;
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );
});

describe('Leak probes: nothing screened or private is in the XML, on either path, with any filter', () => {
  /** The secrets of the CSV's probes (downloads.test.ts): screened words and names, addresses, the handler. */
  let server: TestServer;
  let org: string;

  beforeAll(async () => {
    server = await startTestServer({ data: 'empty', today: TODAY });
    servers.push(server);
    const w = await new PublicWorld(server.orm.em.fork()).init();
    await addLeakProbePosts(w, TODAY);
    const [row] = await server.orm.em
      .fork()
      .getConnection()
      .execute<{ short_name: string }[]>('select short_name from organisation');
    org = row!.short_name;
  });

  async function probe(path: string): Promise<XmlElement> {
    const { text, doc } = await journal(server, path);
    for (const secret of LEAK_SECRETS)
      expect(text, `${path} carries ${secret}`).not.toContain(secret);
    return doc;
  }

  const paths = () => ['/public-journal.xml', `/journal/${org}/public-journal.xml`];

  it('the whole journal shows the public forms only', async () => {
    for (const path of paths()) {
      const doc = await probe(path);
      expect(entriesOf(doc).length, path).toBe(2);
      const text = JSON.stringify(doc);
      expect(text).toContain('*****');
      expect(text).toContain('ZZOPENNAME');
    }
  });

  it('searching for a screened word or name finds nothing, and says nothing', async () => {
    for (const word of [
      'zzleaktitle',
      'zzleakname',
      'zzleakcase',
      'zzleakdraft',
      'zzleaknote',
      'zzleakfuture',
      'hemmelig',
    ]) {
      for (const path of paths()) {
        const doc = await probe(`${path}?q=${word}`);
        expect(entriesOf(doc).length, `${path}?q=${word}`).toBe(0);
        expect(countOf(doc)).toBe(0);
      }
    }
    for (const path of paths()) {
      expect(entriesOf(await probe(`${path}?q=zzopenword`)).length).toBe(1);
      expect(entriesOf(await probe(`${path}?q=zzopenname`)).length).toBe(1);
    }
  });

  it('the other filters (period, type, legal basis) leak nothing either', async () => {
    const legal = encodeURIComponent('Offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    for (const path of paths()) {
      expect(entriesOf(await probe(`${path}?from=2026-06-01&to=2026-06-01`)).length).toBe(1);
      expect(entriesOf(await probe(`${path}?type=INTERNAL_FOLLOW_UP`)).length).toBe(0);
      expect(entriesOf(await probe(`${path}?legalBasis=${legal}`)).length).toBe(1);
    }
  });
});

describe('The same filters give the same entries as the CSV, per organisation', () => {
  let server: TestServer;
  const csvIds = async (path: string) => {
    const { res, text } = await get(server, path);
    expect(res.status, path).toBe(200);
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''), ';');
    const column = header!.indexOf('Journalpost');
    expect(column, 'the CSV has a Journalpost column').toBeGreaterThanOrEqual(0);
    return rows.map((r) => r[column]!);
  };

  beforeAll(async () => {
    server = await startTestServer({ data: 'municipalities' });
    servers.push(server);
  });

  it('for every filter of the CSV, the XML has the same registry ids in the same order', async () => {
    for (const org of ['vennesla', 'iveland']) {
      for (const search of ['', '?type=INCOMING', '?q=søknad', '?from=2025-01-01&to=2025-12-31']) {
        const xml = await journal(server, `/journal/${org}/public-journal.xml${search}`);
        const csv = await csvIds(`/journal/${org}/public-journal.csv${search}`);
        expect(registryIds(xml.doc), `${org}${search}`).toEqual(csv);
      }
    }
  });

  it("Iveland's journal never shows Vennesla's entries, nor the other way round", async () => {
    const vennesla = await journal(server, '/journal/vennesla/public-journal.xml');
    const iveland = await journal(server, '/journal/iveland/public-journal.xml');
    expect(entriesOf(vennesla.doc).length).toBeGreaterThan(0);
    expect(entriesOf(iveland.doc).length).toBeGreaterThan(0);
    const systemIds = (doc: XmlElement) => entriesOf(doc).map((e) => textOf(postOf(e), 'systemID'));
    const theirs = new Set(systemIds(vennesla.doc));
    expect(systemIds(iveland.doc).filter((id) => theirs.has(id))).toEqual([]);
    const creator = (doc: XmlElement) =>
      textOf(
        childrenNamed(childrenNamed(doc, 'journalhode')[0]!, 'arkivskaper')[0]!,
        'arkivskaperNavn',
      );
    expect(creator(vennesla.doc)).toMatch(/Vennesla/);
    expect(creator(iveland.doc)).toMatch(/Iveland/);
  });
});
