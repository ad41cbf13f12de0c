import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { AppError } from '../../src/domain/errors';
import { RoleGrant, Unit, User } from '../../src/entities';
import { Role } from '../../src/entities/enums';
import { toGlobalId } from '../../src/schema/globalId';
import { importArchivePackage } from '../../src/services/archiveImports';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';
import { comparable } from './support-arkivstruktur';
import { downloadAndUnpack, filesUnder, sha256, waitForExport } from './support-package';

// What Arkivgraf exports it reads back (docs/noark5.md, "Import of a deposit package"): the demo's
// closed archive part goes out as a package through the export job, into an empty organisation
// through the import, and out again; the two arkivstruktur.xml are the same apart from system ids,
// and the documents are the same bytes.

let server: TestServer;
let work: string;
const CLOSED_PART = '00000000-0000-4000-8000-00000000a100';
const START = `mutation ($id: ID!) { exportArchivePart(input: { archivePartId: $id }) { id } }`;

interface Exported {
  dir: string;
  tarFile: string;
  arkivstruktur: string;
  documents: Map<string, string>;
}

/** Exports the part as `token`'s archivist and unpacks the package. */
async function exportPart(token: string, partId: string): Promise<Exported> {
  const res = await server.gql(START, { id: toGlobalId('ArchivePart', partId) }, { token });
  expect(res.body.errors).toBeUndefined();
  const job = await waitForExport(server, token, res.body.data.exportArchivePart.id);
  expect(job.errors).toEqual([]);
  expect(job.state).toBe('SUCCEEDED');
  const { bytes, dir } = await downloadAndUnpack(server, token, job.downloadUrl);
  const tarFile = path.join(work, `${randomUUID()}.tar`);
  await writeFile(tarFile, bytes);
  const files = await filesUnder(dir);
  const top = files.find((f) => f.endsWith('arkivstruktur.xml'))!.split(path.sep)[0]!;
  const documents = new Map<string, string>();
  for (const f of files.filter((name) => name.includes(`${path.sep}dokumenter${path.sep}`))) {
    documents.set(path.basename(f), sha256(await readFile(path.join(dir, f))));
  }
  return {
    dir,
    tarFile,
    arkivstruktur: await readFile(path.join(dir, top, 'arkivstruktur.xml'), 'utf8'),
    documents,
  };
}

/** An organisation with one archivist and no records. */
async function emptyOrganisation(shortName: string): Promise<string> {
  const id = await createTestOrganisation(server.orm, { shortName });
  await inOrganisation(server.orm.em, id, async (em) => {
    const unit = em.create(Unit, { name: 'Arkivet' });
    const archivist = em.create(User, {
      username: `${shortName}.arkivar`,
      displayName: `Arkivar i ${shortName}`,
      unit,
    });
    em.create(RoleGrant, { user: archivist, role: Role.ARCHIVIST, unit: null });
    await em.flush();
  });
  return id;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'arkivgraf-roundtrip-'));
  server = await startTestServer({ data: 'demo', env: { EXPORT_DIR: path.join(work, 'exports') } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('A deposit package exported by Arkivgraf is imported back and exports the same', () => {
  let first: Exported;
  let target: string;

  it('imports the demo closed part into an empty organisation, every record and file', async () => {
    first = await exportPart(await server.tokenFor('arkivar'), CLOSED_PART);
    expect(first.documents.size).toBeGreaterThan(0);
    target = await emptyOrganisation('flytting');
    const result = await importArchivePackage(server.orm.em.fork(), {
      organisationId: target,
      username: 'flytting.arkivar',
      file: first.tarFile,
      requestId: `test-${randomUUID()}`,
    });
    expect(result.unknownElements).toEqual([]);
    expect(result.cases).toBe((first.arkivstruktur.match(/<mappe /g) ?? []).length);
    expect(result.journalPosts).toBe((first.arkivstruktur.match(/<registrering /g) ?? []).length);
    expect(result.documentFiles).toBe(first.documents.size);
    expect(result.checkedFiles.map((c) => c.name).sort()).toEqual([
      'arkivstruktur.xml',
      'endringslogg.xml',
      'loependeJournal.xml',
      'offentligJournal.xml',
    ]);
    expect(result.checkedFiles.every((c) => c.actual === c.expected)).toBe(true);
  });

  it('exports the imported part again: the same arkivstruktur.xml apart from system ids', async () => {
    const [part] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from archive_part where organisation_id = ${target}`,
    );
    const again = await exportPart(await server.tokenFor('flytting.arkivar'), part!.id);
    expect(comparable(again.arkivstruktur)).toBe(comparable(first.arkivstruktur));
    expect([...again.documents.values()].sort()).toEqual([...first.documents.values()].sort());
  });

  it('records the import once, with the package checksum and the counts', async () => {
    const events = await inOrganisation(server.orm.em, target, (em) =>
      query<{ action: string; changes: Record<string, { new: unknown }> }>(
        em,
        sql`select action, changes from audit_event
          where organisation_id = ${target} and action = 'organisation.importArchive'`,
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.package!.new).toEqual({
      sha256: sha256(await readFile(first.tarFile)),
    });
  });

  it('refuses a second import into the organisation, which now holds records', async () => {
    const err = await importArchivePackage(server.orm.em.fork(), {
      organisationId: target,
      username: 'flytting.arkivar',
      file: first.tarFile,
      requestId: `test-${randomUUID()}`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_STATE');
  });
});
