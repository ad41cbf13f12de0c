import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { RoleGrant, Unit, User } from '../../src/entities';
import { Role } from '../../src/entities/enums';
import { listedChecksums, openPackage } from '../../src/imports/package';
import { importArchivePackage } from '../../src/services/archiveImports';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { runCli } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';

// A deposit package (arkivuttrekk) is checked as a whole before any record of it is written, and
// only an archivist of the organisation imports one (docs/noark5.md, "Import"). The import of the
// records themselves, and the round trip with the export, are tested in test/exports.

let server: TestServer;
let organisationId: string;
let work: string;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An ADDML document of the Noark 5 shape naming each file with a SHA-256 checksum. */
function arkivuttrekk(files: Record<string, string>): string {
  const file = (name: string, checksum: string) =>
    `<dataObject name="${name.replace('.xml', '')}"><properties><property name="file"><properties>` +
    `<property name="name"><value>${name}</value></property>` +
    `<property name="type"><value>xml</value></property>` +
    `<property name="schema"><properties><property name="name"><value>${name.replace('.xml', '.xsd')}</value></property>` +
    `<property name="checksum"><properties><property name="algorithm"><value>SHA256</value></property>` +
    `<property name="value"><value>${'0'.repeat(64)}</value></property></properties></property></properties></property>` +
    `<property name="checksum"><properties><property name="algorithm"><value>SHA256</value></property>` +
    `<property name="value"><value>${checksum}</value></property></properties></property>` +
    `</properties></property></properties></dataObject>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?><addml xmlns="http://www.arkivverket.no/standarder/addml">' +
    '<dataset><dataObjects><dataObject name="Noark 5 arkivuttrekk"><dataObjects>' +
    Object.entries(files)
      .map(([name, checksum]) => file(name, checksum))
      .join('') +
    '</dataObjects></dataObject></dataObjects></dataset></addml>'
  );
}

const ARKIVSTRUKTUR =
  '<?xml version="1.0" encoding="UTF-8"?><arkiv xmlns="http://www.arkivverket.no/standarder/noark5/arkivstruktur"/>';

/** A tar of the given files (text, or a link target) under `top` (or at the root). */
async function packageOf(
  files: Record<string, string | { link: string }>,
  top: string | null = null,
): Promise<string> {
  const source = await mkdtemp(path.join(work, 'src-'));
  const base = top ? path.join(source, top) : source;
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(base, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'string') await writeFile(file, content);
    else await symlink(content.link, file);
  }
  const tarFile = path.join(work, `${randomUUID()}.tar`);
  await tar.c({ file: tarFile, cwd: source }, top ? [top] : Object.keys(files));
  return tarFile;
}

const importAs = (username: string, file: string) =>
  importArchivePackage(server.orm.em.fork(), {
    organisationId,
    username,
    file,
    requestId: `test-${randomUUID()}`,
  });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function importEvents(): Promise<number> {
  return inOrganisation(server.orm.em, organisationId, async (em) => {
    const rows = await em.execute<{ n: string }[]>(
      `select count(*) as n from audit_event where action = 'organisation.importArchive'`,
    );
    return Number(rows[0]!.n);
  });
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  work = await mkdtemp(path.join(tmpdir(), 'arkivgraf-import-test-'));
  organisationId = await createTestOrganisation(server.orm, { shortName: 'flytting' });
  await inOrganisation(server.orm.em, organisationId, async (em) => {
    const unit = em.create(Unit, { name: 'Arkivet' });
    const archivist = em.create(User, { username: 'arkivar', displayName: 'Arkivar', unit });
    em.create(RoleGrant, { user: archivist, role: Role.ARCHIVIST, unit: null });
    const handler = em.create(User, {
      username: 'saksbehandler',
      displayName: 'Saksbehandler',
      unit,
    });
    em.create(RoleGrant, { user: handler, role: Role.CASE_HANDLER, unit });
    await em.flush();
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('The checksums of arkivuttrekk.xml are read by the names of their properties', () => {
  it('gives each described file with its algorithm and value, not the schema checksums', () => {
    const listed = listedChecksums(arkivuttrekk({ 'arkivstruktur.xml': 'ab'.repeat(32) }));
    expect(listed).toEqual([
      { name: 'arkivstruktur.xml', algorithm: 'SHA256', expected: 'ab'.repeat(32) },
    ]);
  });
});

describe('A package is checked as a whole before anything is imported', () => {
  it('refuses a file whose checksum differs from arkivuttrekk.xml, naming it', async () => {
    const file = await packageOf({
      'arkivstruktur.xml': ARKIVSTRUKTUR,
      'arkivuttrekk.xml': arkivuttrekk({ 'arkivstruktur.xml': sha256('something else') }),
    });
    const err = await refusal(importAs('arkivar', file));
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.errors).toEqual([
      expect.stringContaining(`arkivuttrekk.xml gives arkivstruktur.xml the checksum`),
    ]);
    expect(await importEvents()).toBe(0);
  });

  it('refuses a file that arkivuttrekk.xml names and the package lacks', async () => {
    const file = await packageOf({
      'arkivstruktur.xml': ARKIVSTRUKTUR,
      'arkivuttrekk.xml': arkivuttrekk({
        'arkivstruktur.xml': sha256(ARKIVSTRUKTUR),
        'endringslogg.xml': sha256('x'),
      }),
    });
    const err = await refusal(importAs('arkivar', file));
    expect(err.extensions.errors).toEqual([
      'arkivuttrekk.xml names endringslogg.xml, which is missing',
    ]);
  });

  it('refuses a package without arkivstruktur.xml', async () => {
    const file = await packageOf({ 'loependeJournal.xml': '<x/>' });
    const err = await refusal(importAs('arkivar', file));
    expect(err.extensions.errors).toEqual([
      'The package holds no arkivstruktur.xml (at its root or in its one top folder)',
    ]);
  });

  it('refuses a package holding a link, and unpacks nothing outside its own folder', async () => {
    const file = await packageOf({
      'arkivstruktur.xml': ARKIVSTRUKTUR,
      'dokumenter/passwd.pdf': { link: '/etc/passwd' },
    });
    const err = await refusal(importAs('arkivar', file));
    expect(err.extensions.errors).toEqual([
      expect.stringMatching(/^The package holds an entry that is no file: .*passwd\.pdf/),
    ]);
  });

  it('finds arkivstruktur.xml in the one top folder of the package', async () => {
    const file = await packageOf(
      { 'arkivstruktur.xml': ARKIVSTRUKTUR, 'dokumenter/a.pdf': '%PDF-1.7' },
      'uttrekk',
    );
    const opened = await openPackage(file);
    try {
      expect(opened.errors).toEqual([]);
      expect(path.basename(opened.root)).toBe('uttrekk');
      expect((await opened.files('dokumenter/a.pdf'))?.toString()).toBe('%PDF-1.7');
    } finally {
      await opened.close();
    }
  });

  it('reads document files only from inside the package', async () => {
    const file = await packageOf({ 'arkivstruktur.xml': ARKIVSTRUKTUR });
    const opened = await openPackage(file);
    try {
      expect(await opened.files('../../../etc/passwd')).toBeNull();
      expect(await opened.files('/etc/passwd')).toBeNull();
      expect(await opened.files('dokumenter/none.pdf')).toBeNull();
    } finally {
      await opened.close();
    }
  });
});

describe('Only an archivist of the organisation imports a package', () => {
  it('refuses a case handler and an unknown user with FORBIDDEN, before reading the package', async () => {
    const file = await packageOf({ 'arkivstruktur.xml': ARKIVSTRUKTUR });
    for (const username of ['saksbehandler', 'nobody']) {
      const err = await refusal(importAs(username, file));
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await importEvents()).toBe(0);
  });
});

describe('The command line imports a package and says what it refused', () => {
  const cli = (args: string[]) =>
    runCli('src/imports/cli/import-package.ts', args, { DATABASE_URL: server.databaseUrl });

  it('prints its usage when an argument is missing', async () => {
    const run = await cli(['package.tar', '--organisation', 'flytting']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Usage: npm run import:archive-package');
  }, 60_000);

  it('lists every mistake of a refused package and exits 1', async () => {
    const file = await packageOf({ 'loependeJournal.xml': '<x/>' });
    const run = await cli([file, '--organisation', 'flytting', '--as', 'arkivar']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The package cannot be imported: 1 mistake');
    expect(run.stderr).toContain('- The package holds no arkivstruktur.xml');
  }, 60_000);
});
