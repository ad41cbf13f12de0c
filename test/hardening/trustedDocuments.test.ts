import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrustedDocumentsManifest, MANIFEST } from '../../src/http/cli/trusted-documents';
import { loadTrustedDocuments, sha256 } from '../../src/http/trustedDocuments';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Persisted operations (docs/security.md, "Trusted documents"): with TRUSTED_DOCUMENTS_ONLY=true
 * only the operations of docs/operations/trusted-documents.json run, by hash or by exact text.
 */
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const entry = (operation: string): { hash: string; text: string } => {
  const found = Object.entries(manifest).find(([, text]) => text.includes(`query ${operation}`));
  if (!found) throw new Error(`no ${operation} in the manifest`);
  return { hash: found[0].replace(/^sha256:/, ''), text: found[1] };
};

let on: TestServer;
let off: TestServer;
let token: string;

beforeAll(async () => {
  on = await startTestServer({ data: 'demo', env: { TRUSTED_DOCUMENTS_ONLY: 'true' } });
  off = await startTestServer({ databaseUrl: on.databaseUrl });
  token = await on.tokenFor('saksbehandler');
});
afterAll(async () => {
  await off?.close();
  await on?.close();
});

async function send(server: TestServer, body: unknown, method: 'POST' | 'GET' = 'POST') {
  const headers = { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' };
  const res =
    method === 'POST'
      ? await fetch(`${server.url}/graphql`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      : await fetch(
          `${server.url}/graphql?${new URLSearchParams(
            Object.entries(body as Record<string, unknown>).map(([k, v]) => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          )}`,
          { headers },
        );
  return { status: res.status, body: (await res.json()) as any };
}

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('The manifest', () => {
  it('is up to date with docs/operations (npm run trusted-documents)', async () => {
    expect(await buildTrustedDocumentsManifest()).toBe(readFileSync(MANIFEST, 'utf8'));
  }, 60_000);

  it('holds every example operation, each under the sha256 of its text', () => {
    const documents = loadTrustedDocuments(MANIFEST);
    for (const [hash, text] of documents) expect(sha256(text)).toBe(hash);
    for (const name of ['Me', 'Directory', 'NodeById', 'CaseDetail']) entry(name);
  });

  it('a manifest whose hash does not match its text stops the start', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-manifest-'));
    try {
      const file = path.join(dir, 'manifest.json');
      writeFileSync(file, JSON.stringify({ [`sha256:${'0'.repeat(64)}`]: '{ me { id } }' }));
      expect(() => loadTrustedDocuments(file)).toThrow(/does not match/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadTrustedDocuments('/nonexistent/manifest.json')).toThrow(
      /npm run trusted-documents/,
    );
  });
});

describe('TRUSTED_DOCUMENTS_ONLY=true: only published operations run', () => {
  it('an operation from docs/operations passes by hash (APQ), over POST and GET', async () => {
    const me = entry('Me');
    const post = await send(on, { extensions: apq(me.hash) });
    expect(post.status).toBe(200);
    expect(post.body.data.me.username).toBe('saksbehandler');
    const prefixed = await send(on, { extensions: apq(`sha256:${me.hash}`) });
    expect(prefixed.body.data.me.username).toBe('saksbehandler');
    const get = await send(on, { extensions: apq(me.hash) }, 'GET');
    expect(get.body.data.me.username).toBe('saksbehandler');
  });

  it('and by its exact text, with or without the hash', async () => {
    const directory = entry('Directory');
    const byText = await send(on, { query: directory.text });
    expect(byText.status).toBe(200);
    expect(byText.body.data.units.nodes.length).toBeGreaterThan(0);
    const both = await send(on, { query: directory.text, extensions: apq(directory.hash) });
    expect(both.body.data.units.nodes.length).toBeGreaterThan(0);
  });

  it('an ad-hoc query is refused with 400 OPERATION_NOT_TRUSTED, before it runs', async () => {
    for (const query of ['{ me { username } }', `${entry('Me').text} `]) {
      const res = await send(on, { query });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    }
    const get = await send(on, { query: '{ me { username } }' }, 'GET');
    expect(get.status).toBe(400);
    expect(get.body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
  });

  it('an ad-hoc query sent with its own hash (APQ registration) is refused too', async () => {
    const query = '{ users { nodes { username } } }';
    const res = await send(on, { query, extensions: apq(sha256(query)) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    const again = await send(on, { extensions: apq(sha256(query)) });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('an unknown hash gets 400 PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await send(on, { extensions: apq('f'.repeat(64)) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('TRUSTED_DOCUMENTS_ONLY off (the default): any valid operation runs', () => {
  it('an ad-hoc query works', async () => {
    const res = await send(off, { query: '{ me { username } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.me.username).toBe('saksbehandler');
  });
});
