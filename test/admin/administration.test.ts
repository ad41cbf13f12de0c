import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Administration (domain.md, "Roles"): ADMIN manages users, units, grants, access groups and
 * screening codes; every change is audited in the same transaction; grants and memberships are
 * ended, never deleted, and their history can be asked for.
 */
let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  adminToken = await server.tokenFor('admin');
});
afterAll(() => server?.close());

const asAdmin = (q: string, v: Record<string, unknown> = {}) =>
  server.gql(q, v, { token: adminToken });

async function auditCount(action: string): Promise<number> {
  const rows = await query<{ n: string }>(
    server.orm.em.fork(),
    sql`select count(*) as n from audit_event where action = ${action}`,
  );
  return Number(rows[0]!.n);
}

async function idOfUnit(name: string): Promise<string> {
  const res = await asAdmin('{ units(first: 100) { nodes { id name } } }');
  return res.body.data.units.nodes.find((u: { name: string }) => u.name === name).id;
}

describe('Only admins administer', () => {
  it.each(['saksbehandler', 'arkivar', 'leder'])(
    '%s gets FORBIDDEN and nothing changes',
    async (who) => {
      const token = await server.tokenFor(who);
      const res = await server.gql(
        'mutation { createUnit(input: { name: "Skal ikke finnes" }) { id } }',
        {},
        { token },
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await auditCount('unit.create')).toBe(0);
      const units = await asAdmin('{ units(first: 100) { nodes { name } } }');
      expect(units.body.data.units.nodes.map((u: { name: string }) => u.name)).not.toContain(
        'Skal ikke finnes',
      );
    },
  );

  it('the public is told to sign in (UNAUTHENTICATED)', async () => {
    const res = await server.gql('mutation { createAccessGroup(input: { name: "X" }) { id } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Every administrative change is audited in its own transaction', () => {
  it('creates a unit under a parent, with an audit event naming the actor', async () => {
    const parentId = await idOfUnit('Vennesla kommune');
    const res = await asAdmin(
      'mutation($p: ID) { createUnit(input: { name: "Kulturskolen", parentId: $p }) { id name parent { name } } }',
      { p: parentId },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createUnit).toMatchObject({
      name: 'Kulturskolen',
      parent: { name: 'Vennesla kommune' },
    });
    const events = await query<{ actor: string; request_id: string | null }>(
      server.orm.em.fork(),
      sql`select u.username as actor, e.request_id from audit_event e join app_user u on u.id = e.actor_id where e.action = 'unit.create'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe('admin');
    expect(events[0]!.request_id).toBeTruthy();
  });

  it('refuses a duplicate name with CONFLICT and writes no audit event', async () => {
    const before = await auditCount('unit.create');
    const res = await asAdmin('mutation { createUnit(input: { name: "PPT" }) { id } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await auditCount('unit.create')).toBe(before);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
    const res = await asAdmin(
      'mutation { createUser(input: { username: "Not Valid!", displayName: "X" }) { id } }',
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'username'] }],
    });
  });
});

describe('A change of grants takes effect on the next request, without a restart', () => {
  it('a new user gets a role, uses it, loses it, and the history remains', async () => {
    const ppt = await idOfUnit('PPT');
    const created = await asAdmin(
      'mutation($u: ID) { createUser(input: { username: "ny.handler", displayName: "Ny Handler", unitId: $u }) { id } }',
      { u: ppt },
    );
    const userId = created.body.data.createUser.id;
    const token = await server.tokenFor('ny.handler');
    const unitsBefore = await server.gql('{ units { nodes { name } } }', {}, { token });
    expect(unitsBefore.body.data.units.nodes).toEqual([]); // no role yet: nothing internal exists

    await asAdmin(
      'mutation($id: ID!, $u: ID) { assignRole(input: { id: $id, role: CASE_HANDLER, unitId: $u }) { id } }',
      {
        id: userId,
        u: ppt,
      },
    );
    const me = await server.gql(
      '{ me { roles { role unit { name } } } units { nodes { name } } }',
      {},
      { token },
    );
    expect(me.body.data.me.roles).toEqual([{ role: 'CASE_HANDLER', unit: { name: 'PPT' } }]);
    expect(me.body.data.units.nodes.length).toBeGreaterThan(0);

    const twice = await asAdmin(
      'mutation($id: ID!, $u: ID) { assignRole(input: { id: $id, role: CASE_HANDLER, unitId: $u }) { id } }',
      { id: userId, u: ppt },
    );
    expect(twice.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const revoked = await asAdmin(
      'mutation($id: ID!, $u: ID) { revokeRole(input: { id: $id, role: CASE_HANDLER, unitId: $u }) { roles { role } } }',
      { id: userId, u: ppt },
    );
    expect(revoked.body.data.revokeRole.roles).toEqual([]);
    const after = await server.gql('{ me { roles { role } } cases { totalCount } }', {}, { token });
    expect(after.body.data.me.roles).toEqual([]);
    expect(after.body.data.cases.totalCount).toBe(0);

    const history = await asAdmin(
      'query($id: ID) { roleGrantHistory(filter: { userId: $id }) { nodes { role validTo grantedBy { username } revokedBy { username } } } }',
      { id: userId },
    );
    expect(history.body.data.roleGrantHistory.nodes).toEqual([
      {
        role: 'CASE_HANDLER',
        validTo: expect.any(String),
        grantedBy: { username: 'admin' },
        revokedBy: { username: 'admin' },
      },
    ]);
  });

  it('a deactivated user is refused at the next request', async () => {
    const users = await asAdmin('{ users(first: 100) { nodes { id username } } }');
    const target = users.body.data.users.nodes.find(
      (u: { username: string }) => u.username === 'innsyn',
    );
    const token = await server.tokenFor('innsyn');
    expect((await server.gql('{ me { username } }', {}, { token })).status).toBe(200);
    await asAdmin('mutation($id: ID!) { deactivateUser(input: { id: $id }) { active } }', {
      id: target.id,
    });
    const res = await server.gql('{ me { username } }', {}, { token });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Access-group membership and its history: who was in a group at a moment', () => {
  it('adds and removes a member; the member list at an earlier moment still shows them', async () => {
    const groups = await asAdmin(
      '{ accessGroups(first: 100) { nodes { id name members { username } } } users(first: 100) { nodes { id username } } }',
    );
    const personal = groups.body.data.accessGroups.nodes.find(
      (g: { name: string }) => g.name === 'Personal',
    );
    const leder = groups.body.data.users.nodes.find(
      (u: { username: string }) => u.username === 'leder',
    );
    const added = await asAdmin(
      'mutation($g: ID!, $u: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { members { username } } }',
      { g: personal.id, u: leder.id },
    );
    expect(
      added.body.data.addAccessGroupMember.members.map((m: { username: string }) => m.username),
    ).toContain('leder');
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await asAdmin(
      'mutation($g: ID!, $u: ID!) { removeAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
      {
        g: personal.id,
        u: leder.id,
      },
    );
    const now = await asAdmin(
      'query($g: ID!) { accessGroupMembers(groupId: $g) { nodes { user { username } } } }',
      { g: personal.id },
    );
    expect(
      now.body.data.accessGroupMembers.nodes.map(
        (m: { user: { username: string } }) => m.user.username,
      ),
    ).not.toContain('leder');
    const then = await asAdmin(
      'query($g: ID!, $at: DateTime) { accessGroupMembers(groupId: $g, filter: { at: $at }) { nodes { user { username } addedBy { username } } } }',
      { g: personal.id, at: between },
    );
    expect(then.body.data.accessGroupMembers.nodes).toContainEqual({
      user: { username: 'leder' },
      addedBy: { username: 'admin' },
    });
  });

  it('non-admins may not list members', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql(
      '{ accessGroups { nodes { name members { username } } } }',
      {},
      { token },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an ended group takes no new members', async () => {
    const created = await asAdmin(
      'mutation { createAccessGroup(input: { name: "Midlertidig prosjekt" }) { id } }',
    );
    const id = created.body.data.createAccessGroup.id;
    await asAdmin('mutation($id: ID!) { endAccessGroup(input: { id: $id }) { endedAt } }', { id });
    const users = await asAdmin('{ users(first: 100) { nodes { id username } } }');
    const u = users.body.data.users.nodes.find(
      (x: { username: string }) => x.username === 'saksbehandler',
    );
    const res = await asAdmin(
      'mutation($g: ID!, $u: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
      {
        g: id,
        u: u.id,
      },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      state: 'ENDED',
    });
  });
});

describe('Screening codes are ended, never deleted', () => {
  it('creates a code and ends it; it stays listed with its end date', async () => {
    const res = await asAdmin(
      'mutation { createScreeningCode(input: { code: "17", name: "Kommunal forretningsdrift", legalBasis: "Offl. § 23 tredje ledd", defaultScreenedFields: [DOCUMENT], defaultDurationYears: 10 }) { id code defaultScreenedFields defaultDurationYears } }',
    );
    expect(res.body.data.createScreeningCode).toMatchObject({
      code: '17',
      defaultScreenedFields: ['DOCUMENT'],
      defaultDurationYears: 10,
    });
    const ended = await asAdmin(
      'mutation($id: ID!) { endScreeningCode(input: { id: $id, validTo: "2026-12-31" }) { validTo } }',
      {
        id: res.body.data.createScreeningCode.id,
      },
    );
    expect(ended.body.data.endScreeningCode.validTo).toBe('2026-12-31');
    const codes = await asAdmin(
      '{ screeningCodes(first: 100, filter: { includeEnded: true }) { nodes { code validTo } } }',
    );
    expect(codes.body.data.screeningCodes.nodes).toContainEqual({
      code: '17',
      validTo: '2026-12-31',
    });
  });
});

describe('Admin alone gives no right to read restricted records', () => {
  it('the admin sees Elev and Personal records only redacted', async () => {
    const res = await asAdmin(
      '{ cases(first: 100) { edges { node { visibility accessGroup { name } title } } } }',
    );
    const redacted = res.body.data.cases.edges.filter(
      (e: { node: { visibility: string } }) => e.node.visibility === 'REDACTED',
    );
    expect(redacted.length).toBeGreaterThan(0);
    for (const e of redacted) expect(e.node.accessGroup).toBeNull();
  });
});
