import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inOrganisation } from '../../src/db/organisationScope';
import { query, sql } from '../../src/db/sqlTemplate';
import {
  archivePartFiles,
  arkivstrukturXml,
  countArchivePart,
  type PackageFile,
} from '../../src/exports/arkivstruktur';
import { walk } from '../../src/exports/arkivstruktur/walk';
import { FIRST_ORGANISATION_ID } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';
import { CODE_LISTS, WRITTEN_CODES, checkArkivstruktur } from './support-arkivstruktur';
import {
  addArchiveFiles,
  classifyOnParentClass,
  CLOSED_PART,
  collect,
} from './support-arkivstruktur-data';

/**
 * arkivstruktur.xml of an archive part (docs/noark5.md, "Arkivuttrekk: arkivstruktur.xml"): the
 * element order and required elements of arkivstruktur.xsd v5.0, the code lists, screened values
 * in full with their skjerming, and the files of the package.
 */
let server: TestServer;
const scope = { organisationId: FIRST_ORGANISATION_ID, archivePartId: CLOSED_PART };
let xml: string;
let files: PackageFile[];
let parentClass: string;
const progress: number[] = [];

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  await addArchiveFiles(server.orm.em, scope);
  parentClass = await classifyOnParentClass(server.orm.em, scope);
  [xml, files] = await inOrganisation(server.orm.em, scope.organisationId, async (em) => {
    const doc = await collect(arkivstrukturXml(em, scope, (n) => progress.push(n)));
    const list: PackageFile[] = [];
    for await (const f of archivePartFiles(em, scope)) list.push(f);
    return [doc, list] as const;
  });
});
afterAll(() => server?.close());

describe('arkivstruktur.xml follows the sequences of arkivstruktur.xsd', () => {
  it('has every element in order, every required one, and only code-list values', () => {
    expect(checkArkivstruktur(xml)).toEqual([]);
    // The part's data reach the optional branches too: a disposed document, a screened one.
    expect(xml).toContain('<utfoertKassasjon><kassertDato>');
    expect(xml).toContain(
      '<skjermingMetadata>Skjerming tittel dokumentbeskrivelse</skjermingMetadata>',
    );
  });

  it('writes only values of the code lists from its code tables', () => {
    for (const [name, texts] of Object.entries(WRITTEN_CODES)) {
      for (const t of texts.filter(
        (x) =>
          ![
            'Avsluttet av saksbehandler',
            'Ferdigstilt fra saksbehandler',
            'Godkjent av leder',
            'Gruppemottaker',
          ].includes(x),
      ))
        expect(CODE_LISTS[name], `${name}: ${t}`).toContain(t);
    }
  });
});

describe('a class with both subclasses and cases', () => {
  it('holds its subclasses, then itself once more with its own cases', () => {
    const own = xml.indexOf(`<klasse><systemID>${parentClass}-mapper</systemID>`);
    expect(own).toBeGreaterThan(xml.indexOf(`<klasse><systemID>${parentClass}</systemID>`));
    expect(xml.slice(own, xml.indexOf('</klasse>', own))).toContain('<mappe ');
  });
});

describe('the file list is what referanseDokumentfil names', () => {
  it('lists the same paths in the same order', () => {
    const refs = [...xml.matchAll(/<referanseDokumentfil>([^<]+)<\/referanseDokumentfil>/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(files.map((f) => f.path)).toEqual(refs);
  });
});

describe('the cases are read in keyset pages', () => {
  it('gives every case once, in the same order, however small the pages', async () => {
    const order = (pageSize: number) =>
      inOrganisation(server.orm.em, scope.organisationId, async (em) => {
        const ids: string[] = [];
        for await (const step of walk(em, scope, pageSize)) {
          if (step.kind !== 'cases') continue;
          expect(step.cases.length).toBeLessThanOrEqual(pageSize);
          ids.push(...step.cases.map((c) => c.id));
        }
        return ids;
      });
    const whole = await order(1000);
    expect(await order(2)).toEqual(whole);
    expect(new Set(whole).size).toBe(whole.length);
    expect(whole.length).toBe((xml.match(/<mappe /g) ?? []).length);
  });
});

describe('the counts', () => {
  it('count the cases, posts and files of the part', async () => {
    const counts = await inOrganisation(server.orm.em, scope.organisationId, (em) =>
      countArchivePart(em, scope),
    );
    expect(counts.cases).toBe((xml.match(/<mappe /g) ?? []).length);
    expect(counts.journalPosts).toBe((xml.match(/<registrering /g) ?? []).length);
    expect(counts.documentDescriptions).toBe((xml.match(/<dokumentbeskrivelse>/g) ?? []).length);
    expect(counts.documentFiles).toBe(files.length);
    expect(counts.descriptionsWithoutArchiveFile).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(counts.journalPosts);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const [row] = await query<{ n: string }>(
      server.orm.em.fork(),
      sql`select count(*) as n from case_file where archive_part_id = ${CLOSED_PART}`,
    );
    expect(counts.cases).toBe(Number(row!.n));
  });
});

describe('screened values are written in full with their screening', () => {
  it('writes the title, the public title and the skjerming of a screened case', async () => {
    const [c] = await query<{ id: string; title: string; public_title: string }>(
      server.orm.em.fork(),
      sql`select id, title, public_title from case_file
          where archive_part_id = ${CLOSED_PART} and screening_code_id is not null
            and title <> public_title order by case_year, case_sequence limit 1`,
    );
    expect(c).toBeDefined();
    const start = xml.indexOf(`<mappe xsi:type="saksmappe"><systemID>${c!.id}</systemID>`);
    expect(start).toBeGreaterThan(0);
    const mappe = xml.slice(start, xml.indexOf('<registrering', start));
    expect(mappe).toContain(`<tittel>${c!.title}</tittel>`);
    expect(mappe).toContain(`<offentligTittel>${c!.public_title}</offentligTittel>`);
    expect(mappe).toMatch(
      /<skjerming><tilgangsrestriksjon>Unntatt offentlighet<\/tilgangsrestriksjon><skjermingshjemmel>[^<]+<\/skjermingshjemmel><skjermingMetadata>/,
    );
  });

  it('writes the screened correspondents by name', async () => {
    const rows = await query<{ name: string }>(
      server.orm.em.fork(),
      sql`select k.name from correspondent k join journal_post p on p.id = k.journal_post_id
          join case_file c on c.id = p.case_id
          where c.archive_part_id = ${CLOSED_PART} and p.screening_code_id is not null`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(xml).toContain(`<korrespondansepartNavn>${r.name}<`);
  });
});

describe("an organisation's package holds only its own records", () => {
  it("Iveland's part, read under row-level security, never names Vennesla's records", async () => {
    const [iveland] = await query<{ id: string; part: string }>(
      server.orm.em.fork(),
      sql`select o.id, p.id as part from organisation o join archive_part p on p.organisation_id = o.id
          where o.short_name = 'iveland' order by p.period_start limit 1`,
    );
    const ivelandScope = { organisationId: iveland!.id, archivePartId: iveland!.part };
    const doc = await inOrganisation(server.appOrm.em, iveland!.id, (em) =>
      collect(arkivstrukturXml(em, ivelandScope)),
    );
    expect(checkArkivstruktur(doc)).toEqual([]);
    const vennesla = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from case_file where organisation_id = ${FIRST_ORGANISATION_ID}
          union all select id from journal_post where organisation_id = ${FIRST_ORGANISATION_ID}`,
    );
    for (const r of vennesla) expect(doc).not.toContain(r.id);
    await expect(
      inOrganisation(server.appOrm.em, iveland!.id, (em) =>
        collect(arkivstrukturXml(em, { organisationId: iveland!.id, archivePartId: CLOSED_PART })),
      ),
    ).rejects.toThrow(/No archive part/);
  });
});

const xsdDir = process.env.NOARK5_XSD_DIR;

describe("Arkivverket's XSD", () => {
  it.skipIf(!xsdDir)(
    'validates against arkivstruktur.xsd (set NOARK5_XSD_DIR to validate against Arkivverket’s XSD)',
    async () => {
      const { validateXML } = await import('xmllint-wasm');
      const { readFileSync } = await import('node:fs');
      const read = (name: string) => readFileSync(`${xsdDir}/${name}`, 'utf8');
      const result = await validateXML({
        xml: [{ fileName: 'arkivstruktur.xml', contents: xml }],
        schema: [{ fileName: 'arkivstruktur.xsd', contents: read('arkivstruktur.xsd') }],
        preload: [{ fileName: 'metadatakatalog.xsd', contents: read('metadatakatalog.xsd') }],
      });
      expect(result.errors.map((e) => e.message)).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );
});
