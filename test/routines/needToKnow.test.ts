import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { expectInputFieldError } from '../support/fieldErrors';
import { type GqlResponse, startTestServer, type TestServer } from '../support/server';

/**
 * docs/daily-routines.md, "Need to know (tjenstlig behov)": a screening code may require an
 * access group (on for § 13 in the demo); registering or screening a record with it and without a
 * group is BAD_USER_INPUT on accessGroupId, by every way in; the seeded records comply.
 */
let server: TestServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

async function as(username: string, q: string, variables: Record<string, unknown> = {}) {
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

const owner = () => server.orm.em.fork();

async function idOf(table: string, column: string, value: string): Promise<string> {
  const [row] = await owner().execute<{ id: string }[]>(
    `select id from ${table} where ${column} = ? order by id limit 1`,
    [value],
  );
  return row!.id;
}

const code = async (c: string) =>
  toGlobalId('ScreeningCode', await idOf('screening_code', 'code', c));
const group = async (name: string) =>
  toGlobalId('AccessGroup', await idOf('access_group', 'name', name));
const unit = async (name: string) => toGlobalId('Unit', await idOf('unit', 'name', name));

/** The school-transport case of the demo: open, no access group. */
async function openCase(): Promise<{ id: string; raw: string }> {
  const [row] = await owner().execute<{ id: string }[]>(
    "select id from case_file where title like 'Skoleskyss %' and access_group_id is null limit 1",
  );
  return { id: toGlobalId('Case', row!.id), raw: row!.id };
}

async function auditCount(): Promise<number> {
  const [row] = await owner().execute<{ n: string }[]>('select count(*) as n from audit_event');
  return Number(row!.n);
}

/** Refused with BAD_USER_INPUT on accessGroupId naming the code; nothing written. */
async function refusedWithoutGroup(call: () => Promise<GqlResponse<any>>): Promise<void> {
  const before = await auditCount();
  const res = await call();
  const error = res.body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(res.body)).toBe('BAD_USER_INPUT');
  expectInputFieldError(error, 'accessGroupId');
  expect(error!.message).toMatch(/screening code 13 requires an access group/);
  expect(await auditCount()).toBe(before);
}

function ok(res: GqlResponse<any>) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return Object.values(res.body.data as Record<string, any>)[0];
}

const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`;
const UPDATE_CASE = `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id status } }`;
const UPDATE_POST = `mutation($input: UpdateJournalPostInput!) { updateJournalPost(input: $input) { id } }`;
const CORRECT = `mutation($input: CorrectJournalPostInput!) { correctJournalPost(input: $input) { id } }`;
const ASSESS = `mutation($input: AssessScreeningInput!) { assessScreening(input: $input) { id } }`;

describe('The seeded § 13 records carry an access group', () => {
  it('no record screened with a code that requires a group lacks one, in either organisation', async () => {
    const rows = await owner().execute<{ n: string }[]>(
      `select count(*) as n from (
         select c.id from case_file c join screening_code s on s.id = c.screening_code_id
          where s.requires_access_group and c.access_group_id is null
         union all
         select p.id from journal_post p join screening_code s on s.id = p.screening_code_id
          where s.requires_access_group and p.access_group_id is null) x`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    const codes = await owner().execute<{ code: string; requires_access_group: boolean }[]>(
      'select distinct code, requires_access_group from screening_code order by code',
    );
    expect(codes.filter((c) => c.requires_access_group).map((c) => c.code)).toEqual(['13']);
  });

  it('a refugee case under § 13 is no longer FULL to every employee', async () => {
    const [row] = await owner().execute<{ id: string }[]>(
      "select id from case_file where title like 'Introduksjonsprogram%' limit 1",
    );
    const q = `query($id: ID!) { case(id: $id) { visibility } }`;
    const id = toGlobalId('Case', row!.id);
    expect(ok(await as('saksbehandler', q, { id })).visibility).toBe('REDACTED');
    expect(ok(await as('nav.saksbehandler', q, { id })).visibility).toBe('FULL');
  });
});

describe('Registering or screening a record with § 13 needs an access group', () => {
  it('createCase: refused without a group, accepted with one', async () => {
    const input = {
      title: 'Elevsak – {Kari Testesen}',
      responsibleUnitId: await unit('Vennesla skole'),
      screeningCodeId: await code('13'),
    };
    await refusedWithoutGroup(() => as('skole.saksbehandler', CREATE_CASE, { input }));
    ok(
      await as('skole.saksbehandler', CREATE_CASE, {
        input: { ...input, accessGroupId: await group('Elev') },
      }),
    );
  });

  it('updateCase: choosing § 13 without a group, or removing the group of a § 13 case, is refused', async () => {
    const c = await openCase();
    const thirteen = await code('13');
    await refusedWithoutGroup(() =>
      as('skole.leder', UPDATE_CASE, {
        input: { id: c.id, screeningCodeId: thirteen, title: 'Skoleskyss – {samlet}' },
      }),
    );
    const [elevmappe] = await owner().execute<{ id: string }[]>(
      `select c.id from case_file c join screening_code s on s.id = c.screening_code_id
        where s.code = '13' and c.access_group_id is not null and c.status = 'IN_PROGRESS'
          and c.responsible_unit_id = (select id from unit where name = 'Vennesla skole') limit 1`,
    );
    await refusedWithoutGroup(() =>
      as('skole.leder', UPDATE_CASE, {
        input: { id: toGlobalId('Case', elevmappe!.id), accessGroupId: null },
      }),
    );
  });

  it('registerJournalPost: refused in a case without a group; a post in a grouped case takes its group', async () => {
    const c = await openCase();
    const input = {
      caseId: c.id,
      type: 'INCOMING',
      title: 'Søknad om skoleskyss – {Per Testesen}',
      screeningCodeId: await code('13'),
      correspondents: [{ role: 'SENDER', name: 'Per Testesen', screened: true }],
    };
    await refusedWithoutGroup(() => as('skole.leder', REGISTER, { input }));
    ok(
      await as('skole.leder', REGISTER, {
        input: { ...input, accessGroupId: await group('Elev') },
      }),
    );
    const [elevmappe] = await owner().execute<{ id: string }[]>(
      `select c.id from case_file c join screening_code s on s.id = c.screening_code_id
        where s.code = '13' and c.access_group_id is not null and c.status = 'IN_PROGRESS'
          and c.responsible_unit_id = (select id from unit where name = 'Vennesla skole') limit 1`,
    );
    ok(
      await as('skole.leder', REGISTER, {
        input: { ...input, caseId: toGlobalId('Case', elevmappe!.id) },
      }),
    );
  });

  it('updateJournalPost and assessScreening: a temporarily screened post (XX) assessed to § 13 needs a group first', async () => {
    const c = await openCase();
    const made = ok(
      await as('skole.leder', REGISTER, {
        input: {
          caseId: c.id,
          type: 'INCOMING',
          title: 'Henvendelse om skoleskyss fra {Eva Testesen}',
          screeningPending: true,
          correspondents: [{ role: 'SENDER', name: 'Ukjent avsender', screened: true }],
        },
      }),
    );
    expect(made.status).toBe('REGISTERED_BY_HANDLER');
    const assess = { id: made.id, screeningCodeId: await code('13'), publicTitle: 'Henvendelse' };
    await refusedWithoutGroup(() => as('arkivar', ASSESS, { input: assess }));
    ok(
      await as('skole.leder', UPDATE_POST, {
        input: { id: made.id, accessGroupId: await group('Elev') },
      }),
    );
    ok(await as('arkivar', ASSESS, { input: assess }));
  });

  it('updateJournalPost: a reserved post cannot be screened § 13 without a group', async () => {
    const c = await openCase();
    const made = ok(
      await as('skole.leder', REGISTER, {
        input: { caseId: c.id, type: 'OUTGOING', title: 'Svar om skoleskyss' },
      }),
    );
    const thirteen = await code('13');
    await refusedWithoutGroup(() =>
      as('skole.leder', UPDATE_POST, {
        input: {
          id: made.id,
          screeningCodeId: thirteen,
          title: 'Svar om skoleskyss – {Ola}',
        },
      }),
    );
  });

  it("correctJournalPost: the archive's correction to § 13 needs a group too", async () => {
    const c = await openCase();
    const [post] = await owner().execute<{ id: string }[]>(
      `select id from journal_post where case_id = ? and screening_code_id is null
         and status in ('REGISTERED', 'DISPATCHED', 'ARCHIVED') limit 1`,
      [c.raw],
    );
    const input = {
      id: toGlobalId('JournalPost', post!.id),
      screeningCodeId: await code('13'),
      publicTitle: 'Skoleskyss',
      reason: 'Inneholder personopplysninger',
    };
    await refusedWithoutGroup(() => as('arkivar', CORRECT, { input }));
    ok(await as('arkivar', CORRECT, { input: { ...input, accessGroupId: await group('Elev') } }));
  });
});

describe('The setting is the organisation’s: per screening code, changed by an administrator', () => {
  it('createScreeningCode takes it; setScreeningCodeRequiresAccessGroup changes it, audited', async () => {
    const created = ok(
      await as(
        'admin',
        `mutation { createScreeningCode(input: { code: "13B", name: "Taushetsplikt – helse", legalBasis: "Offl. § 13", requiresAccessGroup: true }) { id requiresAccessGroup } }`,
      ),
    );
    expect(created.requiresAccessGroup).toBe(true);
    const SET = `mutation($id: ID!, $on: Boolean!) { setScreeningCodeRequiresAccessGroup(input: { id: $id, requiresAccessGroup: $on }) { code requiresAccessGroup } }`;
    const refused = await as('arkivar', SET, { id: created.id, on: false });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(ok(await as('admin', SET, { id: created.id, on: false }))).toEqual({
      code: '13B',
      requiresAccessGroup: false,
    });
    const events = await owner().execute<{ changes: unknown }[]>(
      "select changes from audit_event where action = 'screeningCode.setRequiresAccessGroup'",
    );
    expect(events.map((e) => e.changes)).toEqual([
      { requiresAccessGroup: { old: true, new: false } },
    ]);
  });
});

describe('A Noark 5 delivery goes through the same rule', () => {
  const NOARK = 'application/vnd.noark5+json';
  const API = '/noark5v5/api';

  it('a § 13 saksmappe delivered without tilgangsgruppe is refused, and stored with one', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const [part] = await owner().execute<{ id: string }[]>(
      "select id from archive_part where status = 'ACTIVE' limit 1",
    );
    const deliver = (extra: Record<string, unknown>) =>
      fetch(`${server.url}${API}/arkivstruktur/arkivdel/${part!.id}/ny-saksmappe`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': NOARK },
        body: JSON.stringify({
          tittel: 'Elevmappe – Nils Testesen',
          offentligTittel: 'Elevmappe',
          administrativEnhet: 'Vennesla skole',
          skjerming: {
            tilgangsrestriksjon: { kode: '13', kodenavn: 'Taushetsplikt' },
            skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13',
          },
          ...extra,
        }),
      });
    const refused = await deliver({});
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/requires an access group/);
    const [row] = await owner().execute<{ n: string }[]>(
      "select count(*) as n from case_file where title = 'Elevmappe – Nils Testesen'",
    );
    expect(Number(row!.n)).toBe(0);
    const stored = await deliver({
      virksomhetsspesifikkeMetadata: { 'vnd-arkivgraf-v1:tilgangsgruppe': 'Elev' },
    });
    expect(stored.status).toBe(201);
  });
});
