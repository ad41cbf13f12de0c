import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Optimistic locking across requests: an edit made on a copy loaded before someone else's change
 * is refused with STALE_VERSION and changes nothing, so no change is lost silently.
 */
let server: TestServer;
let token: string;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  token = await server.tokenFor('saksbehandler');
  const units = await server.gql('{ units(first: 100) { nodes { id name } } }', {}, { token });
  const ppt = units.body.data.units.nodes.find((u: { name: string }) => u.name === 'PPT').id;
  const created = await server.gql(
    'mutation($u: ID!) { createCase(input: { title: "Kartlegging av lesevansker", responsibleUnitId: $u }) { id version } }',
    { u: ppt },
    { token },
  );
  expect(created.body.errors).toBeUndefined();
  caseId = created.body.data.createCase.id;
});
afterAll(() => server?.close());

describe('A case edited on a stale copy is refused', () => {
  it('the first edit with the loaded version wins; the second with the same version gets STALE_VERSION with the current version', async () => {
    const loaded = await server.gql(
      'query($id: ID!) { case(id: $id) { version title } }',
      { id: caseId },
      { token },
    );
    const version = loaded.body.data.case.version;
    const update =
      'mutation($id: ID!, $t: String!, $v: Int) { updateCase(input: { id: $id, title: $t, expectedVersion: $v }) { title version } }';
    const first = await server.gql(
      update,
      { id: caseId, t: 'Kartlegging av lesevansker 2027', v: version },
      { token },
    );
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.updateCase.version).toBe(version + 1);
    const stale = await server.gql(update, { id: caseId, t: 'Overskrevet', v: version }, { token });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_VERSION',
      currentVersion: version + 1,
    });
    expect(stale.body.errors?.[0]?.message).toMatch(/changed by someone else/);
    const now = await server.gql(
      'query($id: ID!) { case(id: $id) { title version } }',
      { id: caseId },
      { token },
    );
    expect(now.body.data.case).toEqual({
      title: 'Kartlegging av lesevansker 2027',
      version: version + 1,
    });
  });
});

describe('A journal post edited on a stale copy is refused', () => {
  it('the second edit with an old version gets STALE_VERSION and changes nothing', async () => {
    const registered = await server.gql(
      'mutation($c: ID!) { registerJournalPost(input: { caseId: $c, type: OUTGOING, title: "Innkalling til møte" }) { id version } }',
      { c: caseId },
      { token },
    );
    expect(registered.body.errors).toBeUndefined();
    const { id, version } = registered.body.data.registerJournalPost;
    const update =
      'mutation($id: ID!, $t: String!, $v: Int) { updateJournalPost(input: { id: $id, title: $t, expectedVersion: $v }) { title version } }';
    const first = await server.gql(
      update,
      { id, t: 'Innkalling til samarbeidsmøte', v: version },
      { token },
    );
    expect(first.body.errors).toBeUndefined();
    const stale = await server.gql(update, { id, t: 'Overskrevet', v: version }, { token });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_VERSION',
      currentVersion: version + 1,
    });
    const now = await server.gql(
      'query($id: ID!) { journalPost(id: $id) { title } }',
      { id },
      { token },
    );
    expect(now.body.data.journalPost.title).toBe('Innkalling til samarbeidsmøte');
  });
});
