import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { exportArchivePartCommand } from '../../src/exports/cli/archivePart';
import { query, sql } from '../../src/db/sqlTemplate';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import { sha256, waitForExport } from './support-package';

/**
 * The package's download route hands a whole archive part on: archivists of its organisation
 * only, a finished export only. And the command line runs the same export as the mutation.
 */
let server: TestServer;
let exportDir: string;
const CLOSED_PART = '00000000-0000-4000-8000-00000000a100';
const tokens: Record<string, string> = {};
let succeeded: { id: string; downloadUrl: string };

const START = `mutation ($id: ID!) { exportArchivePart(input: { archivePartId: $id }) { id } }`;

beforeAll(async () => {
  exportDir = await mkdtemp(path.join(os.tmpdir(), 'exports-'));
  server = await startTestServer({ data: 'municipalities', env: { EXPORT_DIR: exportDir } });
  for (const u of ['arkivar', 'arkiv.saksbehandler', 'iveland.arkivar']) {
    tokens[u] = await server.tokenFor(u);
  }
  const res = await server.gql(
    START,
    { id: toGlobalId('ArchivePart', CLOSED_PART) },
    { token: tokens.arkivar },
  );
  const id = res.body.data.exportArchivePart.id;
  const job = await waitForExport(server, tokens.arkivar!, id);
  succeeded = { id, downloadUrl: job.downloadUrl };
}, 60_000);
afterAll(() => server?.close());

const download = (url: string, token?: string) =>
  fetch(`${server.url}${url}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('the package is downloaded by archivists of its organisation, once it is finished', () => {
  it('without a token: 401', async () => {
    const res = await download(succeeded.downloadUrl);
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a case handler: 403', async () => {
    const res = await download(succeeded.downloadUrl, tokens['arkiv.saksbehandler']);
    expect(res.status).toBe(403);
  });

  it('an archivist of another organisation: 404, as an export that does not exist', async () => {
    const res = await download(succeeded.downloadUrl, tokens['iveland.arkivar']);
    expect(res.status).toBe(404);
    const unknown = await download(
      `/archive/exports/${toGlobalId('ArchiveExport', '00000000-0000-4000-8000-0000000000ee')}/package.tar`,
      tokens.arkivar,
    );
    expect(unknown.status).toBe(404);
  });

  it('an export that has not succeeded: 409', async () => {
    const [queued] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`insert into archive_export (id, archive_part_id, requested_by_id, state, finished_at, errors)
        select gen_random_uuid(), ${CLOSED_PART}, id, 'FAILED', now(), '["test"]' from app_user where username = 'arkivar'
        returning id`,
    );
    const res = await download(
      `/archive/exports/${toGlobalId('ArchiveExport', queued!.id)}/package.tar`,
      tokens.arkivar,
    );
    expect(res.status).toBe(409);
    expect((await res.json()).errors[0].extensions.code).toBe('INVALID_STATE');
  });

  it('an archivist of the organisation: 200, and another audit event of the download', async () => {
    const res = await download(succeeded.downloadUrl, tokens.arkivar);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const [row] = await query<{ n: number }>(
      server.orm.em.fork(),
      sql`select count(*)::int as n from audit_event where action = 'archiveExport.download'`,
    );
    expect(row!.n).toBe(1);
  });
});

describe('the command line exports a part as a named archivist', () => {
  it('writes the package to the file and prints its path, size and SHA-256', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: server.databaseUrl,
      AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
      DATA_DIR: '.data/test',
      EXPORT_DIR: exportDir,
    });
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'cli-')), 'uttrekk.tar');
    const out: string[] = [];
    const err: string[] = [];
    const code = await exportArchivePartCommand(
      server.appOrm,
      config,
      [CLOSED_PART, file, '--as', 'arkivar', '--organisation', 'vennesla'],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const bytes = await readFile(file);
    expect(out).toContain(`Package: ${file}`);
    expect(out).toContain(`Size: ${bytes.length} bytes`);
    expect(out).toContain(`SHA-256: ${sha256(bytes)}`);
  });

  it('a case handler is refused with one line and exit code 1', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: server.databaseUrl,
      AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
      DATA_DIR: '.data/test',
      EXPORT_DIR: exportDir,
    });
    const err: string[] = [];
    const code = await exportArchivePartCommand(
      server.appOrm,
      config,
      [CLOSED_PART, '/tmp/never.tar', '--as', 'arkiv.saksbehandler'],
      { out: () => undefined, err: (l) => err.push(l) },
    );
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^FORBIDDEN: Only archivists/)]);
  });
});
