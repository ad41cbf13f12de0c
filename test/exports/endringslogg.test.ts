import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endringsloggXml, noarkMetadataName } from '../../src/exports/endringslogg';
import { type ArchivePartScope } from '../../src/exports/scope';
import { toGlobalId } from '../../src/schema/globalId';
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
import { ENDRINGSLOGG } from './journalsSchemas';

/**
 * endringslogg.xml of a deposit package (endringslogg.xsd): the audit trail's changes of the
 * records of one archive part, one endring per changed field, named as the metadatakatalog names
 * the field, with the values before and after in full.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return server.orm.em.fork().getConnection().execute<T[]>(text, params);
}

function logOf(scope: ArchivePartScope): Promise<string> {
  return inOrganisation(server.orm.em, scope.organisationId, async (em) => {
    let text = '';
    for await (const chunk of endringsloggXml(em, scope)) text += chunk;
    return text;
  });
}

const changes = (doc: XmlElement) =>
  childrenNamed(doc, 'endring').map((e) => ({
    target: textOf(e, 'referanseArkivenhet'),
    field: textOf(e, 'referanseMetadata'),
    by: textOf(e, 'endretAv'),
    old: textOf(e, 'tidligereVerdi'),
    new: textOf(e, 'nyVerdi'),
  }));

async function activePart(): Promise<ArchivePartScope> {
  const [part] = await rows<{ id: string }>(`select id from archive_part where status = 'ACTIVE'`);
  return { organisationId: FIRST_ORGANISATION_ID, archivePartId: part!.id };
}

/** The case whose title the archivist changes through GraphQL before every test, and its old title. */
let changed: { id: string; title: string };
const NEW_TITLE = 'Endret tittel for endringsloggen';

beforeAll(async () => {
  const scope = await activePart();
  const [kase] = await rows<{ id: string; title: string }>(
    `select id, title from case_file
      where archive_part_id = ? and access_group_id is null and status = 'IN_PROGRESS'
      order by case_number limit 1`,
    [scope.archivePartId],
  );
  changed = kase!;
  const res = await server.gql(
    `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`,
    { input: { id: toGlobalId('Case', changed.id), title: NEW_TITLE } },
    { token: await server.tokenFor('arkivar') },
  );
  expect(res.body.errors).toBeUndefined();
});

describe('A change made through GraphQL appears with its old and new value', () => {
  it('a case title changed by the archivist: tittel, from the old to the new, by her name', async () => {
    const doc = parseXml(await logOf(await activePart()));
    expect(doc.attributes.xmlns).toBe('http://www.arkivverket.no/standarder/noark5/endringslogg');
    expect(checkSequence(doc, ENDRINGSLOGG)).toEqual([]);
    expect(changes(doc)).toContainEqual({
      target: changed.id,
      field: 'tittel',
      by: 'Randi Frigstad',
      old: changed.title,
      new: NEW_TITLE,
    });
  });
});

describe('Only the records of the part are in its log', () => {
  it('every endring names a case, journal post or document description of the part', async () => {
    const scope = await activePart();
    const doc = parseXml(await logOf(scope));
    const targets = new Set(changes(doc).map((c) => c.target));
    const own = await rows<{ id: string }>(
      `select c.id from case_file c where c.archive_part_id = ?
       union all select jp.id from journal_post jp join case_file c on c.id = jp.case_id
         where c.archive_part_id = ?
       union all select dd.id from document_description dd
         join journal_post jp on jp.id = dd.journal_post_id
         join case_file c on c.id = jp.case_id where c.archive_part_id = ?`,
      [scope.archivePartId, scope.archivePartId, scope.archivePartId],
    );
    const ids = new Set(own.map((r) => r.id));
    expect([...targets].filter((t) => !ids.has(t!))).toEqual([]);
  });

  it('full reads (the access log) are no changes and are left out', async () => {
    const doc = parseXml(await logOf(await activePart()));
    expect(changes(doc).every((c) => c.field !== undefined && c.field !== '')).toBe(true);
    const reads = await rows<{ n: string }>(
      `select count(*) as n from audit_event where action like '%.readFull' and changes is not null`,
    );
    expect(reads[0]!.n).toBe('0');
  });
});

describe('Our field names become the metadatakatalog’s where it has one', () => {
  it('maps the fields of cases, posts and documents; keeps our name where Noark has none', () => {
    expect(noarkMetadataName('Case', 'title')).toBe('tittel');
    expect(noarkMetadataName('Case', 'status')).toBe('saksstatus');
    expect(noarkMetadataName('JournalPost', 'status')).toBe('journalstatus');
    expect(noarkMetadataName('DocumentDescription', 'status')).toBe('dokumentstatus');
    expect(noarkMetadataName('JournalPost', 'legalBasis')).toBe('skjermingshjemmel');
    expect(noarkMetadataName('JournalPost', 'writeOffReplyId')).toBe(
      'referanseAvskrivesAvJournalpost',
    );
    expect(noarkMetadataName('JournalPost', 'dispatchedAt')).toBe('dispatchedAt');
  });
});

describe('endringslogg.xsd', () => {
  it.skipIf(!XSD_DIR)(
    'the log is valid against it (set NOARK5_XSD_DIR to validate against Arkivverket’s XSD)',
    async () => {
      const result = await validateAgainstXsd(await logOf(await activePart()), 'endringslogg.xsd')!;
      expect(result.errors).toEqual([]);
    },
  );
});
