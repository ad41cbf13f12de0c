import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { Archive, ArchivePart, ArchivePartStatus } from '../../src/entities';
import { archivePartFiles, arkivstrukturXml } from '../../src/exports/arkivstruktur';
import {
  ImportFailed,
  type ImportReport,
  importArkivstruktur,
} from '../../src/imports/arkivstruktur';
import { checkArkivstruktur, comparable } from '../exports/support-arkivstruktur';
import {
  addArchiveFiles,
  classifyOnParentClass,
  CLOSED_PART,
  collect,
} from '../exports/support-arkivstruktur-data';
import {
  createTestOrganisation,
  FIRST_ORGANISATION_ID,
  inOrganisation,
} from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Import of arkivstruktur.xml into an empty organisation (docs/noark5.md, "Arkivuttrekk:
 * arkivstruktur.xml"): what Arkivgraf writes it reads back, so that writing again gives the same
 * document apart from the system ids; unknown elements are reported; a file that does not match
 * its checksum fails the whole import; an organisation with records is refused.
 */
let server: TestServer;
const source = { organisationId: FIRST_ORGANISATION_ID, archivePartId: CLOSED_PART };
let original: string;
const bytes = new Map<string, Buffer>();

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  await addArchiveFiles(server.orm.em, source);
  await classifyOnParentClass(server.orm.em, source);
  original = await inOrganisation(server.orm.em, source.organisationId, async (em) => {
    const doc = await collect(arkivstrukturXml(em, source));
    for await (const f of archivePartFiles(em, source)) {
      const [row] = await query<{ content: Buffer }>(
        em,
        sql`select content from document where id = ${f.documentId}`,
      );
      bytes.set(f.path, row!.content);
    }
    return doc;
  });
});
afterAll(() => server?.close());

/** A new organisation with one archivist to import as. */
async function emptyOrganisation(shortName: string) {
  const organisationId = await createTestOrganisation(server.orm, { shortName });
  const actorId = randomUUID();
  await inOrganisation(server.orm.em, organisationId, (em) =>
    em.execute(
      `insert into app_user (id, username, display_name, active, created_at) values (?, ?, 'Importør', true, now())`,
      [actorId, `${shortName}.arkivar`],
      'run',
    ),
  );
  return { organisationId, actorId };
}

async function* chunks(text: string, size = 4096): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const reader = (files: Map<string, Buffer>) => async (path: string) => files.get(path) ?? null;

function importInto(
  target: { organisationId: string; actorId: string },
  xml: string,
  files = bytes,
): Promise<ImportReport> {
  return inOrganisation(server.orm.em, target.organisationId, (em) =>
    importArkivstruktur(em, chunks(xml), reader(files), target),
  );
}

describe('round trip: what is exported is imported, and exported again the same', () => {
  it('writes the same arkivstruktur.xml apart from system ids', async () => {
    const target = await emptyOrganisation('mottaker');
    const report = await importInto(target, original);
    expect(report.errors).toEqual([]);
    expect(report.unknownElements).toEqual([]);
    expect(report.cases).toBe((original.match(/<mappe /g) ?? []).length);
    expect(report.journalPosts).toBe((original.match(/<registrering /g) ?? []).length);
    expect(report.documentFiles).toBe(bytes.size);
    const [part] = await query<{ id: string; status: string }>(
      server.orm.em.fork(),
      sql`select id, status from archive_part where organisation_id = ${target.organisationId}`,
    );
    expect(part!.status).toBe('CLOSED');
    const again = await inOrganisation(server.orm.em, target.organisationId, (em) =>
      collect(
        arkivstrukturXml(em, { organisationId: target.organisationId, archivePartId: part!.id }),
      ),
    );
    expect(checkArkivstruktur(again)).toEqual([]);
    const counters = await query<{ series: string; value: number }>(
      server.orm.em.fork(),
      sql`select series, value from number_counter
          where organisation_id = ${target.organisationId} and series like 'case:%'`,
    );
    const [highest] = await query<{ year: number; sequence: number }>(
      server.orm.em.fork(),
      sql`select case_year as year, max(case_sequence) as sequence from case_file
          where archive_part_id = ${CLOSED_PART} group by case_year order by case_year desc limit 1`,
    );
    expect(counters).toContainEqual({
      series: `case:${highest!.year}`,
      value: highest!.sequence,
    });
    const a = comparable(original);
    const b = comparable(again);
    if (a !== b) {
      let i = 0;
      while (a[i] === b[i]) i++;
      expect(b.slice(Math.max(0, i - 300), i + 300)).toBe(a.slice(Math.max(0, i - 300), i + 300));
    }
    expect(b).toBe(a);
  });
});

describe('elements the importer does not map are reported, never dropped silently', () => {
  it('counts an unknown element by its path', async () => {
    const target = await emptyOrganisation('ukjent');
    const xml = original.replace(
      '</avsluttetAv><skjerming>',
      '</avsluttetAv><virksomhetsspesifikkeMetadata><egen>1</egen></virksomhetsspesifikkeMetadata><skjerming>',
    );
    expect(xml).not.toBe(original);
    const report = await importInto(target, xml);
    expect(report.unknownElements).toEqual([
      {
        path: expect.stringMatching(/^arkiv\/arkivdel\/.*mappe\/virksomhetsspesifikkeMetadata$/),
        count: 1,
      },
    ]);
  });
});

describe('the import is all or nothing', () => {
  it('fails as a whole on a file that does not match its checksum, leaving nothing behind', async () => {
    const target = await emptyOrganisation('feil');
    const [path, content] = [...bytes][0]!;
    const files = new Map(bytes);
    files.set(path, Buffer.concat([content, Buffer.from(' ')]));
    const failure = await importInto(target, original, files).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((failure as ImportFailed).report.errors.join('\n')).toMatch(
      /does not match its sjekksum/,
    );
    const [left] = await query<{ n: string }>(
      server.orm.em.fork(),
      sql`select (select count(*) from case_file where organisation_id = ${target.organisationId})
            + (select count(*) from archive where organisation_id = ${target.organisationId})
            + (select count(*) from document where organisation_id = ${target.organisationId}) as n`,
    );
    expect(Number(left!.n)).toBe(0);
  });

  it('fails on a code it cannot keep', async () => {
    const target = await emptyOrganisation('kode');
    const xml = original.replace(
      /<journalstatus>[^<]+<\/journalstatus>/,
      '<journalstatus>Ukjent status</journalstatus>',
    );
    const failure = await importInto(target, xml).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((failure as ImportFailed).report.errors).toEqual([
      expect.stringMatching(/journalstatus "Ukjent status" is not a code we keep/),
    ]);
  });

  it('refuses an active part where the organisation has an active part of its own', async () => {
    const target = await emptyOrganisation('aktiv');
    await inOrganisation(server.orm.em, target.organisationId, async (em) => {
      const archive = em.create(Archive, { title: 'Eget arkiv', recordsCreatorName: 'Aktiv' });
      em.create(ArchivePart, {
        archive,
        title: 'Sakarkiv',
        status: ArchivePartStatus.ACTIVE,
        periodStart: '2026-01-01',
      });
      await em.flush();
    });
    const xml = original.replace(
      /<arkivdelstatus>[^<]+<\/arkivdelstatus>/,
      '<arkivdelstatus>Aktiv periode</arkivdelstatus>',
    );
    const failure = await importInto(target, xml).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((failure as ImportFailed).report.errors).toEqual([
      expect.stringMatching(/the organisation has an active archive part of its own/),
    ]);
  });

  it('refuses an organisation that already holds cases', async () => {
    const [archivist] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from app_user where organisation_id = ${FIRST_ORGANISATION_ID} limit 1`,
    );
    await expect(
      importInto({ organisationId: FIRST_ORGANISATION_ID, actorId: archivist!.id }, original),
    ).rejects.toThrow(/only into an empty organisation/);
  });
});
