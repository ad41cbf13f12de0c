import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROOT_FIELDS } from '../../src/policies/publicOperations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The public may call only the public root fields (src/policies/publicOperations.ts,
 * docs/security.md "What the public may call"): every other query or mutation is answered 401
 * UNAUTHENTICATED with the request id, before anything runs, never an empty answer.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

/** A literal for a required argument: any value of the right type will do, nothing runs. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    if (type.name === 'Int' || type.name === 'Float') return '1';
    if (type.name === 'Boolean') return 'false';
    if (type.name === 'DateTime') return '"2026-01-01T00:00:00Z"';
    if (type.name === 'Date') return '"2026-01-01"';
  }
  return '"x"';
}

function callOf(field: GraphQLField<unknown, unknown>): string {
  const args = field.args
    .filter((a: GraphQLArgument) => isNonNullType(a.type))
    .map((a) => `${a.name}: ${literal(a.type)}`);
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection}`;
}

/** Every root field of the committed schema the public may not call, as a minimal operation. */
function internalOperations(): (readonly [string, string])[] {
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
  return (['query', 'mutation'] as const).flatMap((rootType) => {
    const root = rootType === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const open = new Set<string>(PUBLIC_ROOT_FIELDS[rootType]);
    return Object.values(root.getFields())
      .filter((f) => !open.has(f.name))
      .map((f) => [`${rootType} ${f.name}`, `${rootType} { ${callOf(f)} }`] as const);
  });
}

const internal = internalOperations();

const WRITES = /^\s*(insert|update|delete)\b/i;

describe('The public calling an internal operation is told to sign in, and nothing changes', () => {
  it('covers every internal root field of the schema', () => {
    expect(internal.length).toBeGreaterThan(50);
  });

  it.each(internal)('%s: 401 UNAUTHENTICATED with the request id', async (_name, document) => {
    server.statements.length = 0;
    const res = await server.gql(document);
    expect(res.status, res.text).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(server.statements.filter((s) => WRITES.test(s))).toEqual([]);
  });

  it('an internal field beside a public one, or through a fragment, refuses the whole operation', async () => {
    for (const document of [
      '{ publicJournal(first: 1) { totalCount } cases { totalCount } }',
      '{ ...F } fragment F on Query { cases { totalCount } }',
      '{ ... on Query { list: cases { totalCount } } }',
    ]) {
      const res = await server.gql(document);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a signed-in user calls the same field as before', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql('{ cases { totalCount } }', {}, { token });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});

describe('The public root fields work without a token', () => {
  it('publicJournal, me (null) and __typename', async () => {
    const res = await server.gql('{ __typename me { id } publicJournal(first: 1) { totalCount } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ __typename: 'Query', me: null });
  });

  it('insightRequestStatus and appealInsightDecision answer on their own terms', async () => {
    const status = await server.gql('{ insightRequestStatus(reference: "none") { reference } }');
    expect(status.status).toBe(200);
    expect(status.body.errors?.[0]?.extensions?.code).not.toBe('UNAUTHENTICATED');
    const appeal = await server.gql(
      'mutation { appealInsightDecision(input: { reference: "none", reason: "r" }) { reference } }',
    );
    expect(appeal.status).toBe(200);
    expect(appeal.body.errors?.[0]?.extensions?.code).not.toBe('UNAUTHENTICATED');
  });

  it('submitInsightRequest refuses bad input as bad input', async () => {
    const res = await server.gql(
      'mutation { submitInsightRequest(input: { entryIds: [], requesterEmail: "x@example.org" }) { reference } }',
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Every error carries the request id', () => {
  it('a 401 for an invalid token', async () => {
    const res = await server.gql('{ me { id } }', {}, { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      requestId: res.body.errors?.[0]?.extensions?.requestId,
    });
    expect(res.body.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a 401 carries the caller’s own request id', async () => {
    const res = await server.gql(
      '{ cases { totalCount } }',
      {},
      { headers: { 'x-request-id': 'trace-401-abcdef' } },
    );
    expect(res.body.errors?.[0]?.extensions?.requestId).toBe('trace-401-abcdef');
  });

  it('a GraphQL error of execution', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql('{ case(id: "nope") { id } }', {}, { token });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.body.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
