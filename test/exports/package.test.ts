import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { identifyPdfa } from '../../src/domain/documents/pdfa';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import {
  checkAddmlStructure,
  childrenNamed,
  downloadAndUnpack,
  filesUnder,
  parseXml,
  propertyOf,
  readFile,
  sha256,
  valueOf,
  waitForExport,
} from './support-package';

/**
 * Arkivuttrekk (docs/noark5.md, "Arkivuttrekk (deposit package)"): an archivist exports the demo's
 * closed archive part through GraphQL, follows the job and downloads a tar package whose
 * arkivuttrekk.xml describes every XML file by its checksum, with every document in PDF/A.
 */
let server: TestServer;
let exportDir: string;
const CLOSED_PART = '00000000-0000-4000-8000-00000000a100';
const PART = toGlobalId('ArchivePart', CLOSED_PART);
const tokens: Record<string, string> = {};
/** A folder holding Arkivverket's schemas (addml.xsd among them); unset: no XSD validation */
const XSD_DIR = process.env.NOARK5_XSD_DIR;
/** The uuid behind an ArchiveExport's global id. */
const rawIdOf = (globalId: string) => idOf('ArchiveExport', globalId)!;

const START = `mutation ($id: ID!) { exportArchivePart(input: { archivePartId: $id }) {
  id state recordsDone recordsTotal errors downloadUrl archivePart { id } } }`;

beforeAll(async () => {
  exportDir = await mkdtemp(path.join(os.tmpdir(), 'exports-'));
  server = await startTestServer({ data: 'municipalities', env: { EXPORT_DIR: exportDir } });
  for (const u of ['arkivar', 'arkiv.saksbehandler', 'iveland.arkivar']) {
    tokens[u] = await server.tokenFor(u);
  }
}, 60_000);
afterAll(() => server?.close());

/** The current ARCHIVE files of the closed part, as the database holds them. */
const archiveFilesOfPart = () =>
  query<{ id: string; sha256: string; size: number }>(
    server.orm.em.fork(),
    sql`select d.id, d.sha256, d.size from document d
      join journal_post jp on jp.id = d.journal_post_id join case_file c on c.id = jp.case_id
      where c.archive_part_id = ${CLOSED_PART} and d.variant = 'ARCHIVE'
        and d.replaced_at is null and d.disposed_at is null`,
  );

describe('an archivist exports a closed archive part and downloads its package', () => {
  let job: Record<string, any>;
  let dir: string;
  let top: string;

  it('starts the export (QUEUED) and follows it to SUCCEEDED with its progress', async () => {
    const res = await server.gql(START, { id: PART }, { token: tokens.arkivar });
    expect(res.body.errors).toBeUndefined();
    const started = res.body.data.exportArchivePart;
    expect(started).toMatchObject({
      state: 'QUEUED',
      recordsDone: 0,
      errors: [],
      downloadUrl: null,
    });
    expect(started.archivePart.id).toBe(PART);
    job = { id: started.id, ...(await waitForExport(server, tokens.arkivar!, started.id)) };
    expect(job.errors).toEqual([]);
    expect(job.state).toBe('SUCCEEDED');
    expect(job.recordsTotal).toBeGreaterThan(0);
    expect(job.recordsDone).toBe(job.recordsTotal);
    expect(job.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(job.downloadUrl).toBe(`/archive/exports/${started.id}/package.tar`);
  });

  it('the download is the package the job names: its size and SHA-256', async () => {
    const got = await downloadAndUnpack(server, tokens.arkivar!, job.downloadUrl);
    expect(got.response.status).toBe(200);
    expect(got.response.headers.get('content-type')).toBe('application/x-tar');
    expect(got.response.headers.get('content-length')).toBe(job.packageSize);
    expect(String(got.bytes.length)).toBe(job.packageSize);
    expect(sha256(got.bytes)).toBe(job.sha256);
    dir = got.dir;
    top = `vennesla-${CLOSED_PART}`;
  });

  it('holds arkivuttrekk.xml, the four Noark 5 documents and dokumenter/ in one top folder', async () => {
    const files = (await filesUnder(dir)).filter((f) => f !== 'package.tar');
    const xml = files.filter((f) => f.endsWith('.xml'));
    expect(xml).toEqual(
      [
        'arkivstruktur.xml',
        'arkivuttrekk.xml',
        'endringslogg.xml',
        'loependeJournal.xml',
        'offentligJournal.xml',
      ].map((f) => `${top}/${f}`),
    );
    expect(
      files.filter((f) => !f.endsWith('.xml')).every((f) => f.startsWith(`${top}/dokumenter/`)),
    ).toBe(true);
  });

  it('every document file of the part is in the package, byte for byte, and is PDF/A', async () => {
    const expected = await archiveFilesOfPart();
    expect(expected.length).toBeGreaterThan(0);
    const packed = (await filesUnder(path.join(dir, top, 'dokumenter'))).sort();
    expect(packed).toHaveLength(expected.length);
    for (const f of expected) {
      const bytes = await readFile(path.join(dir, top, 'dokumenter', `${f.id}.pdf`));
      expect(sha256(bytes)).toBe(f.sha256);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(identifyPdfa(bytes)).toEqual({ format: 'PDF/A-2b' });
    }
  });

  it('arkivuttrekk.xml follows the element order of addml.xsd', async () => {
    const addml = parseXml(await readFile(path.join(dir, top, 'arkivuttrekk.xml'), 'utf8'));
    expect(addml.name).toBe('addml');
    expect(addml.attributes.xmlns).toBe('http://www.arkivverket.no/standarder/addml');
    checkAddmlStructure(addml);
    const dataset = childrenNamed(addml, 'dataset')[0]!;
    expect(dataset.attributes.name).toBe(rawIdOf(job.id));
  });

  it.skipIf(!XSD_DIR)(
    "arkivuttrekk.xml validates against addml.xsd (set NOARK5_XSD_DIR to validate against Arkivverket's XSD)",
    async () => {
      const result = await validateXML({
        xml: {
          fileName: 'arkivuttrekk.xml',
          contents: await readFile(path.join(dir, top, 'arkivuttrekk.xml'), 'utf8'),
        },
        schema: {
          fileName: 'addml.xsd',
          contents: await readFile(path.join(XSD_DIR!, 'addml.xsd'), 'utf8'),
        },
      });
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it('every checksum in arkivuttrekk.xml matches its file, and the counts are the part’s', async () => {
    const addml = parseXml(await readFile(path.join(dir, top, 'arkivuttrekk.xml'), 'utf8'));
    const objects = childrenNamed(
      childrenNamed(
        childrenNamed(
          childrenNamed(childrenNamed(addml, 'dataset')[0]!, 'dataObjects')[0]!,
          'dataObject',
        )[0]!,
        'dataObjects',
      )[0]!,
      'dataObject',
    );
    const described = objects.filter((o) => o.attributes.name !== 'dokumenter');
    expect(described.map((o) => o.attributes.name)).toEqual([
      'arkivstruktur',
      'endringslogg',
      'loependeJournal',
      'offentligJournal',
    ]);
    for (const o of described) {
      const file = propertyOf(o, 'file')!;
      const name = valueOf(propertyOf(file, 'name'))!;
      const checksum = propertyOf(file, 'checksum')!;
      expect(valueOf(propertyOf(checksum, 'algorithm'))).toBe('SHA256');
      const bytes = await readFile(path.join(dir, top, name));
      expect(valueOf(propertyOf(checksum, 'value')), name).toBe(sha256(bytes));
      expect(valueOf(propertyOf(file, 'size')), name).toBe(String(bytes.length));
    }
    const documents = objects.find((o) => o.attributes.name === 'dokumenter')!;
    const count = propertyOf(propertyOf(documents, 'info')!, 'numberOfOccurrences')!;
    expect(valueOf(count)).toBe('dokumentfil');
    expect(valueOf(propertyOf(count, 'value'))).toBe(String((await archiveFilesOfPart()).length));
  });

  it('the export and the download are audited, with the counts', async () => {
    const events = await query<{ action: string; target_id: string; changes: any }>(
      server.orm.em.fork(),
      sql`select action, target_id, changes from audit_event
        where action in ('archivePart.export', 'archiveExport.download') order by id`,
    );
    expect(events.map((e) => e.action)).toEqual(['archivePart.export', 'archiveExport.download']);
    expect(events[0]!.target_id).toBe(CLOSED_PART);
    expect(events[0]!.changes.export.new.journalPosts).toBe(job.recordsTotal);
  });

  it('archiveExports lists the part’s exports, newest first', async () => {
    const res = await server.gql(
      `query ($id: ID!) { archiveExports(archivePartId: $id, first: 5) { nodes { id state } totalCount } }`,
      { id: PART },
      { token: tokens.arkivar },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.archiveExports.nodes[0]).toEqual({ id: job.id, state: 'SUCCEEDED' });
  });
});

describe('only an archivist of the part’s organisation exports a closed part, one at a time', () => {
  it('a case handler is FORBIDDEN', async () => {
    const res = await server.gql(START, { id: PART }, { token: tokens['arkiv.saksbehandler'] });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the public is told to sign in (UNAUTHENTICATED)', async () => {
    const res = await server.gql(START, { id: PART });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('another organisation’s part is NOT_FOUND', async () => {
    const res = await server.gql(START, { id: PART }, { token: tokens['iveland.arkivar'] });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a part that is not CLOSED is refused (INVALID_STATE)', async () => {
    const [active] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from archive_part where status = 'ACTIVE' and organisation_id = (select id from organisation where short_name = 'vennesla')`,
    );
    const res = await server.gql(
      START,
      { id: toGlobalId('ArchivePart', active!.id) },
      { token: tokens.arkivar },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(res.body.errors?.[0]?.message).toMatch(/closed archive part/);
  });

  it('a second export while one is running is a CONFLICT', async () => {
    const em = server.orm.em.fork();
    const [running] = await query<{ id: string }>(
      em,
      sql`insert into archive_export (id, archive_part_id, requested_by_id, state, started_at)
        select gen_random_uuid(), ${CLOSED_PART}, id, 'RUNNING', now() from app_user where username = 'arkivar'
        returning id`,
    );
    try {
      const res = await server.gql(START, { id: PART }, { token: tokens.arkivar });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    } finally {
      await query(em, sql`delete from archive_export where id = ${running!.id}`);
    }
  });
});

describe('a job left by a process that stopped is FAILED, and does not block the next', () => {
  it('a RUNNING job whose heartbeat stopped a minute ago is marked FAILED when an export starts', async () => {
    const em = server.orm.em.fork();
    const [left] = await query<{ id: string }>(
      em,
      sql`insert into archive_export (id, archive_part_id, requested_by_id, state, started_at, heartbeat_at)
        select gen_random_uuid(), ${CLOSED_PART}, id, 'RUNNING', now() - interval '2 minutes', now() - interval '2 minutes'
        from app_user where username = 'arkivar' returning id`,
    );
    const res = await server.gql(START, { id: PART }, { token: tokens.arkivar });
    expect(res.body.errors).toBeUndefined();
    await waitForExport(server, tokens.arkivar!, res.body.data.exportArchivePart.id);
    const old = await waitForExport(server, tokens.arkivar!, toGlobalId('ArchiveExport', left!.id));
    expect(old.state).toBe('FAILED');
    expect(old.errors).toEqual([
      'The server stopped while the export was queued or running; start the export again',
    ]);
  });

  it('a case handler does not read exports (FORBIDDEN)', async () => {
    const res = await server.gql(
      `query ($id: ID!) { archiveExports(archivePartId: $id) { nodes { id } } }`,
      { id: PART },
      { token: tokens['arkiv.saksbehandler'] },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a part where a document lacks its file in arkivformat fails without a package', () => {
  it('FAILED, naming the journal post by registry id and the document by number', async () => {
    const em = server.orm.em.fork();
    const [post] = await query<{ id: string; registry_id: string; by: string }>(
      em,
      sql`select jp.id, c.case_number || '-' || jp.document_number as registry_id, c.created_by_id as by
        from journal_post jp join case_file c on c.id = jp.case_id
        where c.archive_part_id = ${CLOSED_PART} and jp.status <> 'CANCELLED'
          and exists (select 1 from document_description dd where dd.journal_post_id = jp.id)
        order by c.case_number, jp.document_number limit 1`,
    );
    const [added] = await query<{ id: string; document_number: number }>(
      em,
      sql`insert into document_description (id, journal_post_id, document_number, role, title, status, created_by_id, created_at, version)
        select gen_random_uuid(), ${post!.id}, coalesce(max(document_number), 0) + 1, 'ATTACHMENT', 'Vedlegg uten arkivformat', 'FINALISED', ${post!.by}, now(), 1
        from document_description where journal_post_id = ${post!.id}
        returning id, document_number`,
    );
    try {
      const res = await server.gql(START, { id: PART }, { token: tokens.arkivar });
      expect(res.body.errors).toBeUndefined();
      const id = res.body.data.exportArchivePart.id;
      const job = await waitForExport(server, tokens.arkivar!, id);
      expect(job.state).toBe('FAILED');
      expect(job.downloadUrl).toBeNull();
      expect(job.sha256).toBeNull();
      expect(job.errors).toEqual([
        `Journal post ${post!.registry_id}, document ${added!.document_number}: no file in arkivformat (ARCHIVE variant, PDF/A)`,
      ]);
      expect(job.errors.join(' ')).not.toContain('Vedlegg uten arkivformat');
      const rawId = rawIdOf(id);
      const [row] = await query<{ package_file: string | null }>(
        em,
        sql`select package_file from archive_export where id = ${rawId}`,
      );
      expect(row!.package_file).toBeNull();
      const orgDir = path.join(exportDir, '00000000-0000-4000-8000-000000000001');
      expect(existsSync(path.join(orgDir, `${rawId}.tar`))).toBe(false);
      expect(existsSync(path.join(orgDir, `${rawId}.tar.partial`))).toBe(false);
    } finally {
      await query(em, sql`delete from document_description where id = ${added!.id}`);
    }
  });
});
