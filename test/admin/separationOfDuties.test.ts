import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { idOf } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Separation of duties (docs/access-control.md, policies/administration.ts): nobody grants a role
 * to themself or adds themself to an access group, so an admin cannot give itself content in one
 * call; another admin must, and the audit trail names them. Ending one's own grant or membership
 * widens nothing and is allowed.
 */
let server: TestServer;
let adminToken: string;
let adminId: string;
let elevGroupId: string;
let elevPostId: string;

const asAdmin = (q: string, v: Record<string, unknown> = {}) =>
  server.gql(q, v, { token: adminToken });

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  adminToken = await server.tokenFor('admin');
  const directory = await asAdmin('{ me { id } accessGroups(first: 100) { nodes { id name } } }');
  adminId = directory.body.data.me.id;
  elevGroupId = directory.body.data.accessGroups.nodes.find(
    (g: { name: string }) => g.name === 'Elev',
  ).id;
  const posts = await server.gql(
    'query($g: ID) { journalPosts(filter: { accessGroupId: $g }, first: 1) { edges { node { id } } } }',
    { g: elevGroupId },
    { token: await server.tokenFor('arkivar') },
  );
  elevPostId = posts.body.data.journalPosts.edges[0].node.id;
});
afterAll(() => server?.close());

/** What the admin holds and what the audit trail says: must not move on a refusal. */
async function adminState() {
  const em = server.orm.em.fork();
  return {
    grants: await query(
      em,
      sql`select g.role, g.unit_id, g.valid_to from role_grant g join app_user u on u.id = g.user_id
          where u.username = 'admin' order by g.id`,
    ),
    memberships: await query(
      em,
      sql`select m.group_id, m.valid_to from access_group_membership m
          join app_user u on u.id = m.user_id where u.username = 'admin' order by m.id`,
    ),
    audit: await query(em, sql`select id from audit_event order by id`),
  };
}

async function adminSeesElevPost(): Promise<string> {
  const res = await asAdmin('query($id: ID!) { journalPost(id: $id) { visibility } }', {
    id: elevPostId,
  });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.journalPost.visibility;
}

const ADD_MEMBER =
  'mutation($g: ID!, $u: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { id } }';
const REMOVE_MEMBER =
  'mutation($g: ID!, $u: ID!) { removeAccessGroupMember(input: { id: $g, userId: $u }) { id } }';
const ASSIGN = (role: string) =>
  `mutation($u: ID!) { assignRole(input: { id: $u, role: ${role} }) { roles { role } } }`;
const REVOKE = (role: string) =>
  `mutation($u: ID!) { revokeRole(input: { id: $u, role: ${role} }) { roles { role } } }`;

describe('Nobody grants a role to themself or adds themself to an access group', () => {
  it('addAccessGroupMember(Elev, admin) by admin: FORBIDDEN, nothing changed, the Elev post still REDACTED', async () => {
    expect(await adminSeesElevPost()).toBe('REDACTED');
    const before = await adminState();
    const res = await asAdmin(ADD_MEMBER, { g: elevGroupId, u: adminId });
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Another administrator must add you/),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await adminState()).toEqual(before);
    expect(await adminSeesElevPost()).toBe('REDACTED');
  });

  it('assignRole(ARCHIVIST, admin) by admin: FORBIDDEN, nothing changed, the Elev post still REDACTED', async () => {
    const before = await adminState();
    const res = await asAdmin(ASSIGN('ARCHIVIST'), { u: adminId });
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Another administrator must grant you/),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await adminState()).toEqual(before);
    expect(await adminSeesElevPost()).toBe('REDACTED');
  });
});

describe('Another administrator may grant them, and ending one’s own is allowed', () => {
  let otherToken: string;

  beforeAll(async () => {
    const created = await asAdmin(
      'mutation { createUser(input: { username: "admin.to", displayName: "Andre Administrator" }) { id } }',
    );
    const otherId = created.body.data.createUser.id;
    const granted = await asAdmin(ASSIGN('ADMIN'), { u: otherId });
    expect(granted.body.errors).toBeUndefined();
    otherToken = await server.tokenFor('admin.to');
  });

  it('another admin adds the admin to Elev: the admin reads the post FULL; leaving again is allowed', async () => {
    const added = await server.gql(
      ADD_MEMBER,
      { g: elevGroupId, u: adminId },
      { token: otherToken },
    );
    expect(added.body.errors).toBeUndefined();
    expect(await adminSeesElevPost()).toBe('FULL');
    const events = await query<{ actor: string }>(
      server.orm.em.fork(),
      sql`select u.username as actor from audit_event e join app_user u on u.id = e.actor_id
          where e.action = 'accessGroup.addMember' and e.target_id = ${idOf('AccessGroup', elevGroupId)}`,
    );
    expect(events).toEqual([{ actor: 'admin.to' }]);

    const left = await asAdmin(REMOVE_MEMBER, { g: elevGroupId, u: adminId });
    expect(left.body.errors).toBeUndefined();
    expect(await adminSeesElevPost()).toBe('REDACTED');
  });

  it('another admin grants the admin ARCHIVIST: the admin reads the post FULL; revoking it oneself is allowed', async () => {
    const granted = await server.gql(ASSIGN('ARCHIVIST'), { u: adminId }, { token: otherToken });
    expect(granted.body.errors).toBeUndefined();
    expect(await adminSeesElevPost()).toBe('FULL');
    const revoked = await asAdmin(REVOKE('ARCHIVIST'), { u: adminId });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data.revokeRole.roles).toEqual([{ role: 'ADMIN' }]);
    expect(await adminSeesElevPost()).toBe('REDACTED');
  });
});
