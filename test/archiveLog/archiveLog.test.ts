import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { toGlobalId } from '../../src/schema/globalId';
import { type ServiceContext } from '../../src/services/context';
import { startTestServer, type TestServer } from '../support/server';
import { asRequest, deliverCase } from './requests';

let server: TestServer;
let units: Record<string, string>;
const systems: Record<string, string> = {};
const made: Record<string, string> = {};

async function gql(username: string, text: string, variables: Record<string, unknown> = {}) {
  const res = await server.gql(text, variables, { token: await server.tokenFor(username) });
  return res.body;
}

/** A new case by a system, as the adapter would deliver it. */
function newCase(ctx: ServiceContext, key: string, title: string, unit: string) {
  return deliverCase(ctx, key, title, { name: unit, id: units[unit]! });
}

/** A delivery of `system`; a refusal is what it answers, not a failure of the test. */
const send = (system: string, key: string, title: string, unit: string) =>
  asRequest(server, system, (ctx) => newCase(ctx, key, title, unit)).then(
    (o) => {
      made[key] = o.record.id;
    },
    () => undefined,
  );

const ENTRIES = `query Log($systemId: ID, $status: DeliveryStatus, $after: String) {
  archiveLog(systemId: $systemId, status: $status, first: 100, after: $after) {
    totalCount
    nodes { operation key status errorCode reason unresolved requestId receivedAt finishedAt
      sender { username } system { name owner { username } }
      record { id ... on Case { title } } }
  }
}`;

interface Entry {
  key: string;
  status: string;
  unresolved: boolean;
  reason: string | null;
  system: { name: string } | null;
  record: { id: string; title?: string } | null;
}

async function log(username: string, variables: Record<string, unknown> = {}) {
  const body = await gql(username, ENTRIES, variables);
  expect(body.errors).toBeUndefined();
  return body.data.archiveLog as { totalCount: number; nodes: Entry[] };
}

beforeAll(async () => {
  server = await startTestServer();
  const em = server.orm.em.fork();
  const rows = await query<{ id: string; name: string }>(em, sql`select id, name from unit`);
  units = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  for (const s of await query<{ id: string; name: string }>(
    em,
    sql`select id, name from specialist_system`,
  )) {
    systems[s.name] = toGlobalId('SpecialistSystem', s.id);
  }
  // PPT: one stored, one refusal left as it is, one refusal put right with the same key
  await send('visma-flyt-ppt', 'ppt-ok', 'Henvisning levert', 'PPT');
  await send('visma-flyt-ppt', 'ppt-open', 'Henvisning feil eining', 'NAV Flyktning');
  await send('visma-flyt-ppt', 'ppt-fixed', 'Henvisning rettet', 'NAV Flyktning');
  await send('visma-flyt-ppt', 'ppt-fixed', 'Henvisning rettet', 'PPT');
  // The school's system: one stored
  await send('visma-flyt-skole', 'skole-ok', 'Elevmappe levert', 'Vennesla skole');
});
afterAll(() => server?.close());

describe('Archivists read the whole organisation’s archive log', () => {
  it('every system’s deliveries, with sender, system and record', async () => {
    const { nodes, totalCount } = await log('arkivar');
    expect(totalCount).toBe(5);
    expect(new Set(nodes.map((n) => n.system?.name))).toEqual(
      new Set(['Visma Flyt PPT', 'Visma Flyt Skole']),
    );
    const ok = nodes.find((n) => n.key === 'ppt-ok')!;
    expect(ok).toMatchObject({
      status: 'STORED',
      record: { id: toGlobalId('Case', made['ppt-ok']!), title: 'Henvisning levert' },
    });
  });

  it('filtered by system and by status', async () => {
    const skole = await log('arkivar', { systemId: systems['Visma Flyt Skole'] });
    expect(skole.nodes.map((n) => n.key)).toEqual(['skole-ok']);
    const refused = await log('arkivar', { status: 'REFUSED' });
    expect(refused.nodes.map((n) => n.key).sort()).toEqual(['ppt-fixed', 'ppt-open']);
  });
});

describe('A system’s owner reads the log of their systems, nobody else reads any', () => {
  it('leder (owner of Visma Flyt PPT): the PPT system’s deliveries only', async () => {
    const { nodes, totalCount } = await log('leder');
    expect(totalCount).toBe(4);
    expect(nodes.every((n) => n.system?.name === 'Visma Flyt PPT')).toBe(true);
    expect((await log('leder', { systemId: systems['Visma Flyt Skole'] })).totalCount).toBe(0);
  });

  it('another case handler, the administrator and the system itself read nothing', async () => {
    for (const username of ['saksbehandler', 'admin', 'visma-flyt-ppt']) {
      const { nodes, totalCount } = await log(username);
      expect({ username, totalCount, nodes }).toEqual({ username, totalCount: 0, nodes: [] });
      const summary = await gql(username, '{ archiveLogSummary { nodes { system { name } } } }');
      expect(summary.data.archiveLogSummary.nodes).toEqual([]);
    }
  });

  it('the log holds no values of the delivered record: a refusal names no title', async () => {
    const { nodes } = await log('arkivar', { status: 'REFUSED' });
    for (const n of nodes) {
      expect(n.reason).toBeTruthy();
      expect(n.reason).not.toMatch(/Henvisning/);
    }
  });
});

describe('Refusals not yet put right come first, then the newest', () => {
  it('the open refusal on top; the one put right with the same key in its place by time', async () => {
    const { nodes } = await log('leder');
    expect(nodes.map((n) => [n.key, n.status, n.unresolved])).toEqual([
      ['ppt-open', 'REFUSED', true],
      ['ppt-fixed', 'STORED', false],
      ['ppt-fixed', 'REFUSED', false],
      ['ppt-ok', 'STORED', false],
    ]);
  });

  it('pages keep that order', async () => {
    const first = await gql(
      'leder',
      '{ archiveLog(first: 1) { nodes { key } pageInfo { endCursor hasNextPage } } }',
    );
    const page = first.data.archiveLog;
    expect(page.nodes).toEqual([{ key: 'ppt-open' }]);
    const next = await log('leder', { after: page.pageInfo.endCursor });
    expect(next.nodes.map((n) => n.key)).toEqual(['ppt-fixed', 'ppt-fixed', 'ppt-ok']);
  });
});

describe('The summary counts each system’s deliveries of the last day', () => {
  it('stored, refused and refusals not put right, per system the reader follows', async () => {
    const arkivar = await gql(
      'arkivar',
      '{ archiveLogSummary { totalCount nodes { system { name owner { username } } lastDeliveryAt storedLastDay refusedLastDay unresolvedFailures } } }',
    );
    expect(arkivar.errors).toBeUndefined();
    expect(arkivar.data.archiveLogSummary.totalCount).toBe(3);
    const rows = arkivar.data.archiveLogSummary.nodes as {
      system: { name: string; owner: { username: string } };
      lastDeliveryAt: string | null;
      storedLastDay: number;
      refusedLastDay: number;
      unresolvedFailures: number;
    }[];
    expect(rows.map((r) => r.system.name)).toEqual([
      'Visma Flyktning',
      'Visma Flyt PPT',
      'Visma Flyt Skole',
    ]);
    expect(rows[0]).toMatchObject({
      system: { owner: { username: 'nav.leder' } },
      lastDeliveryAt: null,
      storedLastDay: 0,
      unresolvedFailures: 0,
    });
    expect(rows[1]).toMatchObject({
      system: { owner: { username: 'leder' } },
      storedLastDay: 2,
      refusedLastDay: 2,
      unresolvedFailures: 1,
    });
    expect(rows[2]).toMatchObject({ storedLastDay: 1, refusedLastDay: 0, unresolvedFailures: 0 });
    const leder = await gql('leder', '{ archiveLogSummary { nodes { system { name } } } }');
    expect(leder.data.archiveLogSummary.nodes).toEqual([{ system: { name: 'Visma Flyt PPT' } }]);
  });
});

describe('Specialist systems: administrators register them, and read them with archivists and owners', () => {
  it('who reads which systems', async () => {
    const names = async (u: string) =>
      (await gql(u, '{ specialistSystems { nodes { name } } }')).data.specialistSystems.nodes.map(
        (s: { name: string }) => s.name,
      );
    expect(await names('admin')).toEqual(['Visma Flyktning', 'Visma Flyt PPT', 'Visma Flyt Skole']);
    expect(await names('arkivar')).toEqual([
      'Visma Flyktning',
      'Visma Flyt PPT',
      'Visma Flyt Skole',
    ]);
    expect(await names('skole.leder')).toEqual(['Visma Flyt Skole']);
    expect(await names('saksbehandler')).toEqual([]);
  });

  it('registering: a user without roles and the system in one audited change; only ADMIN', async () => {
    const owner = await gql(
      'admin',
      'mutation { createUser(input: { username: "eier.utenroller", displayName: "Eier Utenroller" }) { id } }',
    );
    const ownerId = owner.data.createUser.id as string;
    const register = `mutation R($input: RegisterSpecialistSystemInput!) {
      registerSpecialistSystem(input: $input) { id name user { username roles { role } } owner { username } }
    }`;
    const input = { username: 'acos-websak', name: 'Acos WebSak', ownerId, unitId: null };
    const refused = await gql('arkivar', register, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badId = await gql('admin', register, {
      input: { ...input, ownerId: systems['Visma Flyt PPT'] },
    });
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const done = await gql('admin', register, { input });
    expect(done.errors).toBeUndefined();
    expect(done.data.registerSpecialistSystem).toMatchObject({
      name: 'Acos WebSak',
      user: { username: 'acos-websak', roles: [] },
      owner: { username: 'eier.utenroller' },
    });
    const [{ n }] = (await query<{ n: number }>(
      server.orm.em.fork(),
      sql`select count(*)::int as n from audit_event where action in ('user.create', 'specialistSystem.register')
        and request_id = (select request_id from audit_event where action = 'specialistSystem.register')`,
    )) as [{ n: number }];
    expect(n).toBe(2);
    const taken = await gql('admin', register, { input });
    expect(taken.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('an owner who reads no records sees the log, but the record as null', async () => {
    const users = await gql(
      'admin',
      '{ users(filter: { query: "acos-websak" }) { nodes { id } } }',
    );
    const userId = users.data.users.nodes[0].id as string;
    const grant = await gql(
      'admin',
      'mutation G($input: AssignRoleInput!) { assignRole(input: $input) { username } }',
      { input: { id: userId, role: 'CASE_HANDLER', unitId: toGlobalId('Unit', units['PPT']!) } },
    );
    expect(grant.errors).toBeUndefined();
    await send('acos-websak', 'acos-1', 'Levert av Acos', 'PPT');
    const { nodes } = await log('eier.utenroller');
    expect(nodes.map((n) => [n.key, n.status, n.record])).toEqual([['acos-1', 'STORED', null]]);
    const arkivar = await log('arkivar', { status: 'STORED' });
    expect(arkivar.nodes.find((n) => n.key === 'acos-1')?.record).not.toBeNull();
  });
});
