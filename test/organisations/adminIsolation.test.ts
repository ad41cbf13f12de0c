import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

// An administrator manages their own organisation only. `admin` is the ADMIN of Vennesla (the
// demo's first organisation); `admin.evje` the ADMIN of Evje og Hornnes, who makes its records
// here through the API. Every record of Evje answers Vennesla's admin exactly like an id that
// does not exist: NOT_FOUND (or null, absent), never FORBIDDEN.

let server: TestServer;
let adminA: string;
let adminB: string;
const B = { unit: '', user: '', group: '', code: '' };
let groupOfA: string;
let userOfA: string;

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string) {
  const res = await server.gql<T>(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const evje = await createTestOrganisation(server.orm, {
    shortName: 'evje',
    name: 'Evje og Hornnes kommune',
  });
  await inOrganisation(server.orm.em, evje, async (em) => {
    const id = randomUUID();
    await em.execute(
      `insert into app_user (id, username, display_name, active, created_at)
       values (?, 'admin.evje', 'Admin i Evje', true, now())`,
      [id],
    );
    await em.execute(
      `insert into role_grant (id, user_id, role, unit_id, valid_from) values (?, ?, 'ADMIN', null, now())`,
      [randomUUID(), id],
    );
  });
  adminA = await server.tokenFor('admin');
  adminB = await server.tokenFor('admin.evje');

  B.unit = (
    await ok('mutation { createUnit(input: { name: "Evjeenheten" }) { id } }', {}, adminB)
  ).createUnit.id;
  B.user = (
    await ok(
      'mutation($u: ID) { createUser(input: { username: "evje.bruker", displayName: "Evjebrukeren", unitId: $u }) { id } }',
      { u: B.unit },
      adminB,
    )
  ).createUser.id;
  await ok(
    'mutation($id: ID!) { assignRole(input: { id: $id, role: CASE_HANDLER }) { id } }',
    { id: B.user },
    adminB,
  );
  B.group = (
    await ok('mutation { createAccessGroup(input: { name: "Evjegruppa" }) { id } }', {}, adminB)
  ).createAccessGroup.id;
  await ok(
    'mutation($id: ID!, $u: ID!) { addAccessGroupMember(input: { id: $id, userId: $u }) { id } }',
    { id: B.group, u: B.user },
    adminB,
  );
  B.code = (
    await ok(
      'mutation { createScreeningCode(input: { code: "EV", name: "Evjekoden", legalBasis: "Offl. § 13" }) { id } }',
      {},
      adminB,
    )
  ).createScreeningCode.id;

  const a = await ok(
    '{ accessGroups(first: 1) { nodes { id } } users(first: 1) { nodes { id } } }',
    {},
    adminA,
  );
  groupOfA = a.accessGroups.nodes[0].id;
  userOfA = a.users.nodes[0].id;
});
afterAll(() => server?.close());

const missing = {
  unit: toGlobalId('Unit', randomUUID()),
  user: toGlobalId('User', randomUUID()),
  group: toGlobalId('AccessGroup', randomUUID()),
  code: toGlobalId('ScreeningCode', randomUUID()),
};

/** An attempt on a record: [name, document, variables for Evje's record, for one that does not exist]. */
const attempts: Array<
  [string, string, () => Record<string, unknown>, () => Record<string, unknown>]
> = [
  [
    'deactivate a user',
    'mutation($id: ID!) { deactivateUser(input: { id: $id }) { id } }',
    () => ({ id: B.user }),
    () => ({ id: missing.user }),
  ],
  [
    'grant a role to a user',
    'mutation($id: ID!) { assignRole(input: { id: $id, role: ARCHIVIST }) { id } }',
    () => ({ id: B.user }),
    () => ({ id: missing.user }),
  ],
  [
    'end a role grant of a user',
    'mutation($id: ID!) { revokeRole(input: { id: $id, role: CASE_HANDLER }) { id } }',
    () => ({ id: B.user }),
    () => ({ id: missing.user }),
  ],
  [
    'create a unit under a unit',
    'mutation($id: ID) { createUnit(input: { name: "Underenhet", parentId: $id }) { id } }',
    () => ({ id: B.unit }),
    () => ({ id: missing.unit }),
  ],
  [
    'create a user in a unit',
    'mutation($id: ID) { createUser(input: { username: "ny.bruker", displayName: "Ny", unitId: $id }) { id } }',
    () => ({ id: B.unit }),
    () => ({ id: missing.unit }),
  ],
  [
    'end an access group',
    'mutation($id: ID!) { endAccessGroup(input: { id: $id }) { id } }',
    () => ({ id: B.group }),
    () => ({ id: missing.group }),
  ],
  [
    'add a member to an access group',
    'mutation($id: ID!, $u: ID!) { addAccessGroupMember(input: { id: $id, userId: $u }) { id } }',
    () => ({ id: B.group, u: userOfA }),
    () => ({ id: missing.group, u: userOfA }),
  ],
  [
    'add a user to their own access group',
    'mutation($id: ID!, $u: ID!) { addAccessGroupMember(input: { id: $id, userId: $u }) { id } }',
    () => ({ id: groupOfA, u: B.user }),
    () => ({ id: groupOfA, u: missing.user }),
  ],
  [
    'remove a member from an access group',
    'mutation($id: ID!, $u: ID!) { removeAccessGroupMember(input: { id: $id, userId: $u }) { id } }',
    () => ({ id: B.group, u: B.user }),
    () => ({ id: missing.group, u: missing.user }),
  ],
  [
    'end a screening code',
    'mutation($id: ID!) { endScreeningCode(input: { id: $id }) { id } }',
    () => ({ id: B.code }),
    () => ({ id: missing.code }),
  ],
  [
    'list the members of an access group',
    'query($id: ID!) { accessGroupMembers(groupId: $id) { totalCount } }',
    () => ({ id: B.group }),
    () => ({ id: missing.group }),
  ],
];

describe("An administrator cannot change another organisation's users, grants, units, groups or codes", () => {
  it.each(attempts)(
    'may not %s of the other organisation: answered as for one that does not exist',
    async (_name, document, ofB, ofNobody) => {
      const [b, nobody] = await Promise.all([
        server.gql(document, ofB(), { token: adminA }),
        server.gql(document, ofNobody(), { token: adminA }),
      ]);
      const codeOf = (r: typeof b) => r.body.errors?.[0]?.extensions?.code ?? 'none';
      // A change is refused; a read answers empty. Either way as for a record that does not exist.
      if (document.startsWith('mutation')) expect(codeOf(nobody)).toBe('NOT_FOUND');
      expect(codeOf(b)).toBe(codeOf(nobody));
      expect(b.body.errors?.[0]?.message).toBe(nobody.body.errors?.[0]?.message);
      expect(b.body.data).toEqual(nobody.body.data);
    },
  );

  it('left every record of the other organisation as it was', async () => {
    const data = await ok(
      `query($group: ID!) {
        users(first: 100) { nodes { username active roles { role } } }
        units(first: 100) { nodes { name } }
        accessGroupMembers(groupId: $group) { nodes { user { username } } }
        accessGroups { nodes { name } }
        screeningCodes { nodes { code } }
      }`,
      { group: B.group },
      adminB,
    );
    expect(data.users.nodes).toEqual(
      expect.arrayContaining([
        { username: 'evje.bruker', active: true, roles: [{ role: 'CASE_HANDLER' }] },
      ]),
    );
    expect(data.units.nodes).toEqual([{ name: 'Evjeenheten' }]);
    expect(data.accessGroupMembers.nodes).toEqual([{ user: { username: 'evje.bruker' } }]);
    expect(data.accessGroups.nodes).toEqual([{ name: 'Evjegruppa' }]);
    expect(data.screeningCodes.nodes).toEqual([{ code: 'EV' }]);
  });
});

describe("An administrator does not see another organisation's users, units, groups or codes", () => {
  it('gets null for their ids from node and nodes', async () => {
    const ids = [B.unit, B.user, B.group, B.code];
    const data = await ok('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, adminA);
    expect(data.nodes).toEqual([null, null, null, null]);
    for (const id of ids) {
      expect(
        (await ok('query($id: ID!) { node(id: $id) { id } }', { id }, adminA)).node,
      ).toBeNull();
    }
  });

  it('finds none of them in the lists, the searches or the grant history', async () => {
    const res = await server.gql(
      `query($user: ID) {
        users(first: 100, filter: { query: "Evje" }) { totalCount }
        units(first: 100, filter: { query: "Evje" }) { totalCount }
        accessGroups(first: 100, filter: { query: "Evje" }) { totalCount }
        all: users(first: 100) { nodes { username } }
        codes: screeningCodes(first: 100) { nodes { code } }
        roleGrantHistory(filter: { userId: $user }) { totalCount }
      }`,
      { user: B.user },
      { token: adminA },
    );
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect([data.users, data.units, data.accessGroups, data.roleGrantHistory]).toEqual(
      Array(4).fill({ totalCount: 0 }),
    );
    expect(data.all.nodes.map((u: { username: string }) => u.username)).not.toContain(
      'evje.bruker',
    );
    expect(data.codes.nodes.map((c: { code: string }) => c.code)).not.toContain('EV');
    expect(res.text).not.toMatch(/Evje/);
  });
});
