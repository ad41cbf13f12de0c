import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSecret } from '../../src/auth/secret';
import { issueLocalToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

// A person who works for two organisations (one user row in each, same username) acts in one at a
// time, with that organisation's grants. `saksbehandler` is a case handler in Vennesla (the demo's
// first organisation) and the administrator of Hægebostad, whose only other user is `hanne`.

let server: TestServer;
const secret = () =>
  localSecret(loadConfig({ AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!' }));
const boundTo = (username: string, org: string) => issueLocalToken(secret(), username, 3600, org);

const ME = `{ me { username roles { role unit { name } } organisation { shortName }
  organisations { shortName name } } }`;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const id = await createTestOrganisation(server.orm, {
    shortName: 'haegebostad',
    name: 'Hægebostad kommune',
  });
  await inOrganisation(server.orm.em, id, async (em) => {
    const unit = randomUUID();
    const admin = randomUUID();
    await em.execute(`insert into unit (id, name, created_at) values (?, 'Rådmannen', now())`, [
      unit,
    ]);
    for (const [userId, username] of [
      [admin, 'saksbehandler'],
      [randomUUID(), 'hanne'],
    ]) {
      await em.execute(
        `insert into app_user (id, username, display_name, unit_id, active, created_at)
         values (?, ?, ?, ?, true, now())`,
        [userId, username, `${username} i Hægebostad`, unit],
      );
    }
    await em.execute(
      `insert into role_grant (id, user_id, role, unit_id, valid_from) values (?, ?, 'ADMIN', null, now())`,
      [randomUUID(), admin],
    );
  });
});
afterAll(() => server?.close());

describe('A person of two organisations sees in each what that organisation grants them', () => {
  it('is a case handler in Vennesla', async () => {
    const res = await server.gql(ME, {}, { token: await boundTo('saksbehandler', 'vennesla') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.roles).toEqual([{ role: 'CASE_HANDLER', unit: { name: 'PPT' } }]);
    expect(res.body.data.me.organisation).toEqual({ shortName: 'vennesla' });
  });

  it('is the administrator in Hægebostad', async () => {
    const res = await server.gql(ME, {}, { token: await boundTo('saksbehandler', 'haegebostad') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.roles).toEqual([{ role: 'ADMIN', unit: null }]);
    expect(res.body.data.me.organisation).toEqual({ shortName: 'haegebostad' });
  });

  it('sees the users, units and cases of the organisation acted in, and of no other', async () => {
    const q = `{ users(first: 100) { nodes { username } } units(first: 100) { nodes { name } }
      cases { totalCount } }`;
    const there = await server.gql(q, {}, { token: await boundTo('saksbehandler', 'haegebostad') });
    expect(there.body.errors).toBeUndefined();
    expect(there.body.data.users.nodes.map((u: { username: string }) => u.username)).toEqual([
      'hanne',
      'saksbehandler',
    ]);
    expect(there.body.data.units.nodes).toEqual([{ name: 'Rådmannen' }]);
    expect(there.body.data.cases.totalCount).toBe(0);
    const here = await server.gql(q, {}, { token: await boundTo('saksbehandler', 'vennesla') });
    const names = here.body.data.users.nodes.map((u: { username: string }) => u.username);
    expect(names).not.toContain('hanne');
    expect(here.body.data.cases.totalCount).toBeGreaterThan(0);
  });

  it('may administer in Hægebostad, not in Vennesla', async () => {
    const create = (name: string) => `mutation { createUnit(input: { name: "${name}" }) { name } }`;
    const there = await server.gql(
      create('Teknisk'),
      {},
      { token: await boundTo('saksbehandler', 'haegebostad') },
    );
    expect(there.body.errors).toBeUndefined();
    const here = await server.gql(
      create('Kapret enhet'),
      {},
      { token: await boundTo('saksbehandler', 'vennesla') },
    );
    expect(here.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists both organisations on me, by name, and only on their own user', async () => {
    const res = await server.gql(ME, {}, { token: await boundTo('saksbehandler', 'vennesla') });
    expect(res.body.data.me.organisations).toEqual([
      { shortName: 'haegebostad', name: 'Hægebostad kommune' },
      { shortName: 'vennesla', name: 'Vennesla kommune' },
    ]);
    const others = await server.gql(
      '{ users(first: 100) { nodes { username organisations { shortName } installationAdmin } } }',
      {},
      { token: await boundTo('saksbehandler', 'haegebostad') },
    );
    expect(others.body.data.users.nodes).toEqual(
      expect.arrayContaining([{ username: 'hanne', organisations: [], installationAdmin: null }]),
    );
  });
});

describe('The X-Organisation header chooses the organisation of a token bound to none', () => {
  it.each([
    ['haegebostad', 'ADMIN'],
    ['vennesla', 'CASE_HANDLER'],
    ['HAEGEBOSTAD', 'ADMIN'],
  ])('acts in %s when the header names it', async (header, role) => {
    const res = await server.gql(
      ME,
      {},
      { token: await server.tokenFor('saksbehandler'), headers: { 'x-organisation': header } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.roles[0].role).toBe(role);
    expect(res.body.data.me.organisation.shortName).toBe(header.toLowerCase());
  });

  it('acts in the organisation the header names by its id', async () => {
    const [row] = await server.orm.em
      .fork()
      .execute<{ id: string }[]>(
        `select id::text as id from organisation where short_name = 'haegebostad'`,
      );
    const res = await server.gql(
      ME,
      {},
      { token: await server.tokenFor('saksbehandler'), headers: { 'x-organisation': row!.id } },
    );
    expect(res.body.data.me.organisation.shortName).toBe('haegebostad');
  });

  it('asks which organisation, naming the header, when a person of two sends none', async () => {
    const res = await server.gql(ME, {}, { token: await server.tokenFor('saksbehandler') });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain('X-Organisation');
    expect(res.body.errors?.[0]?.message).toContain('haegebostad');
  });

  it('needs no header for a person of one organisation', async () => {
    const res = await server.gql(ME, {}, { token: await server.tokenFor('hanne') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.organisation.shortName).toBe('haegebostad');
  });

  it('refuses an organisation the person does not work for (UNAUTHENTICATED)', async () => {
    const res = await server.gql(
      ME,
      {},
      { token: await server.tokenFor('hanne'), headers: { 'x-organisation': 'vennesla' } },
    );
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('A token bound to one organisation is never used in another', () => {
  it('refuses the token of Vennesla sent with the header of Hægebostad (UNAUTHENTICATED)', async () => {
    const res = await server.gql(
      ME,
      {},
      {
        token: await boundTo('saksbehandler', 'vennesla'),
        headers: { 'x-organisation': 'haegebostad' },
      },
    );
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeUndefined();
  });

  it('accepts the header naming the same organisation as the token', async () => {
    const res = await server.gql(
      ME,
      {},
      {
        token: await boundTo('saksbehandler', 'vennesla'),
        headers: { 'x-organisation': 'vennesla' },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.organisation.shortName).toBe('vennesla');
  });
});

describe('The directory of organisations is public, by name, paged like every list', () => {
  it('lists every organisation to the public, by name', async () => {
    const res = await server.gql(
      '{ organisations { totalCount nodes { name shortName organisationNumber } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.organisations).toEqual({
      totalCount: 2,
      nodes: [
        { name: 'Hægebostad kommune', shortName: 'haegebostad', organisationNumber: null },
        { name: 'Vennesla kommune', shortName: 'vennesla', organisationNumber: '964966206' },
      ],
    });
  });

  it('pages forwards with the cursor', async () => {
    const first = await server.gql(
      '{ organisations(first: 1) { nodes { shortName } pageInfo { hasNextPage endCursor } } }',
    );
    expect(first.body.data.organisations.nodes).toEqual([{ shortName: 'haegebostad' }]);
    expect(first.body.data.organisations.pageInfo.hasNextPage).toBe(true);
    const next = await server.gql(
      'query($after: String) { organisations(first: 1, after: $after) { nodes { shortName } pageInfo { hasNextPage } } }',
      { after: first.body.data.organisations.pageInfo.endCursor },
    );
    expect(next.body.data.organisations).toEqual({
      nodes: [{ shortName: 'vennesla' }],
      pageInfo: { hasNextPage: false },
    });
  });
});
