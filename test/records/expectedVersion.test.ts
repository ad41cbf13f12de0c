import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Optimistic concurrency on every change of a case or journal post (docs/api-conventions.md,
 * "Mutations"): each input takes `expectedVersion`; a version that is no longer the record's is
 * refused before the rule of the change runs, and changes nothing. Omitted, the change applies to
 * whatever the version is. (staleEdits.test.ts shows two edits racing on updateCase and
 * updateJournalPost.)
 */
let server: TestServer;
const tokens = new Map<string, string>();
const ids: { ppt: string; users: Record<string, string> } = { ppt: '', users: {} };

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const [unit] = await rows<{ id: string }>(sql`select id from unit where name = 'PPT'`);
  ids.ppt = toGlobalId('Unit', unit!.id);
  const users = await rows<{ id: string; username: string }>(
    sql`select id, username from app_user`,
  );
  for (const u of users) ids.users[u.username] = toGlobalId('User', u.id);
});
afterAll(() => server?.close());

const rows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

async function as(username: string, q: string, variables: Record<string, unknown> = {}) {
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

async function newCase(title: string): Promise<string> {
  const res = await as(
    'saksbehandler',
    'mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }',
    { input: { title, responsibleUnitId: ids.ppt } },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createCase.id;
}

async function newPost(caseId: string, type: 'OUTGOING' | 'INCOMING'): Promise<string> {
  const res = await as(
    'saksbehandler',
    'mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id } }',
    { input: { caseId, type, title: 'Referat fra samarbeidsmøte' } },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.registerJournalPost.id;
}

/** The record's version and the number of its audit events, read as the archive. */
async function stateOf(id: string): Promise<{ version: number; events: number }> {
  const res = await as(
    'arkivar',
    'query($id: ID!) { node(id: $id) { ... on Case { version } ... on JournalPost { version } } }',
    { id },
  );
  const [audit] = await rows<{ n: number }>(
    sql`select count(*)::int as n from audit_event where target_id = ${idOf(id)}`,
  );
  return { version: res.body.data.node.version, events: audit!.n };
}

const idOf = (globalId: string): string => fromGlobalId(globalId)!.id;

/** A mutation, who may make it, and the input fields besides `id` and `expectedVersion`. */
type Change = [name: string, actor: string, fields: () => Record<string, unknown>];

const mutation = (name: string) =>
  `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { id } }`;

async function refusedWhenStale([name, actor, fields]: Change, id: string): Promise<void> {
  const before = await stateOf(id);
  const res = await as(actor, mutation(name), {
    input: { id, expectedVersion: before.version - 1, ...fields() },
  });
  const error = res.body.errors?.[0];
  expect(error?.extensions, JSON.stringify(res.body.errors)).toMatchObject({
    code: 'STALE_VERSION',
    currentVersion: before.version,
  });
  expect(error?.message).toMatch(/version/);
  expect(await stateOf(id)).toEqual(before);
}

const CASE_CHANGES: Change[] = [
  ['updateCase', 'saksbehandler', () => ({ title: 'Endret tittel' })],
  ['approveCase', 'arkivar', () => ({})],
  ['closeCase', 'arkivar', () => ({})],
  ['reopenCase', 'arkivar', () => ({ reason: 'Nytt brev' })],
  ['cancelCase', 'saksbehandler', () => ({ reason: 'Duplikat' })],
  ['addInternalContact', 'saksbehandler', () => ({ userId: ids.users['ppt.radgiver'] })],
  ['removeInternalContact', 'saksbehandler', () => ({ userId: ids.users['ppt.radgiver'] })],
  ['assignCaseResponsible', 'arkivar', () => ({ userId: ids.users['ppt.radgiver'] })],
];

const POST_CHANGES: Change[] = [
  ['updateJournalPost', 'saksbehandler', () => ({ title: 'Endret referat' })],
  ['finalizeJournalPost', 'saksbehandler', () => ({})],
  ['sendForApproval', 'saksbehandler', () => ({ approverId: ids.users.leder })],
  ['dispatchJournalPost', 'saksbehandler', () => ({})],
  ['cancelJournalPost', 'saksbehandler', () => ({ reason: 'Feilregistrert' })],
  ['assessScreening', 'saksbehandler', () => ({ screeningCodeId: null })],
  ['confirmJournalPost', 'arkivar', () => ({})],
  ['correctJournalPost', 'arkivar', () => ({ reason: 'Feil dato', documentDate: '2026-01-05' })],
  ['publishNow', 'arkivar', () => ({})],
  ['holdFromPublicJournal', 'arkivar', () => ({ reason: 'Vurderes' })],
  ['resetPublication', 'arkivar', () => ({})],
];

describe('A change of a case on a stale version is refused and changes nothing', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = await newCase('Kartlegging av lesevansker');
  });

  it.each(CASE_CHANGES)('%s', async (...change) => {
    await refusedWhenStale(change, caseId);
  });

  it('who may not make the change is refused as before, and learns no version', async () => {
    const before = await stateOf(caseId);
    const res = await as('nav.saksbehandler', mutation('updateCase'), {
      input: { id: caseId, expectedVersion: before.version - 1, title: 'Endret tittel' },
    });
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('FORBIDDEN');
    expect(error?.message).not.toMatch(/version/);
    expect(await stateOf(caseId)).toEqual(before);
  });

  it('with the version loaded, or none, the change goes through', async () => {
    const { version } = await stateOf(caseId);
    const approved = await as('arkivar', mutation('approveCase'), {
      input: { id: caseId, expectedVersion: version },
    });
    expect(approved.body.errors).toBeUndefined();
    expect((await stateOf(caseId)).version).toBe(version + 1);
    const added = await as('saksbehandler', mutation('addInternalContact'), {
      input: { id: caseId, userId: ids.users['ppt.radgiver'] },
    });
    expect(added.body.errors).toBeUndefined();
  });
});

describe('A change of a journal post on a stale version is refused and changes nothing', () => {
  let caseId: string;
  let postId: string;
  beforeAll(async () => {
    caseId = await newCase('Samarbeid med helsestasjonen');
    postId = await newPost(caseId, 'OUTGOING');
  });

  it.each(POST_CHANGES)('%s', async (...change) => {
    await refusedWhenStale(change, postId);
  });

  it('writeOffJournalPost', async () => {
    const incoming = await newPost(caseId, 'INCOMING');
    await refusedWhenStale(
      ['writeOffJournalPost', 'saksbehandler', () => ({ method: 'NOTED' })],
      incoming,
    );
  });

  it.each([
    ['approveJournalPost', () => ({})],
    ['rejectJournalPost', () => ({ comment: 'Skriv om' })],
    ['forwardForApproval', () => ({ approverId: ids.users['ppt.radgiver'] })],
  ] as const)('%s, by the leader asked', async (name, fields) => {
    const awaiting = await newPost(caseId, 'OUTGOING');
    const sent = await as('saksbehandler', mutation('sendForApproval'), {
      input: { id: awaiting, approverId: ids.users.leder },
    });
    expect(sent.body.errors).toBeUndefined();
    await refusedWhenStale([name, 'leder', fields], awaiting);
  });

  it('with the version loaded, or none, the change goes through', async () => {
    const { version } = await stateOf(postId);
    const finalized = await as('saksbehandler', mutation('finalizeJournalPost'), {
      input: { id: postId, expectedVersion: version },
    });
    expect(finalized.body.errors).toBeUndefined();
    expect((await stateOf(postId)).version).toBe(version + 1);
    const published = await as('arkivar', mutation('publishNow'), { input: { id: postId } });
    expect(published.body.errors).toBeUndefined();
  });
});
