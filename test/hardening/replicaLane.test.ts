import path from 'node:path';
import { type Request } from 'express';
import { describe, expect, it } from 'vitest';
import { graphqlLane } from '../../src/http/replicaLane';
import { loadTrustedDocuments, requestedDocument } from '../../src/http/trustedDocuments';

/** docs/scaling.md, "Read replicas": which GraphQL requests a replica may answer. */
const manifest = loadTrustedDocuments(
  path.resolve(__dirname, '../../docs/operations/trusted-documents.json'),
);
const hashOf = (start: string) =>
  [...manifest.entries()].find(([, text]) => text.startsWith(start))![0];

const post = (body: Record<string, unknown>) => ({ method: 'POST', body, query: {} }) as Request;
const laneOf = (req: Request, documents = manifest) =>
  graphqlLane(requestedDocument(req, documents), req.body?.operationName, 10_000);

describe('a query may be answered by a replica; a mutation and anything unclear by the primary', () => {
  it.each([
    ['a query in the body', post({ query: '{ me { username } }' }), 'replica'],
    ['a mutation in the body', post({ query: 'mutation { x }' }), 'primary'],
    [
      'the named operation of several',
      post({ query: 'query A { a } mutation B { b }', operationName: 'B' }),
      'primary',
    ],
    ['a document that does not parse', post({ query: 'query {' }), 'primary'],
    ['no document at all', post({}), 'primary'],
    [
      'a trusted query named by hash',
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf('query Me ') } } }),
      'replica',
    ],
    [
      'a trusted mutation named by hash',
      post({
        extensions: { persistedQuery: { version: 1, sha256Hash: hashOf('mutation CreateCase') } },
      }),
      'primary',
    ],
    [
      'a hash no trusted document has',
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }),
      'primary',
    ],
  ] as const)('%s: %s', (_what, req, lane) => {
    expect(laneOf(req)).toBe(lane);
  });

  it('a GET names its query in the URL', () => {
    const req = { method: 'GET', query: { query: '{ me { username } }' } } as unknown as Request;
    expect(laneOf(req)).toBe('replica');
  });
});
