import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessGroup,
  AccessGroupMembership,
  Role,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
} from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * `viewerCan` on users, units, access groups and screening codes, and `Query.viewerCan`, tell the
 * truth (docs/access-control.md, "What the client is told in advance"): for viewers of every
 * relation (administrator, archivist, leader and case handler of a unit, a user without roles, the
 * subject themself) and records in several states, each flag is read and the operation is then
 * tried; a true flag must be an operation that succeeds, a false flag one that is refused. Every
 * try gets a fresh viewer and a fresh record, so each pair is judged on the same state.
 */
let server: TestServer;
let unitId: string;
let otherUnitId: string;
const since = new Date('2020-01-01T00:00:00Z');

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const em = server.orm.em.fork();
  const unit = em.create(Unit, { name: 'Evne – enhet' });
  const other = em.create(Unit, { name: 'Evne – annen enhet' });
  await em.flush();
  unitId = unit.id;
  otherUnitId = other.id;
});
afterAll(() => server?.close());

let sequence = 0;
const unique = (prefix: string) => `${prefix}${(sequence += 1)}${randomUUID().slice(0, 6)}`;

type Grant = { role: Role; unit: 'own' | null };

/** A user with these current grants, straight in the database. */
async function createUser(grants: Grant[], active = true): Promise<User> {
  const em = server.orm.em.fork();
  const user = em.create(User, {
    username: unique('evne.'),
    displayName: 'Evne',
    active,
    unit: em.getReference(Unit, unitId),
  });
  for (const g of grants) {
    em.create(RoleGrant, {
      user,
      role: g.role,
      unit: g.unit ? em.getReference(Unit, unitId) : null,
      validFrom: since,
    });
  }
  await em.flush();
  return user;
}

const VIEWERS: Record<string, Grant[]> = {
  administrator: [{ role: Role.ADMIN, unit: null }],
  archivist: [{ role: Role.ARCHIVIST, unit: null }],
  leader: [{ role: Role.LEADER, unit: 'own' }],
  'case handler': [{ role: Role.CASE_HANDLER, unit: 'own' }],
  'user without roles': [],
};

/** The record an operation is tried on, and what the operation names besides it. */
interface Subject {
  id: string;
  /** The grant to revoke, the member to remove: one the record holds where it has any */
  named?: { role?: Role; unitId?: string | null; userId?: string; newcomerId?: string };
}

interface Kind {
  type: 'User' | 'Unit' | 'AccessGroup' | 'ScreeningCode';
  /** Each spec makes a record for a viewer (`yourself`: the viewer is the record) */
  specs: Record<string, (viewer: User) => Promise<Subject>>;
  actions: Record<string, (s: Subject) => { query: string; variables: Record<string, unknown> }>;
}

const gid = toGlobalId;

const userSpec =
  (grants: Grant[], active = true) =>
  async (): Promise<Subject> => {
    const u = await createUser(grants, active);
    const held = grants[0];
    return {
      id: gid('User', u.id),
      named: held
        ? { role: held.role, unitId: held.unit ? gid('Unit', unitId) : null }
        : { role: Role.CASE_HANDLER, unitId: gid('Unit', unitId) },
    };
  };

const USERS: Kind = {
  type: 'User',
  specs: {
    'active case handler': userSpec([{ role: Role.CASE_HANDLER, unit: 'own' }]),
    'active user without roles': userSpec([]),
    'deactivated user who still holds a role': userSpec(
      [{ role: Role.CASE_HANDLER, unit: 'own' }],
      false,
    ),
    yourself: async (viewer) => {
      const em = server.orm.em.fork();
      const [grant] = await em.find(RoleGrant, { user: viewer.id });
      return {
        id: gid('User', viewer.id),
        named: grant
          ? { role: grant.role, unitId: grant.unit ? gid('Unit', grant.unit.id) : null }
          : { role: Role.CASE_HANDLER, unitId: gid('Unit', unitId) },
      };
    },
  },
  actions: {
    deactivate: (s) => ({
      query: `mutation($id: ID!) { deactivateUser(input: { id: $id }) { id } }`,
      variables: { id: s.id },
    }),
    assignRole: (s) => ({
      query: `mutation($id: ID!, $u: ID) { assignRole(input: { id: $id, role: INSIGHT_HANDLER, unitId: $u }) { id } }`,
      variables: { id: s.id, u: gid('Unit', otherUnitId) },
    }),
    revokeRole: (s) => ({
      query: `mutation($id: ID!, $r: Role!, $u: ID) { revokeRole(input: { id: $id, role: $r, unitId: $u }) { id } }`,
      variables: { id: s.id, r: s.named!.role, u: s.named!.unitId },
    }),
  },
};

const UNITS: Kind = {
  type: 'Unit',
  specs: {
    'your own unit': async () => ({ id: gid('Unit', unitId) }),
    'another unit': async () => ({ id: gid('Unit', otherUnitId) }),
  },
  actions: {
    createChildUnit: (s) => ({
      query: `mutation($p: ID!, $n: String!) { createUnit(input: { name: $n, parentId: $p }) { id } }`,
      variables: { p: s.id, n: unique('Underenhet ') },
    }),
    createCase: (s) => ({
      query: `mutation($u: ID!) { createCase(input: { title: "Evnesak", responsibleUnitId: $u }) { id } }`,
      variables: { u: s.id },
    }),
  },
};

/** An access group, ended or not, with a member or none. */
const groupSpec =
  (withMember: boolean, ended = false) =>
  async (): Promise<Subject> => {
    const em = server.orm.em.fork();
    const group = em.create(AccessGroup, {
      name: unique('Evnegruppe '),
      endedAt: ended ? new Date() : null,
    });
    await em.flush();
    const member = await createUser([{ role: Role.CASE_HANDLER, unit: 'own' }]);
    const newcomer = await createUser([{ role: Role.CASE_HANDLER, unit: 'own' }]);
    if (withMember) {
      em.create(AccessGroupMembership, { group, user: member.id, validFrom: since });
      await em.flush();
    }
    return {
      id: gid('AccessGroup', group.id),
      named: { userId: gid('User', member.id), newcomerId: gid('User', newcomer.id) },
    };
  };

const GROUPS: Kind = {
  type: 'AccessGroup',
  specs: {
    'group with a member': groupSpec(true),
    'group without members': groupSpec(false),
    'ended group with a member': groupSpec(true, true),
  },
  actions: {
    addMember: (s) => ({
      query: `mutation($id: ID!, $u: ID!) { addAccessGroupMember(input: { id: $id, userId: $u }) { id } }`,
      // Someone new to the group: the flag does not promise to add a member twice.
      variables: { id: s.id, u: s.named!.newcomerId },
    }),
    removeMember: (s) => ({
      query: `mutation($id: ID!, $u: ID!) { removeAccessGroupMember(input: { id: $id, userId: $u }) { id } }`,
      variables: { id: s.id, u: s.named!.userId },
    }),
    end: (s) => ({
      query: `mutation($id: ID!) { endAccessGroup(input: { id: $id }) { id } }`,
      variables: { id: s.id },
    }),
  },
};

const codeSpec = (ended: boolean) => async (): Promise<Subject> => {
  const em = server.orm.em.fork();
  const code = em.create(ScreeningCode, {
    code: unique('e')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 10),
    name: 'Evnekode',
    legalBasis: 'Offl. § 14',
    validFrom: '2000-01-01',
    validTo: ended ? '2001-01-01' : null,
  });
  await em.flush();
  return { id: gid('ScreeningCode', code.id) };
};

const CODES: Kind = {
  type: 'ScreeningCode',
  specs: { 'code in use': codeSpec(false), 'ended code': codeSpec(true) },
  actions: {
    end: (s) => ({
      query: `mutation($id: ID!) { endScreeningCode(input: { id: $id }) { id } }`,
      variables: { id: s.id },
    }),
  },
};

/** As a user, by their username. */
async function as(user: User, query: string, variables: Record<string, unknown>) {
  return server.gql(query, variables, { token: await server.tokenFor(user.username) });
}

/** For every viewer, record and action: the flag, then the operation; the disagreements. */
async function disagreements(kind: Kind) {
  const wrong: string[] = [];
  const seenTrue = new Set<string>();
  let flags = 0;
  const flagsQuery = `query($id: ID!) { node(id: $id) { ... on ${kind.type} {
    viewerCan { ${Object.keys(kind.actions).join(' ')} } } } }`;
  const judge = async (viewerName: string, specName: string, action: string) => {
    const viewer = await createUser(VIEWERS[viewerName]!);
    const subject = await kind.specs[specName]!(viewer);
    const read = await as(viewer, flagsQuery, { id: subject.id });
    expect(read.body.errors, JSON.stringify(read.body.errors)).toBeUndefined();
    // A record the viewer does not see shows no buttons at all.
    const flag = (read.body.data.node?.viewerCan[action] ?? false) as boolean;
    const call = kind.actions[action]!(subject);
    const res = await as(viewer, call.query, call.variables);
    const error = res.body.errors?.[0];
    flags += 1;
    if (flag) seenTrue.add(action);
    if (flag !== !error) {
      wrong.push(
        `${viewerName} × ${specName} × ${action}: viewerCan ${flag}, operation ${error ? `${error.extensions?.code} ${error.message}` : 'succeeded'}`,
      );
    }
  };
  for (const viewerName of Object.keys(VIEWERS)) {
    const tries = Object.keys(kind.specs).flatMap((spec) =>
      Object.keys(kind.actions).map((action) => judge(viewerName, spec, action)),
    );
    await Promise.all(tries);
  }
  const neverTrue = Object.keys(kind.actions).filter((a) => !seenTrue.has(a));
  return { flags, wrong, neverTrue };
}

describe.each([USERS, UNITS, GROUPS, CODES].map((kind) => [kind.type, kind] as const))(
  '%s.viewerCan says which mutations will work',
  (_, kind) => {
    it('for every viewer relation and record state, each flag agrees with the mutation', async () => {
      const { flags, wrong, neverTrue } = await disagreements(kind);
      expect(wrong).toEqual([]);
      // Every flag is true somewhere, so each is tried for real.
      expect(neverTrue).toEqual([]);
      expect(flags).toBe(
        Object.keys(VIEWERS).length *
          Object.keys(kind.specs).length *
          Object.keys(kind.actions).length,
      );
    }, 120_000);
  },
);

const ROOT_OPERATIONS: Record<
  string,
  (viewer: User) => { query: string; variables: Record<string, unknown> }
> = {
  createCase: () => ({
    query: `mutation($u: ID!) { createCase(input: { title: "Evnesak", responsibleUnitId: $u }) { id } }`,
    variables: { u: gid('Unit', unitId) },
  }),
  createUnit: () => ({
    query: `mutation($n: String!) { createUnit(input: { name: $n }) { id } }`,
    variables: { n: unique('Enhet ') },
  }),
  createUser: () => ({
    query: `mutation($u: String!) { createUser(input: { username: $u, displayName: "Ny" }) { id } }`,
    variables: { u: unique('ny.') },
  }),
  createAccessGroup: () => ({
    query: `mutation($n: String!) { createAccessGroup(input: { name: $n }) { id } }`,
    variables: { n: unique('Gruppe ') },
  }),
  createScreeningCode: () => ({
    query: `mutation($c: String!) { createScreeningCode(input: { code: $c, name: "Ny kode", legalBasis: "Offl. § 14" }) { id } }`,
    variables: {
      c: unique('n')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 10),
    },
  }),
  readAuditEvents: () => ({ query: `{ auditEvents { __typename } }`, variables: {} }),
  readRoleGrantHistory: () => ({ query: `{ roleGrantHistory { __typename } }`, variables: {} }),
  readAccessGroupMembers: () => ({
    query: `query($g: ID!) { accessGroupMembers(groupId: $g) { __typename } }`,
    variables: { g: groupOfAll },
  }),
};

let groupOfAll = '';

describe('Query.viewerCan says which operations will work', () => {
  it('for every viewer relation, each flag agrees with the operation', async () => {
    const em = server.orm.em.fork();
    const group = em.create(AccessGroup, { name: unique('Rotgruppe ') });
    await em.flush();
    groupOfAll = gid('AccessGroup', group.id);
    const wrong: string[] = [];
    const seenTrue = new Set<string>();
    const flagsQuery = `{ viewerCan { ${Object.keys(ROOT_OPERATIONS).join(' ')} } }`;
    for (const viewerName of Object.keys(VIEWERS)) {
      const viewer = await createUser(VIEWERS[viewerName]!);
      const read = await as(viewer, flagsQuery, {});
      expect(read.body.errors, JSON.stringify(read.body.errors)).toBeUndefined();
      for (const [action, operation] of Object.entries(ROOT_OPERATIONS)) {
        const flag = read.body.data.viewerCan[action] as boolean;
        const call = operation(viewer);
        const error = (await as(viewer, call.query, call.variables)).body.errors?.[0];
        if (flag) seenTrue.add(action);
        if (flag !== !error) {
          wrong.push(
            `${viewerName} × ${action}: viewerCan ${flag}, operation ${error ? `${error.extensions?.code} ${error.message}` : 'succeeded'}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(ROOT_OPERATIONS).filter((a) => !seenTrue.has(a))).toEqual([]);
  }, 60_000);

  it('is UNAUTHENTICATED for the public, like every internal root field', async () => {
    const res = await server.gql('{ viewerCan { createCase } }', {});
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('The flags of many records cost the same statements whatever their number', () => {
  /** The flags of every user named (each through `node`) and of the viewer's groups, at once. */
  const flagsOf = (userIds: string[]) => `{
    ${userIds.map((id, i) => `u${i}: node(id: "${id}") { ... on User { viewerCan { deactivate assignRole revokeRole } } }`).join('\n')}
    me { accessGroups { viewerCan { addMember removeMember end } } }
  }`;

  /** Adds `count` users, and `count` groups with the administrator among their members. */
  async function statementsFor(admin: User, count: number): Promise<number> {
    const users: string[] = [];
    const em = server.orm.em.fork();
    for (let i = 0; i < count; i += 1) {
      const user = await createUser([{ role: Role.CASE_HANDLER, unit: 'own' }]);
      users.push(gid('User', user.id));
      const group = em.create(AccessGroup, { name: unique('Batchgruppe ') });
      em.create(AccessGroupMembership, { group, user: admin.id, validFrom: since });
    }
    await em.flush();
    const token = await server.tokenFor(admin.username);
    server.statements.length = 0;
    const res = await server.gql(flagsOf(users), {}, { token });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.me.accessGroups.length).toBeGreaterThanOrEqual(count);
    return server.statements.length;
  }

  it("reads users' grants and groups' members in one batch each", async () => {
    const admin = await createUser(VIEWERS.administrator!);
    // At most 15 root fields in one operation (docs/security.md).
    const few = await statementsFor(admin, 2);
    expect(await statementsFor(admin, 12)).toBe(few);
  });
});
