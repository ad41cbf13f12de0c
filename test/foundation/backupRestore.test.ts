import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../src/db/migrations/Migration20261202100000_organisations';
import { toGlobalId } from '../../src/schema/globalId';
import {
  asPostgres,
  clusterRoot,
  DebianCluster,
  debianPostgresMissing,
  removeClusters,
  seededDatabase,
  serveDatabase,
} from '../support/debianPostgres';
import { pdfa2b } from '../support/pdf';

/**
 * The restore drill of docs/operations.md ("Backup and restore"): a dump of the one database
 * (pg_dump -Fc) with a post registered and a document uploaded through the server, restored with
 * pg_restore on another PostgreSQL server, serves the post and the document's bytes as before. The
 * application's role is the server's, not the database's: a dump does not hold it.
 */

if (debianPostgresMissing) console.error(`Skipping the restore drill: ${debianPostgresMissing}`);

const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
const file = pdfa2b('Vedtak om skoleskyss');

let root = '';
let source: DebianCluster;
let target: DebianCluster;
let dump = '';
let postId = '';

async function gql(url: string, token: string, query: string, variables = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** pg_restore's exit and what it said. */
async function restore(database: string): Promise<{ ok: boolean; stderr: string }> {
  await target.query(`create database ${database}`);
  try {
    await asPostgres('pg_restore', [
      '-h',
      '127.0.0.1',
      '-p',
      String(target.port),
      '-U',
      'postgres',
      '-d',
      database,
      '--exit-on-error',
      dump,
    ]);
    return { ok: true, stderr: '' };
  } catch (err) {
    return { ok: false, stderr: String((err as { stderr?: string }).stderr) };
  }
}

describe.skipIf(debianPostgresMissing)(
  `backup and restore of the one database${debianPostgresMissing ? `: skipped, ${debianPostgresMissing}` : ''}`,
  () => {
    beforeAll(async () => {
      root = await clusterRoot();
      [source, target] = await Promise.all([
        DebianCluster.create(root, 'source'),
        DebianCluster.create(root, 'target'),
      ]);
      const databaseUrl = await seededDatabase(source, 'arkivgraf');
      const [ppt] = await source.query<{ id: string }>(
        `select id from unit where name = 'PPT'`,
        'arkivgraf',
      );
      const server = await serveDatabase(databaseUrl);
      try {
        const token = await server.tokenFor('saksbehandler');
        const { createCase } = await gql(
          server.url,
          token,
          `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
          { input: { title: 'Skoleskyss', responsibleUnitId: toGlobalId('Unit', ppt!.id) } },
        );
        const { registerJournalPost } = await gql(
          server.url,
          token,
          `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id } }`,
          { input: { caseId: createCase.id, title: 'Vedtak om skoleskyss', type: 'OUTGOING' } },
        );
        postId = registerJournalPost.id;
        const upload = await fetch(`${server.url}/documents/${postId}/PRODUCTION`, {
          method: 'PUT',
          headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
          body: new Uint8Array(file),
        });
        expect(upload.status).toBe(201);
      } finally {
        await server.close();
      }
      dump = path.join(root, 'arkivgraf.dump');
      await asPostgres('pg_dump', [
        '-h',
        '127.0.0.1',
        '-p',
        String(source.port),
        '-U',
        'postgres',
        '-Fc',
        '-f',
        dump,
        'arkivgraf',
      ]);
    }, 120_000);

    afterAll(async () => {
      if (root) await removeClusters(root, [source, target].filter(Boolean));
    });

    describe('the application role is the server`s: it must exist before the restore', () => {
      it(`a server without ${APP_ROLE} refuses the dump's grants`, async () => {
        const { ok, stderr } = await restore('without_role');
        expect(ok).toBe(false);
        expect(stderr).toContain(`role "${APP_ROLE}" does not exist`);
      }, 60_000);
    });

    describe('a restored database serves the post and the document byte for byte', () => {
      it('pg_restore after creating the role; the server starts on it and answers as before', async () => {
        await target.query(`create role ${APP_ROLE} nologin nosuperuser nobypassrls`);
        const { ok, stderr } = await restore('arkivgraf');
        expect(stderr).toBe('');
        expect(ok).toBe(true);
        const server = await serveDatabase(target.url('arkivgraf'));
        try {
          const token = await server.tokenFor('saksbehandler');
          const { journalPost } = await gql(
            server.url,
            token,
            `query($id: ID!) { journalPost(id: $id) { id title } }`,
            { id: postId },
          );
          expect(journalPost).toEqual({ id: postId, title: 'Vedtak om skoleskyss' });
          const res = await fetch(`${server.url}/documents/${postId}/PRODUCTION`, {
            headers: { authorization: `Bearer ${token}` },
          });
          expect(res.status).toBe(200);
          const bytes = Buffer.from(await res.arrayBuffer());
          expect(sha256(bytes)).toBe(sha256(file));
          expect(bytes.equals(file)).toBe(true);
        } finally {
          await server.close();
        }
      }, 60_000);
    });
  },
);
