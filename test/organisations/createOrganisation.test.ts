import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSecret } from '../../src/auth/secret';
import { issueLocalToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { fromGlobalId } from '../../src/schema/globalId';
import { fieldErrorsOf } from '../support/fieldErrors';
import { inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

// Creating an organisation (arkivskaper) is for installation admins (installasjonsadministratorer);
// everything within one is for its own administrators. The demo's Vennesla kommune is the first
// organisation; `drift` is a user of it with no grant at all, made an installation admin here.

let server: TestServer;
const orgToken = (username: string, org: string) =>
  issueLocalToken(
    localSecret(loadConfig({ AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!' })),
    username,
    3600,
    org,
  );

const CREATE = `mutation($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { id name shortName organisationNumber }
}`;
const UPDATE = `mutation($input: UpdateOrganisationInput!) {
  updateOrganisation(input: $input) { id name shortName organisationNumber }
}`;
const DIRECTORY = '{ organisations(first: 100) { nodes { shortName name } } }';

let installationAdmin: string;
const rawId = (globalId: string) => fromGlobalId(globalId)!.id;

const newOrganisation = (shortName: string, extra: Record<string, unknown> = {}) => ({
  name: `Testkommune ${shortName}`,
  shortName,
  firstAdmin: { username: `admin.${shortName}`, displayName: `Admin i ${shortName}` },
  ...extra,
});

async function shortNames(): Promise<string[]> {
  const res = await server.gql(DIRECTORY);
  return res.body.data.organisations.nodes.map((o: { shortName: string }) => o.shortName);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const em = server.orm.em.fork();
  await em.execute(
    `insert into app_user (id, username, display_name, active, created_at) values (gen_random_uuid(), 'drift', 'Driftsansvarlig', true, now())`,
  );
  await em.execute(`insert into installation_admin (username) values ('drift')`);
  installationAdmin = await server.tokenFor('drift');
});
afterAll(() => server?.close());

describe('An installation admin creates an organisation that its first admin then runs', () => {
  let created: { id: string; name: string; shortName: string; organisationNumber: string | null };
  let newAdmin: string;

  beforeAll(async () => {
    const res = await server.gql(
      CREATE,
      {
        input: newOrganisation('iveland', {
          name: 'Iveland kommune',
          organisationNumber: '310049492',
        }),
      },
      { token: installationAdmin },
    );
    expect(res.body.errors).toBeUndefined();
    created = res.body.data.createOrganisation;
    newAdmin = await orgToken('admin.iveland', 'iveland');
  });

  it('answers the new organisation, which the public directory lists', async () => {
    expect(created).toMatchObject({
      name: 'Iveland kommune',
      shortName: 'iveland',
      organisationNumber: '310049492',
    });
    expect(await shortNames()).toEqual(expect.arrayContaining(['vennesla', 'iveland']));
  });

  it('tells the installation admin that they are one, and nobody else', async () => {
    const q = '{ me { username installationAdmin organisation { shortName } } }';
    const mine = await server.gql(q, {}, { token: installationAdmin });
    expect(mine.body.data.me).toEqual({
      username: 'drift',
      installationAdmin: true,
      organisation: { shortName: 'vennesla' },
    });
    const other = await server.gql(q, {}, { token: await server.tokenFor('admin') });
    expect(other.body.data.me.installationAdmin).toBe(false);
  });

  it('lets the first admin sign in to it, as its ADMIN', async () => {
    const res = await server.gql(
      '{ me { username roles { role unit { name } } organisation { shortName name } organisations { shortName } } }',
      {},
      { token: newAdmin },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({
      username: 'admin.iveland',
      roles: [{ role: 'ADMIN', unit: null }],
      organisation: { shortName: 'iveland', name: 'Iveland kommune' },
      organisations: [{ shortName: 'iveland' }],
    });
  });

  it('lets the first admin create a unit and a user there', async () => {
    const unit = await server.gql(
      'mutation { createUnit(input: { name: "Sentraladministrasjonen" }) { id name } }',
      {},
      { token: newAdmin },
    );
    expect(unit.body.errors).toBeUndefined();
    const user = await server.gql(
      `mutation($unitId: ID) { createUser(input: { username: "saksbehandler", displayName: "Saksbehandler i Iveland", unitId: $unitId }) { username unit { name } } }`,
      { unitId: unit.body.data.createUnit.id },
      { token: newAdmin },
    );
    expect(user.body.errors).toBeUndefined();
    expect(user.body.data.createUser).toEqual({
      username: 'saksbehandler',
      unit: { name: 'Sentraladministrasjonen' },
    });
  });

  it('holds no record of the other organisation: only its own users and units, no cases', async () => {
    const res = await server.gql(
      `{ users(first: 100) { totalCount nodes { username } }
         units(first: 100) { nodes { name } }
         cases { totalCount } journalPosts { totalCount }
         accessGroups { totalCount } screeningCodes { totalCount } }`,
      {},
      { token: newAdmin },
    );
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(data.users.nodes.map((u: { username: string }) => u.username).sort()).toEqual([
      'admin.iveland',
      'saksbehandler',
    ]);
    expect(data.units.nodes).toEqual([{ name: 'Sentraladministrasjonen' }]);
    expect(data.cases.totalCount).toBe(0);
    expect(data.journalPosts.totalCount).toBe(0);
    expect(data.accessGroups.totalCount).toBe(0);
    expect(data.screeningCodes.totalCount).toBe(0);
  });

  it('lets a case be registered there at once: it has an archive with an active part', async () => {
    const res = await server.gql(
      '{ archiveParts { nodes { title status } } }',
      {},
      { token: newAdmin },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.archiveParts.nodes).toEqual([{ title: 'Sakarkiv', status: 'ACTIVE' }]);
  });

  it('records the creation in the audit trail of the new organisation, not of the old', async () => {
    const q = `{ auditEvents(filter: { action: "organisation.create" }) { nodes { action actor { username } } } }`;
    const there = await server.gql(q, {}, { token: newAdmin });
    expect(there.body.errors).toBeUndefined();
    // No actor: the installation admin is no user of the new organisation (the reason names them).
    expect(there.body.data.auditEvents.nodes).toEqual([
      { action: 'organisation.create', actor: null },
    ]);
    const rows = await inOrganisation(server.orm.em, rawId(created.id), (em) =>
      em.execute(`select reason from audit_event where action = 'organisation.create'`),
    );
    expect(rows).toEqual([{ reason: 'Created by the installation admin drift' }]);
    const here = await server.gql(q, {}, { token: await server.tokenFor('admin') });
    expect(here.body.data.auditEvents.nodes).toEqual([]);
  });

  it('lets the installation admin rename it; the short name stays', async () => {
    const res = await server.gql(
      UPDATE,
      { input: { id: created.id, name: 'Iveland kommune (ny)', organisationNumber: '310049506' } },
      { token: installationAdmin },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateOrganisation).toEqual({
      id: created.id,
      name: 'Iveland kommune (ny)',
      shortName: 'iveland',
      organisationNumber: '310049506',
    });
  });
});

describe('Nobody but an installation admin creates or changes an organisation', () => {
  // Users of Vennesla only (a person of several organisations would first be asked which one).
  it.each(['admin', 'arkivar', 'leder'])(
    'refuses %s of Vennesla with FORBIDDEN, and creates nothing',
    async (username) => {
      const token = await server.tokenFor(username);
      const res = await server.gql(
        CREATE,
        { input: newOrganisation(`nei-${username}`) },
        { token },
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await shortNames()).not.toContain(`nei-${username}`);
    },
  );

  it('refuses the organisation admin a rename of their own organisation (FORBIDDEN)', async () => {
    const res = await server.gql(DIRECTORY.replace('shortName name', 'id shortName'));
    const id = res.body.data.organisations.nodes.find(
      (o: { shortName: string }) => o.shortName === 'vennesla',
    ).id;
    const update = await server.gql(
      UPDATE,
      { input: { id, name: 'Kapret kommune' } },
      { token: await server.tokenFor('admin') },
    );
    expect(update.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('tells the public to sign in', async () => {
    const res = await server.gql(CREATE, { input: newOrganisation('anonym') });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('A new organisation is checked before anything is created', () => {
  it('names every mistake of the input at once, as field errors', async () => {
    const res = await server.gql(
      CREATE,
      {
        input: {
          name: '  ',
          shortName: 'Ikke Gyldig',
          organisationNumber: '310049493',
          firstAdmin: { username: 'X', displayName: '' },
        },
      },
      { token: installationAdmin },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldErrorsOf(res.body.errors?.[0]).map((e) => [e.path.join('.'), e.code])).toEqual([
      ['input.name', 'REQUIRED'],
      ['input.shortName', 'INVALID_FORMAT'],
      ['input.organisationNumber', 'INVALID_FORMAT'],
      ['input.firstAdmin.username', 'INVALID_FORMAT'],
      ['input.firstAdmin.displayName', 'REQUIRED'],
    ]);
  });

  it.each([
    ['eight digits', '31004948'],
    ['a wrong check digit', '310049485'],
    ['letters', '31004948a'],
  ])('refuses an organisation number of %s', async (_what, organisationNumber) => {
    const res = await server.gql(
      CREATE,
      { input: newOrganisation('feil-nummer', { organisationNumber }) },
      { token: installationAdmin },
    );
    expect(fieldErrorsOf(res.body.errors?.[0]).map((e) => e.path.join('.'))).toEqual([
      'input.organisationNumber',
    ]);
    expect(await shortNames()).not.toContain('feil-nummer');
  });

  it.each([
    ['a short name taken', { shortName: 'vennesla' }],
    ['an organisation number taken', { shortName: 'nummer-tatt', organisationNumber: '964966206' }],
  ])('refuses %s with CONFLICT', async (_what, extra) => {
    const res = await server.gql(
      CREATE,
      { input: newOrganisation(extra.shortName, extra) },
      { token: installationAdmin },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await shortNames()).filter((s) => s === extra.shortName)).toHaveLength(
      extra.shortName === 'vennesla' ? 1 : 0,
    );
  });

  it('refuses an unknown organisation to rename with NOT_FOUND', async () => {
    const id = Buffer.from('Organisation:00000000-0000-4000-8000-00000000abcd').toString(
      'base64url',
    );
    const res = await server.gql(
      UPDATE,
      { input: { id, name: 'Ingen' } },
      { token: installationAdmin },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
