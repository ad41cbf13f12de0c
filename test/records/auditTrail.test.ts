import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { accessLogSettled } from '../../src/services/accessLog';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The audit trail (domain.md, "Audit"): admins and archivists read it, newest first; an admin does
 * not read restricted records through it; full reads of restricted records through a role
 * (ARCHIVIST, LEADER) or an access-group membership are logged as access events
 * (test/access/accessLog.test.ts has every path).
 */
let server: TestServer;
const tokens: Record<string, string> = {};
const db = <T>(f: SqlFragment) => query<T>(server.orm.em.fork(), f);

async function as(
  who: string | null,
  q: string,
  variables: Record<string, unknown> = {},
  requestId?: string,
) {
  const token = who ? (tokens[who] ??= await server.tokenFor(who)) : undefined;
  return server.gql(q, variables, {
    ...(token ? { token } : {}),
    ...(requestId ? { headers: { 'x-request-id': requestId } } : {}),
  });
}

const EVENTS = `query Trail($actorId: ID, $targetId: ID, $action: String, $from: DateTime,
    $to: DateTime, $first: Int, $after: String) {
  auditEvents(
      filter: { actorId: $actorId, targetId: $targetId, action: $action,
                at: { from: $from, to: $to } },
      first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id at action targetType targetId changes reason redacted requestId
      actor { id username } } }
  }
}`;

interface Event {
  id: string;
  at: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: string | null;
  reason: string | null;
  redacted: boolean;
  requestId: string | null;
  actor: { id: string; username: string } | null;
}

async function trail(who: string, args: Record<string, unknown> = {}) {
  const res = await as(who, EVENTS, args);
  expect(res.body.errors).toBeUndefined();
  const c = res.body.data.auditEvents;
  return {
    events: c.edges.map((e: { node: Event }) => e.node) as Event[],
    cursors: c.edges.map((e: { cursor: string }) => e.cursor) as string[],
    totalCount: c.totalCount as number,
    pageInfo: c.pageInfo as { hasNextPage: boolean; endCursor: string | null },
  };
}

async function idOf(table: 'app_user' | 'case_file', where: SqlFragment): Promise<string> {
  const r = await db<{ id: string }>(sql`select id from ${raw(table)} where ${where}`);
  return r[0]!.id;
}

/** The first post of a case, by case number. */
async function postOf(caseNumber: string): Promise<{ id: string; title: string; caseId: string }> {
  const r = await db<{ id: string; title: string; case_id: string }>(
    sql`select jp.id, jp.title, jp.case_id from journal_post jp join case_file c on c.id = jp.case_id
      where c.case_number = ${caseNumber} order by jp.document_number limit 1`,
  );
  return { id: r[0]!.id, title: r[0]!.title, caseId: r[0]!.case_id };
}

const users: Record<string, string> = {};
let elevPost: { id: string; title: string; caseId: string };
let openPost: { id: string; title: string; caseId: string };
const SECRET = 'Aslak Tveide';

async function insertEvent(e: {
  at: string;
  actor: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes?: unknown;
  reason?: string | null;
}) {
  await db(sql`insert into audit_event (at, actor_id, action, target_type, target_id, changes,
      reason, request_id)
    values (${e.at}::timestamptz, ${e.actor ? users[e.actor]! : null}::uuid, ${e.action},
      ${e.targetType}, ${e.targetId}::uuid, ${e.changes === undefined ? null : JSON.stringify(e.changes)}::jsonb,
      ${e.reason ?? null}, 'seeded')`);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  for (const u of ['arkivar', 'admin', 'saksbehandler', 'elevtjeneste', 'leder', 'skole.leder']) {
    users[u] = await idOf('app_user', sql`username = ${u}`);
  }
  // Elevmappe – Aslak Tveide: access group Elev; arkivar, admin and leder have no relation to it.
  elevPost = await postOf('2024/13');
  openPost = (
    await db<{ id: string; title: string; case_id: string }>(
      sql`select jp.id, jp.title, jp.case_id from journal_post jp join case_file c on c.id = jp.case_id
        where jp.access_group_id is null and jp.screening_code_id is null
          and c.access_group_id is null order by jp.journal_date limit 1`,
    )
  ).map((r) => ({ id: r.id, title: r.title, caseId: r.case_id }))[0]!;
  expect(elevPost.title).toContain(SECRET);

  await insertEvent({
    at: '2026-01-10T10:00:00Z',
    actor: 'arkivar',
    action: 'journalPost.correct',
    targetType: 'JournalPost',
    targetId: elevPost.id,
    changes: {
      title: { old: elevPost.title, new: `${elevPost.title} (rettet)` },
      documentDate: { old: null, new: '2024-02-01' },
    },
    reason: `Feil i navnet til ${SECRET}`,
  });
  await insertEvent({
    at: '2026-01-11T10:00:00Z',
    actor: 'arkivar',
    action: 'journalPost.correct',
    targetType: 'JournalPost',
    targetId: openPost.id,
    changes: { documentDate: { old: '2026-01-01', new: '2026-01-02' } },
    reason: 'Feil dato',
  });
  await insertEvent({
    at: '2026-01-12T10:00:00Z',
    actor: 'arkivar',
    action: 'case.reopen',
    targetType: 'Case',
    targetId: elevPost.caseId,
    changes: { status: { old: 'CLOSED', new: 'IN_PROGRESS' } },
    reason: `Ny henvendelse om ${SECRET}`,
  });
  await insertEvent({
    at: '2026-01-13T10:00:00Z',
    actor: 'admin',
    action: 'user.assignRole',
    targetType: 'User',
    targetId: users.saksbehandler!,
    changes: { roles: { old: [], new: ['CASE_HANDLER'] } },
  });
  await insertEvent({
    at: '2026-01-14T10:00:00Z',
    actor: null,
    action: 'somethingElse.happened',
    targetType: 'SomethingElse',
    targetId: randomUUID(),
    changes: { note: { old: null, new: SECRET } },
  });
});
afterAll(() => server?.close());

describe('Only admins and archivists read the audit trail', () => {
  it.each(['saksbehandler', 'leder', 'elevtjeneste', 'innsyn'])(
    '%s gets FORBIDDEN',
    async (who) => {
      const res = await as(who, EVENTS);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data).toBeNull();
    },
  );

  it('the public is told to sign in (UNAUTHENTICATED)', async () => {
    const res = await as(null, EVENTS);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each(['arkivar', 'admin'])('%s reads it, newest first', async (who) => {
    const { events, totalCount } = await trail(who, { first: 100 });
    expect(totalCount).toBeGreaterThanOrEqual(5);
    const ats = events.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });
});

describe('An event names who did what to which object', () => {
  it('gives the actor as a User, the target as a global id, and changes as JSON', async () => {
    const { events } = await trail('arkivar', { action: 'journalPost.correct' });
    const e = events.find((x) => x.targetId === toGlobalId('JournalPost', openPost.id))!;
    expect(e).toMatchObject({
      action: 'journalPost.correct',
      targetType: 'JournalPost',
      actor: { username: 'arkivar', id: toGlobalId('User', users.arkivar!) },
      reason: 'Feil dato',
      redacted: false,
      requestId: 'seeded',
    });
    expect(JSON.parse(e.changes!)).toEqual({
      documentDate: { old: '2026-01-01', new: '2026-01-02' },
    });
    // The target id leads to the record.
    const post = await as('arkivar', `{ journalPost(id: "${e.targetId}") { registryId } }`);
    expect(post.body.data.journalPost.registryId).toBeTruthy();
  });

  it('an event of a kind without global ids gives the raw id', async () => {
    const { events } = await trail('arkivar', { action: 'somethingElse.happened' });
    expect(events).toHaveLength(1);
    expect(events[0]!.targetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0]!.actor).toBeNull();
  });

  it('a real change made through the API is in the trail with its request id', async () => {
    const res = await as(
      'admin',
      'mutation { createUnit(input: { name: "Revisjonen" }) { id } }',
      {},
      'req-audit-unit-1',
    );
    expect(res.body.errors).toBeUndefined();
    const { events } = await trail('arkivar', { targetId: res.body.data.createUnit.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'unit.create',
      targetType: 'Unit',
      requestId: 'req-audit-unit-1',
      actor: { username: 'admin' },
    });
  });
});

describe('The trail filters by actor, target, action and time', () => {
  it('actorId', async () => {
    const { events, totalCount } = await trail('arkivar', {
      actorId: toGlobalId('User', users.admin!),
    });
    expect(events.length).toBeGreaterThan(0);
    expect(totalCount).toBe(events.length);
    for (const e of events) expect(e.actor?.username).toBe('admin');
  });

  it('targetId, as the global id of a record', async () => {
    const { events } = await trail('arkivar', { targetId: toGlobalId('Case', elevPost.caseId) });
    expect(events.map((e) => e.action)).toEqual(['case.reopen']);
  });

  it('action', async () => {
    const { events, totalCount } = await trail('arkivar', { action: 'journalPost.correct' });
    expect(totalCount).toBe(2);
    expect(events.map((e) => e.targetId)).toEqual([
      toGlobalId('JournalPost', openPost.id),
      toGlobalId('JournalPost', elevPost.id),
    ]);
  });

  it('from and to, both included', async () => {
    const { events, totalCount } = await trail('arkivar', {
      from: '2026-01-11T10:00:00Z',
      to: '2026-01-13T10:00:00Z',
    });
    expect(events.map((e) => e.action)).toEqual([
      'user.assignRole',
      'case.reopen',
      'journalPost.correct',
    ]);
    expect(totalCount).toBe(3);
  });

  it('refuses ids of the wrong kind and a range that ends before it starts', async () => {
    const wrongActor = await as('arkivar', EVENTS, { actorId: toGlobalId('Unit', users.admin!) });
    expect(wrongActor.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'actorId'] }],
    });
    const wrongTarget = await as('arkivar', EVENTS, { targetId: 'nonsense' });
    expect(wrongTarget.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'targetId'] }],
    });
    const backwards = await as('arkivar', EVENTS, {
      from: '2026-02-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
    expect(backwards.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'at', 'from'], code: 'OUT_OF_RANGE' }],
    });
  });
});

describe('The trail is keyset-paged newest first, by time and then id', () => {
  beforeAll(async () => {
    // Twelve events in the same microsecond, and two a fraction of a millisecond apart.
    for (let i = 0; i < 12; i++) {
      await insertEvent({
        at: '2026-02-01T00:00:00.123456Z',
        actor: 'admin',
        action: 'test.tie',
        targetType: null,
        targetId: null,
      });
    }
    await insertEvent({
      at: '2026-02-02T00:00:00.123456Z',
      actor: 'admin',
      action: 'test.micro',
      targetType: null,
      targetId: null,
      reason: 'later',
    });
    await insertEvent({
      at: '2026-02-02T00:00:00.123400Z',
      actor: 'admin',
      action: 'test.micro',
      targetType: null,
      targetId: null,
      reason: 'earlier',
    });
  });

  async function allPages(who: string, args: Record<string, unknown>, first: number) {
    const seen: Event[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const p = await trail(who, { ...args, first, after });
      seen.push(...p.events);
      if (!p.pageInfo.hasNextPage) return { seen, totalCount: p.totalCount };
      after = p.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('pages through events of the same moment in id order, each once', async () => {
    const { seen, totalCount } = await allPages('arkivar', { action: 'test.tie' }, 5);
    expect(totalCount).toBe(12);
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((e) => e.id)).size).toBe(12);
    const ids = seen.map((e) => BigInt(Buffer.from(e.id, 'base64url').toString().split(':')[1]!));
    expect([...ids].sort((a, b) => (a < b ? 1 : -1))).toEqual(ids);
  });

  it('keeps microseconds in the cursor', async () => {
    const first = await trail('arkivar', { action: 'test.micro', first: 1 });
    expect(first.events.map((e) => e.reason)).toEqual(['later']);
    const next = await trail('arkivar', {
      action: 'test.micro',
      first: 1,
      after: first.pageInfo.endCursor,
    });
    expect(next.events.map((e) => e.reason)).toEqual(['earlier']);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('small pages give the same trail as one big page', async () => {
    const big = await trail('admin', { first: 100 });
    const { seen } = await allPages('admin', {}, 7);
    expect(seen.map((e) => e.id)).toEqual(big.events.map((e) => e.id));
    expect(big.totalCount).toBe(seen.length);
  });

  it('refuses a cursor it did not give out', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', 'x'])).toString('base64url');
    const res = await as('arkivar', EVENTS, { after: forged });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['after'] }],
    });
  });
});

describe('An admin does not read restricted records through the audit trail', () => {
  it('events about a restricted record the admin is not FULL on keep their field names only', async () => {
    const res = await as('admin', EVENTS, { first: 100 });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('Tveide');
    const events: Event[] = res.body.data.auditEvents.edges.map((e: { node: Event }) => e.node);
    const onPost = events.find((e) => e.targetId === toGlobalId('JournalPost', elevPost.id))!;
    expect(onPost.redacted).toBe(true);
    expect(onPost.reason).toBe('*****');
    expect(JSON.parse(onPost.changes!)).toEqual({
      title: { old: '*****', new: '*****' },
      documentDate: { old: '*****', new: '*****' },
    });
    const onCase = events.find((e) => e.targetId === toGlobalId('Case', elevPost.caseId))!;
    expect(onCase).toMatchObject({ redacted: true, reason: '*****', action: 'case.reopen' });
    expect(JSON.parse(onCase.changes!)).toEqual({ status: { old: '*****', new: '*****' } });
  });

  it('events about open records and administration are shown to the admin in full', async () => {
    const { events } = await trail('admin', { first: 100 });
    const open = events.find((e) => e.targetId === toGlobalId('JournalPost', openPost.id))!;
    expect(open).toMatchObject({ redacted: false, reason: 'Feil dato' });
    const grant = events.find((e) => e.action === 'user.assignRole')!;
    expect(JSON.parse(grant.changes!)).toEqual({ roles: { old: [], new: ['CASE_HANDLER'] } });
  });

  it('events of an unknown kind are withheld from the admin, not from the archivist', async () => {
    const mine = await trail('admin', { action: 'somethingElse.happened' });
    expect(mine.events[0]!.redacted).toBe(true);
    const archivist = await trail('arkivar', { action: 'somethingElse.happened' });
    expect(archivist.events[0]!.redacted).toBe(false);
    expect(archivist.events[0]!.changes).toContain(SECRET);
  });

  it('the archivist, FULL on everything, sees every value', async () => {
    const { events } = await trail('arkivar', { targetId: toGlobalId('JournalPost', elevPost.id) });
    const e = events.find((x) => x.action === 'journalPost.correct')!;
    expect(e.redacted).toBe(false);
    expect(JSON.parse(e.changes!).title.old).toBe(elevPost.title);
    expect(e.reason).toContain(SECRET);
  });

  it('an admin who is a member of the access group sees the values: FULL decides, not the role', async () => {
    const granted = await as(
      'admin',
      'mutation($u: ID!) { assignRole(input: { id: $u, role: ADMIN }) { id } }',
      { u: toGlobalId('User', users.elevtjeneste!) },
    );
    expect(granted.body.errors).toBeUndefined();
    const { events } = await trail('elevtjeneste', { action: 'journalPost.correct' });
    const e = events.find((x) => x.targetId === toGlobalId('JournalPost', elevPost.id))!;
    expect(e.redacted).toBe(false);
    expect(e.reason).toContain(SECRET);
  });
});

describe('Full reads of restricted records through a role or a membership are logged', () => {
  async function accessEvents(target: string) {
    await accessLogSettled();
    return db<{
      action: string;
      username: string;
      request_id: string;
      target_type: string;
      reason: string;
    }>(
      sql`select e.action, u.username, e.request_id, e.target_type, e.reason from audit_event e
        join app_user u on u.id = e.actor_id
        where e.target_id = ${target}::uuid and e.action like '%.readFull' order by e.id`,
    );
  }

  async function read(who: string, kind: 'journalPost' | 'case', id: string, requestId?: string) {
    const type = kind === 'case' ? 'Case' : 'JournalPost';
    const res = await as(
      who,
      `{ ${kind}(id: "${toGlobalId(type, id)}") { title visibility } }`,
      {},
      requestId,
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data[kind] as { title: string; visibility: string };
  }

  it('an archivist reading an Elev post by id writes one journalPost.readFull event', async () => {
    const post = await read('arkivar', 'journalPost', elevPost.id, 'req-access-log-1');
    expect(post.visibility).toBe('FULL');
    const events = await accessEvents(elevPost.id);
    expect(events).toEqual([
      {
        action: 'journalPost.readFull',
        username: 'arkivar',
        request_id: 'req-access-log-1',
        target_type: 'JournalPost',
        reason: 'Full access through the ARCHIVIST role',
      },
    ]);
    const { events: listed } = await trail('admin', { action: 'journalPost.readFull' });
    expect(listed[0]).toMatchObject({
      targetId: toGlobalId('JournalPost', elevPost.id),
      actor: { username: 'arkivar' },
      redacted: false,
    });
  });

  it('reading it through node(id) is logged the same way', async () => {
    const before = (await accessEvents(elevPost.id)).length;
    const res = await as(
      'arkivar',
      `{ node(id: "${toGlobalId('JournalPost', elevPost.id)}") { ... on JournalPost { title } } }`,
    );
    expect(res.body.data.node.title).toBe(elevPost.title);
    const events = await accessEvents(elevPost.id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ action: 'journalPost.readFull', username: 'arkivar' });
  });

  it('a member of Elev reading the same post writes one event naming the membership', async () => {
    const before = (await accessEvents(elevPost.id)).length;
    expect((await read('elevtjeneste', 'journalPost', elevPost.id)).visibility).toBe('FULL');
    const events = await accessEvents(elevPost.id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      action: 'journalPost.readFull',
      username: 'elevtjeneste',
      reason: 'Full access through membership of Elev',
    });
  });

  it('a handler who sees it REDACTED writes none', async () => {
    const before = (await accessEvents(elevPost.id)).length;
    expect((await read('saksbehandler', 'journalPost', elevPost.id)).visibility).toBe('REDACTED');
    expect(await accessEvents(elevPost.id)).toHaveLength(before);
  });

  it('a leader reading a restricted case of the unit writes case.readFull', async () => {
    const caseId = await idOf('case_file', sql`case_number = '2025/14'`); // PPT, Elev
    expect((await read('leder', 'case', caseId)).visibility).toBe('FULL');
    const events = await accessEvents(caseId);
    expect(events.map((e) => [e.action, e.username, e.reason])).toEqual([
      ['case.readFull', 'leder', 'Full access through the LEADER role'],
    ]);
  });

  it('a leader who is FULL through a relation of their own (internal contact) writes none', async () => {
    const caseId = await idOf('case_file', sql`case_number = '2025/27'`); // Personalsak
    expect((await read('skole.leder', 'case', caseId)).visibility).toBe('FULL');
    expect(await accessEvents(caseId)).toEqual([]);
  });

  it('reading an open record writes none', async () => {
    expect((await read('arkivar', 'journalPost', openPost.id)).visibility).toBe('FULL');
    expect(await accessEvents(openPost.id)).toEqual([]);
  });

  it('lists are logged too: restricted records handed out in full, each once', async () => {
    const res = await as(
      'arkiv.konsulent',
      `{ cases(first: 50) { edges { node { id visibility accessGroup { id }
          journalPosts { edges { node { id visibility accessGroup { id } } } } } } } }`,
      {},
      'req-access-log-list',
    );
    expect(res.body.errors).toBeUndefined();
    const cases = res.body.data.cases.edges.map((e: any) => e.node);
    const posts = cases.flatMap((c: any) => c.journalPosts.edges.map((e: any) => e.node));
    const restricted = (rows: any[]) =>
      rows.filter((r) => r.visibility === 'FULL' && r.accessGroup).map((r) => r.id);
    await accessLogSettled();
    const rows = await db<{ target_type: 'Case' | 'JournalPost'; target_id: string }>(
      sql`select target_type, target_id from audit_event where request_id = 'req-access-log-list'`,
    );
    // Records the registrar created are FULL by that relation and not logged (accessLog.test.ts).
    const logged = rows.map((r) => toGlobalId(r.target_type, r.target_id));
    expect(new Set(logged).size).toBe(logged.length);
    expect(logged.length).toBeGreaterThan(20);
    for (const id of logged) expect([...restricted(cases), ...restricted(posts)]).toContain(id);
  });

  it('the reads of one request are written by one INSERT', async () => {
    const other = await postOf('2024/10'); // Elevmappe, no relation to arkiv.konsulent
    const caseId = elevPost.caseId;
    await accessLogSettled();
    server.statements.length = 0;
    const res = await as(
      'arkiv.konsulent',
      `{ a: journalPost(id: "${toGlobalId('JournalPost', elevPost.id)}") { title }
         b: journalPost(id: "${toGlobalId('JournalPost', other.id)}") { title }
         c: case(id: "${toGlobalId('Case', caseId)}") { title } }`,
      {},
      'req-access-log-batch',
    );
    expect(res.body.errors).toBeUndefined();
    await accessLogSettled();
    expect(server.statements.filter((s) => /insert into audit_event/i.test(s))).toHaveLength(1);
    const rows = await db<{ action: string; target_id: string }>(
      sql`select action, target_id from audit_event where request_id = 'req-access-log-batch' order by action, target_id`,
    );
    expect(rows).toEqual(
      [
        { action: 'case.readFull', target_id: caseId },
        { action: 'journalPost.readFull', target_id: elevPost.id },
        { action: 'journalPost.readFull', target_id: other.id },
      ].sort((x, y) => (x.action + x.target_id).localeCompare(y.action + y.target_id)),
    );
  });
});
