import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PublicJournalSettings } from '../../src/config';
import { JournalPostType } from '../../src/entities';
import { loependeJournalXml, offentligJournalXml } from '../../src/exports/journals';
import { type ArchivePartScope } from '../../src/exports/scope';
import { FIRST_ORGANISATION_ID, inOrganisation } from '../support/organisations';
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
import { LOEPENDE_JOURNAL, OFFENTLIG_JOURNAL } from './journalsSchemas';

/**
 * The løpende journal (loependeJournal.xsd) for archivists, over HTTP and in the deposit package,
 * and the package's offentlig journal: the posts of one archive part (docs/noark5.md).
 */
const CLOSED_PART = '00000000-0000-4000-8000-00000000a100';
const SCOPE: ArchivePartScope = {
  organisationId: FIRST_ORGANISATION_ID,
  archivePartId: CLOSED_PART,
};
const SETTINGS: PublicJournalSettings = {
  types: [JournalPostType.INCOMING, JournalPostType.OUTGOING],
  delayWorkdays: 0,
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return server.orm.em.fork().getConnection().execute<T[]>(text, params);
}

const entriesOf = (doc: XmlElement) => childrenNamed(doc, 'journalregistrering');
const postOf = (entry: XmlElement) => childrenNamed(entry, 'journalpost')[0]!;
const systemIds = (doc: XmlElement) => entriesOf(doc).map((e) => textOf(postOf(e), 'systemID')!);
const countOf = (doc: XmlElement) =>
  Number(textOf(childrenNamed(doc, 'journalhode')[0]!, 'antallJournalposter'));

async function loepende(path: string, username?: string) {
  const headers: Record<string, string> = username
    ? { authorization: `Bearer ${await server.tokenFor(username)}` }
    : {};
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, text: await res.text() };
}

/** A whole document of a package writer, run as the package runs it: in one transaction of the organisation. */
function written(make: (em: Parameters<typeof loependeJournalXml>[0]) => AsyncGenerator<string>) {
  return inOrganisation(server.orm.em, SCOPE.organisationId, async (em) => {
    let text = '';
    for await (const chunk of make(em)) text += chunk;
    return text;
  });
}

const PERIOD = '?from=2000-01-01&to=2100-12-31';

describe('Only archivists read the løpende journal over HTTP', () => {
  it('without a token: 401 UNAUTHENTICATED', async () => {
    const { res, text } = await loepende(`/archive/loepende-journal.xml${PERIOD}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a case handler: 403 FORBIDDEN, and nothing is recorded', async () => {
    const before = await rows<{ n: string }>(
      `select count(*) as n from audit_event where action = 'journal.readFull'`,
    );
    const { res, text } = await loepende(`/archive/loepende-journal.xml${PERIOD}`, 'saksbehandler');
    expect(res.status).toBe(403);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('FORBIDDEN');
    const after = await rows<{ n: string }>(
      `select count(*) as n from audit_event where action = 'journal.readFull'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('without a period, or with a malformed one: 400 BAD_USER_INPUT', async () => {
    for (const query of ['', '?from=2025-01-01', '?from=2025-01-01&to=2025-13-01']) {
      const { res, text } = await loepende(`/archive/loepende-journal.xml${query}`, 'arkivar');
      expect(res.status, query).toBe(400);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('The archivist gets every post of the period with its values in full', () => {
  it('follows loependeJournal.xsd; counts what it holds; holds every post of the period', async () => {
    const { res, text } = await loepende(
      '/archive/loepende-journal.xml?from=2000-01-01&to=2100-12-31',
      'arkivar',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const doc = parseXml(text);
    expect(doc.name).toBe('loependeJournal');
    expect(checkSequence(doc, LOEPENDE_JOURNAL)).toEqual([]);
    expect(countOf(doc)).toBe(entriesOf(doc).length);
    const all = await rows<{ id: string }>('select id from journal_post');
    expect(new Set(systemIds(doc))).toEqual(new Set(all.map((r) => r.id)));
  });

  it('writes the stored titles of screened posts and names, with their screening metadata', async () => {
    const screened = await rows<{ id: string; title: string; public_title: string }>(
      `select id, title, public_title from journal_post where title <> public_title`,
    );
    expect(screened.length).toBeGreaterThan(0);
    const { text } = await loepende(`/archive/loepende-journal.xml${PERIOD}`, 'arkivar');
    const doc = parseXml(text);
    const byId = new Map(entriesOf(doc).map((e) => [textOf(postOf(e), 'systemID'), postOf(e)]));
    for (const post of screened) {
      const el = byId.get(post.id)!;
      expect(textOf(el, 'tittel')).toBe(post.title);
      expect(textOf(el, 'offentligTittel')).toBe(post.public_title);
    }
    expect(text).toContain('<skjermingMetadata>Skjerming tittel registrering - utvalgte ord');
  });

  it('a period selects by journal date, and the header states it', async () => {
    const [range] = await rows<{ d: string }>(
      `select to_char(min(journal_date), 'YYYY-MM-DD') as d from journal_post`,
    );
    const day = range!.d;
    const { text } = await loepende(
      `/archive/loepende-journal.xml?from=${day}&to=${day}`,
      'arkivar',
    );
    const doc = parseXml(text);
    const head = childrenNamed(doc, 'journalhode')[0]!;
    expect([textOf(head, 'journalStartDato'), textOf(head, 'journalSluttDato')]).toEqual([
      day,
      day,
    ]);
    expect(entriesOf(doc).map((e) => textOf(postOf(e), 'journaldato'))).toEqual(
      entriesOf(doc).map(() => day),
    );
  });

  it('records ONE audit event for the export, with the period and the number of posts', async () => {
    const before = await rows<{ id: string }>(`select max(id) as id from audit_event`);
    const { text } = await loepende(`/archive/loepende-journal.xml${PERIOD}`, 'arkivar');
    const n = countOf(parseXml(text));
    const events = await rows<{ action: string; reason: string; actor: string }>(
      `select ae.action, ae.reason, u.username as actor from audit_event ae
         join app_user u on u.id = ae.actor_id where ae.id > ?`,
      [before[0]!.id ?? 0],
    );
    expect(events).toEqual([
      {
        action: 'journal.readFull',
        actor: 'arkivar',
        reason: `Løpende journal 2000-01-01–2100-12-31: ${n} journalposter`,
      },
    ]);
  });
});

describe('The package variants hold the posts of their archive part and no other', () => {
  it('loependeJournal.xml: every post of the part, in full, in the order of the løpenummer', async () => {
    const text = await written((em) => loependeJournalXml(em, SCOPE));
    const doc = parseXml(text);
    expect(checkSequence(doc, LOEPENDE_JOURNAL)).toEqual([]);
    const part = await rows<{ id: string }>(
      `select jp.id from journal_post jp join case_file c on c.id = jp.case_id
        where c.archive_part_id = ? order by jp.journal_year, jp.journal_sequence_number, jp.id`,
      [CLOSED_PART],
    );
    expect(part.length).toBeGreaterThan(0);
    expect(systemIds(doc)).toEqual(part.map((r) => r.id));
    expect(countOf(doc)).toBe(part.length);
    for (const folder of entriesOf(doc).map((e) => childrenNamed(e, 'saksmappe')[0]!)) {
      expect(textOf(folder, 'referanseArkivdel')).toBe(CLOSED_PART);
    }
  });

  it('reports its progress: the records written add up to the posts', async () => {
    let done = 0;
    const text = await written((em) => loependeJournalXml(em, SCOPE, (n) => (done += n)));
    expect(done).toBe(countOf(parseXml(text)));
  });

  it('offentligJournal.xml: the published posts of the part in their public forms', async () => {
    const text = await written((em) => offentligJournalXml(em, SCOPE, SETTINGS, '2100-01-01'));
    const doc = parseXml(text);
    expect(checkSequence(doc, OFFENTLIG_JOURNAL)).toEqual([]);
    const part = await rows<{ id: string; title: string; public_title: string }>(
      `select jp.id, jp.title, jp.public_title from journal_post jp
         join case_file c on c.id = jp.case_id where c.archive_part_id = ?`,
      [CLOSED_PART],
    );
    const ids = new Set(part.map((r) => r.id));
    expect(systemIds(doc).length).toBeGreaterThan(0);
    expect(systemIds(doc).every((id) => ids.has(id))).toBe(true);
    expect(countOf(doc)).toBe(entriesOf(doc).length);
    // A title whose screening is still active in 2100 appears only in its public form.
    for (const post of part.filter((p) => p.title !== p.public_title)) {
      const shown = entriesOf(doc)
        .map(postOf)
        .find((p) => textOf(p, 'systemID') === post.id);
      if (shown && textOf(shown, 'tilgangsrestriksjon')) {
        expect(textOf(shown, 'offentligTittel')).toBe(post.public_title);
      }
    }
  });

  it.skipIf(!XSD_DIR)(
    'both are valid against their XSD (set NOARK5_XSD_DIR to validate against Arkivverket’s XSD)',
    async () => {
      const loependeText = await written((em) => loependeJournalXml(em, SCOPE));
      const offentligText = await written((em) =>
        offentligJournalXml(em, SCOPE, SETTINGS, '2100-01-01'),
      );
      for (const [xml, xsd] of [
        [loependeText, 'loependeJournal.xsd'],
        [offentligText, 'offentligJournal.xsd'],
      ] as const) {
        const result = await validateAgainstXsd(xml, xsd)!;
        expect(result.errors, xsd).toEqual([]);
      }
    },
  );
});
