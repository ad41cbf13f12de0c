import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { documentSeries, journalSeries, nextNumber } from '../../src/domain/numbering';
import { todayInOslo } from '../../src/domain/workingDays';
import {
  AccessGroup,
  Case,
  JournalPost,
  type JournalPostType,
  type JournalStatus,
} from '../../src/entities';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The life cycle of a case (domain.md, "Life cycle" and "Roles"), through the real server on the
 * demo data: who may create, check, change, close, reopen and cancel a case, in which states, what
 * closing does to the journal posts, and that a refusal changes nothing (audit trail included).
 */
let server: TestServer;
const tokens = new Map<string, string>();
const today = todayInOslo();
const year = Number(today.slice(0, 4));

const directory: {
  units: Record<string, string>;
  users: Record<string, string>;
  groups: Record<string, string>;
  codes: Record<string, string>;
} = { units: {}, users: {}, groups: {}, codes: {} };

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  // These rules use § 13 as any screening code, also in cases without an access group; the demo's
  // need to know on § 13 has its own tests (test/routines/needToKnow.test.ts).
  await server.orm.em
    .fork()
    .execute("update screening_code set requires_access_group = false where code = '13'");
  const res = await as(
    'arkivar',
    '{ units(first: 100) { nodes { id name } } users(first: 100) { nodes { id username } } accessGroups(first: 100) { nodes { id name } } screeningCodes(first: 100) { nodes { id code } } }',
  );
  const d = res.body.data;
  for (const u of d.units.nodes) directory.units[u.name] = u.id;
  for (const u of d.users.nodes) directory.users[u.username] = u.id;
  for (const g of d.accessGroups.nodes) directory.groups[g.name] = g.id;
  for (const c of d.screeningCodes.nodes) directory.codes[c.code] = c.id;
});
afterAll(() => server?.close());

async function as(username: string | null, q: string, variables: Record<string, unknown> = {}) {
  if (!username) return server.gql(q, variables);
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

const sqlRows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const uuidOf = (globalId: string) => fromGlobalId(globalId)!.id;

async function caseId(caseNumber: string): Promise<string> {
  const rows = await sqlRows<{ id: string }>(
    sql`select id from case_file where case_number = ${caseNumber}`,
  );
  return toGlobalId('Case', rows[0]!.id);
}

/** The stored state of a case, straight from the database. */
async function stored(id: string) {
  const rows = await sqlRows<{
    case_number: string;
    status: string;
    title: string;
    public_title: string;
    case_responsible: string | null;
    version: number;
    closed_at: Date | null;
  }>(
    sql`select c.case_number, c.status, c.title, c.public_title, u.username as case_responsible, c.version,
          c.closed_at
        from case_file c left join app_user u on u.id = c.case_responsible_id
        where c.id = ${uuidOf(id)}`,
  );
  return rows[0]!;
}

async function auditEvents(action: string, id?: string) {
  return sqlRows<{ actor: string; changes: any; reason: string | null }>(
    id
      ? sql`select u.username as actor, e.changes, e.reason from audit_event e
            left join app_user u on u.id = e.actor_id
            where e.action = ${action} and e.target_id = ${uuidOf(id)} order by e.id`
      : sql`select u.username as actor, e.changes, e.reason from audit_event e
            left join app_user u on u.id = e.actor_id where e.action = ${action} order by e.id`,
  );
}

/** Every audit event about the case, whatever the action. */
async function auditCountFor(id: string): Promise<number> {
  const rows = await sqlRows<{ n: string }>(
    sql`select count(*) as n from audit_event where target_id = ${uuidOf(id)}`,
  );
  return Number(rows[0]!.n);
}

async function caseCounter(): Promise<number> {
  const rows = await sqlRows<{ value: number }>(
    sql`select value from number_counter where series = ${`case:${year}`}`,
  );
  return rows[0]?.value ?? 0;
}

const CASE_FIELDS = `id caseNumber status title publicTitle titleScreened visibility
  responsibleUnit { name } caseResponsible { username } accessGroup { name }
  screening { legalBasis screenedFields code { code } }`;

const CREATE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { ${CASE_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCaseInput!) {
  updateCase(input: $input) { ${CASE_FIELDS} } }`;
const APPROVE = `mutation($input: ApproveCaseInput!) { approveCase(input: $input) { id status } }`;
const CLOSE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { id status } }`;
const REOPEN = `mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { id status } }`;
const CANCEL = `mutation($input: CancelCaseInput!) { cancelCase(input: $input) { id status } }`;
const ADD_CONTACT = `mutation($input: AddInternalContactInput!) { addInternalContact(input: $input) { id visibility } }`;
const REMOVE_CONTACT = `mutation($input: RemoveInternalContactInput!) { removeInternalContact(input: $input) { id visibility } }`;
const ASSIGN = `mutation($input: AssignCaseResponsibleInput!) { assignCaseResponsible(input: $input) { id caseResponsible { username } } }`;
const READ = `query($id: ID!) { case(id: $id) { id title visibility caseResponsible { username } } }`;
const POSTS = `query($id: ID!) { case(id: $id) { status journalPosts(first: 100) { edges { node {
  id documentNumber type status writtenOff writeOffMethod writeOffDate } } } } }`;

function errorOf(res: { body: { errors?: { message: string; extensions?: any }[] } }) {
  return res.body.errors?.[0];
}

async function createAs(username: string, input: Record<string, unknown>) {
  const res = await as(username, CREATE, { input });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createCase;
}

/** A new open PPT case of `saksbehandler`, approved by the archive. */
async function inProgressCase(title: string): Promise<string> {
  const created = await createAs('saksbehandler', {
    title,
    responsibleUnitId: directory.units.PPT,
  });
  const approved = await as('arkivar', APPROVE, { input: { id: created.id } });
  expect(approved.body.data.approveCase.status).toBe('IN_PROGRESS');
  return created.id;
}

/**
 * A journal post put straight into the database: registering posts is another mutation's job, and
 * these tests need posts in given states.
 */
async function insertPost(
  id: string,
  type: `${JournalPostType}`,
  status: `${JournalStatus}`,
  extra: Partial<JournalPost> = {},
): Promise<string> {
  const em = server.orm.em.fork();
  return em.transactional(async (tx) => {
    const c = await tx.findOneOrFail(Case, { id: uuidOf(id) });
    const post = tx.create(JournalPost, {
      case: c,
      documentNumber: await nextNumber(tx, documentSeries(c.id)),
      journalYear: year,
      journalSequenceNumber: await nextNumber(tx, journalSeries(year)),
      type: type as JournalPostType,
      status: status as JournalStatus,
      title: `${type} ${status}`,
      publicTitle: `${type} ${status}`,
      journalDate: today,
      responsible: c.caseResponsible,
      responsibleUnit: c.responsibleUnit,
      createdBy: c.createdBy,
      ...extra,
    });
    return post.id;
  });
}

/** A fødselsnummer with valid check digits (mod 11), built from nine digits. */
function nationalId(): string {
  const k = (digits: number[], weights: number[]) => {
    const r = weights.reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11;
    return r === 0 ? 0 : 11 - r;
  };
  for (let n = 1; ; n++) {
    const d = Array.from(`150385${String(n).padStart(3, '0')}`, Number);
    const k1 = k(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    if (k1 === 10) continue;
    const k2 = k([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k2 === 10) continue;
    return [...d, k1, k2].join('');
  }
}

describe('A case handler creates a case in their unit: RESERVED, with the next case number of the year', () => {
  it('gets the next number, the handler as case responsible, and an audit event', async () => {
    const counter = await caseCounter();
    const created = await createAs('saksbehandler', {
      title: 'Systemrettet arbeid – matematikk 5.–7. trinn',
      responsibleUnitId: directory.units.PPT,
    });
    expect(created).toMatchObject({
      caseNumber: `${year}/${counter + 1}`,
      status: 'RESERVED',
      title: 'Systemrettet arbeid – matematikk 5.–7. trinn',
      publicTitle: 'Systemrettet arbeid – matematikk 5.–7. trinn',
      visibility: 'FULL',
      responsibleUnit: { name: 'PPT' },
      caseResponsible: { username: 'saksbehandler' },
      accessGroup: null,
      screening: null,
    });
    const events = await auditEvents('case.create', created.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe('saksbehandler');
    expect(events[0]!.changes).toMatchObject({
      caseNumber: { old: null, new: created.caseNumber },
      status: { old: null, new: 'RESERVED' },
      caseResponsibleId: { old: null, new: uuidOf(directory.users.saksbehandler!) },
    });
  });

  it('numbers consecutive cases one after the other', async () => {
    const first = await createAs('leder', {
      title: 'Budsjett 2028 – PPT',
      responsibleUnitId: directory.units.PPT,
    });
    const second = await createAs('saksbehandler', {
      title: 'Kurs for lærere i Vennesla',
      responsibleUnitId: directory.units.PPT,
    });
    const seq = (n: string) => Number(n.split('/')[1]);
    expect(first.caseNumber.startsWith(`${year}/`)).toBe(true);
    expect(seq(second.caseNumber)).toBe(seq(first.caseNumber) + 1);
  });

  it('may name a colleague of the unit as case responsible, but nobody outside it', async () => {
    const named = await createAs('saksbehandler', {
      title: 'Veiledning av barnehager',
      responsibleUnitId: directory.units.PPT,
      caseResponsibleId: directory.users['ppt.radgiver'],
    });
    expect(named.caseResponsible).toEqual({ username: 'ppt.radgiver' });

    const counter = await caseCounter();
    const res = await as('saksbehandler', CREATE, {
      input: {
        title: 'Skal ikke finnes',
        responsibleUnitId: directory.units.PPT,
        caseResponsibleId: directory.users['nav.saksbehandler'],
      },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'caseResponsibleId'] }],
    });
    expect(await caseCounter()).toBe(counter);
  });
});

describe('A case the archive creates needs no check: IN_PROGRESS at once', () => {
  it('is IN_PROGRESS, in any unit', async () => {
    const created = await createAs('arkivar', {
      title: 'Arkivering av e-post i NAV Flyktning',
      responsibleUnitId: directory.units['NAV Flyktning'],
    });
    expect(created).toMatchObject({
      status: 'IN_PROGRESS',
      responsibleUnit: { name: 'NAV Flyktning' },
      caseResponsible: { username: 'arkivar' },
    });
  });
});

describe('Nobody else creates cases: a handler outside the unit, an admin, the public', () => {
  async function refused(username: string | null, code: string, message: RegExp) {
    const counter = await caseCounter();
    const events = (await auditEvents('case.create')).length;
    const res = await as(username, CREATE, {
      input: { title: 'Skal ikke finnes', responsibleUnitId: directory.units['NAV Flyktning'] },
    });
    expect(errorOf(res)?.extensions?.code).toBe(code);
    expect(errorOf(res)?.message).toMatch(message);
    // No data at all: null when the mutation ran and failed, absent when refused before it ran.
    expect(res.body.data ?? null).toBeNull();
    expect(await caseCounter()).toBe(counter);
    expect(await auditEvents('case.create')).toHaveLength(events);
    const left = await sqlRows(sql`select 1 from case_file where title = 'Skal ikke finnes'`);
    expect(left).toEqual([]);
  }

  it('a case handler of PPT may not create a case for NAV Flyktning', () =>
    refused('saksbehandler', 'FORBIDDEN', /NAV Flyktning/));
  it('an admin may not create cases', () => refused('admin', 'FORBIDDEN', /NAV Flyktning/));
  it('the public must sign in', () => refused(null, 'UNAUTHENTICATED', /Sign in/));
});

describe('Public titles: words between { } are screened; a screened title needs a public form', () => {
  const elev = () => ({
    responsibleUnitId: directory.units.PPT,
    accessGroupId: directory.groups.Elev,
    screeningCodeId: directory.codes['13'],
  });

  it('derives the public title from the {markers}; other handlers see only that', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Henvisning til PPT – {Ole Knutsen}',
      ...elev(),
    });
    expect(created).toMatchObject({
      title: 'Henvisning til PPT – Ole Knutsen',
      publicTitle: 'Henvisning til PPT – *****',
      visibility: 'FULL',
      accessGroup: { name: 'Elev' },
      screening: {
        legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
        code: { code: '13' },
      },
    });
    expect(created.screening.screenedFields).toContain('TITLE');
    const other = await as('ppt.radgiver', READ, { id: created.id });
    expect(other.body.data.case).toMatchObject({
      title: 'Henvisning til PPT – *****',
      visibility: 'REDACTED',
      caseResponsible: null,
    });
    expect(other.text).not.toContain('Knutsen');
  });

  it('refuses a screened title without markers or public title (BAD_USER_INPUT publicTitle)', async () => {
    const counter = await caseCounter();
    const res = await as('saksbehandler', CREATE, {
      input: { title: 'Henvisning til PPT – Ole Knutsen', ...elev() },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'publicTitle'] }],
    });
    expect(await caseCounter()).toBe(counter);
  });

  it('refuses a public title carrying a national identity number', async () => {
    const counter = await caseCounter();
    const res = await as('saksbehandler', CREATE, {
      input: {
        title: 'Henvisning til PPT – Ole Knutsen',
        publicTitle: `Henvisning til PPT – ${nationalId()}`,
        ...elev(),
      },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'publicTitle'] }],
    });
    expect(errorOf(res)?.message).toMatch(/national identity number/);
    expect(await caseCounter()).toBe(counter);
  });
});

describe('A screened title needs a public title that differs from it', () => {
  const screened = () => ({
    responsibleUnitId: directory.units.PPT,
    accessGroupId: directory.groups.Elev,
    screeningCodeId: directory.codes['13'],
  });
  const SAME = /its public title must differ from it/;

  it.each([
    ['given the same, in other case and spacing', '  henvisning til PPT  –   ole KNUTSEN '],
    ['given exactly the same', 'Henvisning til PPT – Ole Knutsen'],
  ])(
    'createCase: refuses a public title %s (BAD_USER_INPUT publicTitle)',
    async (_n, publicTitle) => {
      const counter = await caseCounter();
      const res = await as('saksbehandler', CREATE, {
        input: { ...screened(), title: 'Henvisning til PPT – Ole Knutsen', publicTitle },
      });
      expect(errorOf(res)?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['input', 'publicTitle'] }],
      });
      expect(errorOf(res)?.message).toMatch(SAME);
      expect(await caseCounter()).toBe(counter);
    },
  );

  it('createCase: refuses {markers} that derive the title itself', async () => {
    const counter = await caseCounter();
    const res = await as('saksbehandler', CREATE, {
      input: { ...screened(), title: 'Henvisning til PPT – {*****}' },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'publicTitle'] }],
    });
    expect(await caseCounter()).toBe(counter);
  });

  it('updateCase: refuses a public title, or a new title, that reads as the other', async () => {
    const created = await createAs('saksbehandler', {
      ...screened(),
      title: 'Sakkyndig vurdering – {Per Hansen}',
    });
    for (const input of [
      { publicTitle: 'SAKKYNDIG  vurdering – per hansen' },
      { title: 'Sakkyndig vurdering – *****' },
      { screeningCodeId: directory.codes['13'], publicTitle: 'Sakkyndig vurdering – Per Hansen ' },
    ]) {
      const res = await as('saksbehandler', UPDATE, { input: { id: created.id, ...input } });
      expect(errorOf(res)?.extensions, JSON.stringify(input)).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['input', 'publicTitle'] }],
      });
    }
    expect(await stored(created.id)).toMatchObject({
      title: 'Sakkyndig vurdering – Per Hansen',
      public_title: 'Sakkyndig vurdering – *****',
    });
    expect(await auditEvents('case.update', created.id)).toHaveLength(0);
  });

  it('a title that is not screened keeps the title as its public title', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Samarbeidsmøte',
      publicTitle: 'samarbeidsmøte',
      responsibleUnitId: directory.units.PPT,
    });
    expect(created).toMatchObject({ title: 'Samarbeidsmøte', publicTitle: 'Samarbeidsmøte' });
  });
});

describe("The archive's check: RESERVED → IN_PROGRESS, by the archive only", () => {
  it('a handler may not approve; the archive does, once', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Samarbeid med helsestasjonen',
      responsibleUnitId: directory.units.PPT,
    });
    const byHandler = await as('saksbehandler', APPROVE, { input: { id: created.id } });
    expect(errorOf(byHandler)?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(byHandler)?.message).toMatch(/the check of new cases is the archive's/);
    expect((await stored(created.id)).status).toBe('RESERVED');
    expect(await auditEvents('case.approve', created.id)).toHaveLength(0);

    const byArchive = await as('arkivar', APPROVE, { input: { id: created.id } });
    expect(byArchive.body.data.approveCase.status).toBe('IN_PROGRESS');
    expect(await auditEvents('case.approve', created.id)).toEqual([
      {
        actor: 'arkivar',
        reason: null,
        changes: { status: { old: 'RESERVED', new: 'IN_PROGRESS' } },
      },
    ]);

    const twice = await as('arkivar', APPROVE, { input: { id: created.id } });
    expect(errorOf(twice)?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      state: 'IN_PROGRESS',
    });
    expect(errorOf(twice)?.message).toContain(created.caseNumber);
    expect(await auditEvents('case.approve', created.id)).toHaveLength(1);
  });
});

describe('Changing a case: only the fields given change, and not once it is closed or cancelled', () => {
  it('changes the title alone and audits the old and new values', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Sakkyndig vurdering – {Per Hansen}',
      publicTitle: 'Sakkyndig vurdering',
      responsibleUnitId: directory.units.PPT,
      accessGroupId: directory.groups.Elev,
      screeningCodeId: directory.codes['13'],
    });
    const res = await as('saksbehandler', UPDATE, {
      input: { id: created.id, title: 'Sakkyndig vurdering – Per Hanssen' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCase).toMatchObject({
      title: 'Sakkyndig vurdering – Per Hanssen',
      publicTitle: 'Sakkyndig vurdering',
      accessGroup: { name: 'Elev' },
      screening: { code: { code: '13' } },
    });
    const events = await auditEvents('case.update', created.id);
    expect(events).toEqual([
      {
        actor: 'saksbehandler',
        reason: null,
        changes: {
          title: {
            old: 'Sakkyndig vurdering – Per Hansen',
            new: 'Sakkyndig vurdering – Per Hanssen',
          },
        },
      },
    ]);
  });

  it('screening an open title needs a public form; markers give one', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Oppfølging av Kari Nordmann',
      responsibleUnitId: directory.units.PPT,
    });
    const refused = await as('saksbehandler', UPDATE, {
      input: { id: created.id, screeningCodeId: directory.codes['13'] },
    });
    expect(errorOf(refused)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'publicTitle'] }],
    });
    expect(await auditEvents('case.update', created.id)).toHaveLength(0);
    expect((await stored(created.id)).public_title).toBe('Oppfølging av Kari Nordmann');
    const screened = await as('saksbehandler', UPDATE, {
      input: {
        id: created.id,
        screeningCodeId: directory.codes['13'],
        title: 'Oppfølging av {Kari Nordmann}',
      },
    });
    expect(screened.body.data.updateCase).toMatchObject({
      title: 'Oppfølging av Kari Nordmann',
      publicTitle: 'Oppfølging av *****',
      screening: { code: { code: '13' } },
    });
  });

  it('null clears a field: without its screening code the title is public again', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Oppfølging av {Nils Nilsen}',
      responsibleUnitId: directory.units.PPT,
      screeningCodeId: directory.codes['13'],
    });
    const res = await as('saksbehandler', UPDATE, {
      input: { id: created.id, screeningCodeId: null },
    });
    expect(res.body.data.updateCase).toMatchObject({
      title: 'Oppfølging av Nils Nilsen',
      publicTitle: 'Oppfølging av Nils Nilsen',
      screening: null,
    });
    const [event] = await auditEvents('case.update', created.id);
    expect(event!.changes).toMatchObject({
      publicTitle: { old: 'Oppfølging av *****', new: 'Oppfølging av Nils Nilsen' },
      screeningCodeId: { old: uuidOf(directory.codes['13']!), new: null },
    });
  });

  it('a handler with no relation to the case may not change it', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Temamøte om skolevegring',
      responsibleUnitId: directory.units.PPT,
    });
    const res = await as('ppt.radgiver', UPDATE, { input: { id: created.id, title: 'Endret' } });
    expect(errorOf(res)?.extensions?.code).toBe('FORBIDDEN');
    expect((await stored(created.id)).title).toBe('Temamøte om skolevegring');
    expect(await auditCountFor(created.id)).toBe(1); // case.create only
  });

  it('a closed case is INVALID_STATE until it is reopened', async () => {
    const id = await caseId('2024/1');
    const before = await stored(id);
    const res = await as('arkivar', UPDATE, { input: { id, title: 'Endret' } });
    expect(errorOf(res)?.extensions?.code).toBe('INVALID_STATE');
    expect(errorOf(res)?.message).toBe('The case 2024/1 is closed; reopen it before changing it');
    expect(await stored(id)).toEqual(before);
    expect(await auditCountFor(id)).toBe(0);
  });
});

describe('Two changes of the same case at the same moment: none is lost silently', () => {
  it('each parallel update either wins or gets CONFLICT; the audit trail has one event per win', async () => {
    const id = await inProgressCase('Samtidig endring');
    for (let round = 0; round < 4; round++) {
      const titles = [`Samtidig endring A${round}`, `Samtidig endring B${round}`];
      const before = (await auditEvents('case.update', id)).length;
      const results = await Promise.all(
        titles.map((title) => as('saksbehandler', UPDATE, { input: { id, title } })),
      );
      const won = titles.filter((_, i) => !results[i]!.body.errors);
      for (const res of results) {
        if (res.body.errors) expect(errorOf(res)?.extensions?.code).toBe('CONFLICT');
      }
      expect(won.length).toBeGreaterThan(0);
      expect(won).toContain((await stored(id)).title);
      const events = (await auditEvents('case.update', id)).slice(before);
      expect(events).toHaveLength(won.length);
      expect(events.map((e) => e.changes.title.new).sort()).toEqual([...won].sort());
    }
  });
});

describe('Closing: the case responsible closes as handler, the archive closes for good', () => {
  let id: string;
  const posts: Record<string, string> = {};

  beforeAll(async () => {
    id = await inProgressCase('Rådgivning for Vennesla skole 2026');
    posts.incoming = await insertPost(id, 'INCOMING', 'REGISTERED');
    posts.note = await insertPost(id, 'INTERNAL_FOLLOW_UP', 'DISPATCHED');
    posts.outgoing = await insertPost(id, 'OUTGOING', 'DISPATCHED');
    posts.answered = await insertPost(id, 'INCOMING', 'REGISTERED', {
      writeOffMethod: 'NOTED' as never,
      writeOffDate: '2026-01-05',
    });
    posts.cancelled = await insertPost(id, 'INCOMING', 'CANCELLED');
    posts.noFollowUp = await insertPost(id, 'INTERNAL_NO_FOLLOW_UP', 'REGISTERED');
  });

  async function postsOf(username: string) {
    const res = await as(username, POSTS, { id });
    const byId = new Map<string, any>(
      res.body.data.case.journalPosts.edges.map((e: any) => [uuidOf(e.node.id), e.node]),
    );
    return Object.fromEntries(Object.entries(posts).map(([k, v]) => [k, byId.get(v)]));
  }

  it('a handler who is not responsible for the case may not close it', async () => {
    const res = await as('ppt.radgiver', CLOSE, { input: { id } });
    expect(errorOf(res)?.extensions?.code).toBe('FORBIDDEN');
    expect((await stored(id)).status).toBe('IN_PROGRESS');
    expect(await auditEvents('case.close', id)).toHaveLength(0);
  });

  it('the case responsible closes: CLOSED_BY_HANDLER, open I and N posts written off with SA', async () => {
    const res = await as('saksbehandler', CLOSE, { input: { id } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.closeCase.status).toBe('CLOSED_BY_HANDLER');
    const p = await postsOf('saksbehandler');
    for (const k of ['incoming', 'note']) {
      expect(p[k]).toMatchObject({
        writtenOff: true,
        writeOffMethod: 'CASE_CLOSED',
        writeOffDate: today,
      });
    }
    expect(p.answered).toMatchObject({ writeOffMethod: 'NOTED', writeOffDate: '2026-01-05' });
    expect(p.cancelled).toMatchObject({ writtenOff: false, status: 'CANCELLED' });
    expect(p.outgoing).toMatchObject({ writtenOff: false, status: 'DISPATCHED' });
    expect(p.incoming.status).toBe('REGISTERED');
    const writer = await sqlRows<{ username: string }>(
      sql`select u.username from journal_post p join app_user u on u.id = p.written_off_by_id
          where p.id = ${posts.incoming!}`,
    );
    expect(writer).toEqual([{ username: 'saksbehandler' }]);
    const events = await auditEvents('case.close', id);
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.status).toEqual({ old: 'IN_PROGRESS', new: 'CLOSED_BY_HANDLER' });
    expect([...events[0]!.changes.writtenOffPostIds.new].sort()).toEqual(
      [posts.incoming, posts.note].sort(),
    );
  });

  it('closing again as handler is INVALID_STATE', async () => {
    const res = await as('saksbehandler', CLOSE, { input: { id } });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      state: 'CLOSED_BY_HANDLER',
    });
    expect(await auditEvents('case.close', id)).toHaveLength(1);
  });

  it('the archive closes for good: CLOSED, every post not cancelled ARCHIVED', async () => {
    const res = await as('arkivar', CLOSE, { input: { id } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.closeCase.status).toBe('CLOSED');
    const p = await postsOf('arkivar');
    for (const k of ['incoming', 'note', 'outgoing', 'answered', 'noFollowUp']) {
      expect(p[k].status).toBe('ARCHIVED');
    }
    expect(p.cancelled.status).toBe('CANCELLED');
    expect((await stored(id)).closed_at).not.toBeNull();
    const events = await auditEvents('case.close', id);
    expect(events[1]!.changes.status).toEqual({ old: 'CLOSED_BY_HANDLER', new: 'CLOSED' });
  });

  it('the archive closes an open case directly, writing off and archiving in one go', async () => {
    const other = await inProgressCase('Direkte avsluttet av arkivet');
    const incoming = await insertPost(other, 'INCOMING', 'REGISTERED');
    const res = await as('arkivar', CLOSE, { input: { id: other } });
    expect(res.body.data.closeCase.status).toBe('CLOSED');
    const rows = await sqlRows<{ status: string; write_off_method: string }>(
      sql`select status, write_off_method from journal_post where id = ${incoming}`,
    );
    expect(rows).toEqual([{ status: 'ARCHIVED', write_off_method: 'CASE_CLOSED' }]);
  });
});

describe('A case with unfinished journal posts cannot be closed', () => {
  it('refuses with INVALID_STATE naming how many, and changes nothing', async () => {
    const id = await inProgressCase('Ufullstendig sak');
    const open = await insertPost(id, 'INCOMING', 'REGISTERED');
    await insertPost(id, 'OUTGOING', 'RESERVED');
    await insertPost(id, 'INCOMING', 'REGISTERED_BY_HANDLER');
    const before = await stored(id);
    for (const who of ['saksbehandler', 'arkivar']) {
      const res = await as(who, CLOSE, { input: { id } });
      expect(errorOf(res)?.extensions?.code).toBe('INVALID_STATE');
      expect(errorOf(res)?.message).toMatch(
        new RegExp(
          `^${before.case_number} has 2 unfinished journal posts .*; finish or cancel them first$`,
        ),
      );
    }
    expect(await stored(id)).toEqual(before);
    expect(await auditEvents('case.close', id)).toHaveLength(0);
    const rows = await sqlRows<{ write_off_method: string | null }>(
      sql`select write_off_method from journal_post where id = ${open}`,
    );
    expect(rows).toEqual([{ write_off_method: null }]);
  });

  it('a reserved case is not closed either', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Reservert sak',
      responsibleUnitId: directory.units.PPT,
    });
    const res = await as('saksbehandler', CLOSE, { input: { id: created.id } });
    expect(errorOf(res)?.extensions?.code).toBe('INVALID_STATE');
    expect((await stored(created.id)).status).toBe('RESERVED');
  });
});

describe('Reopening is for the archive only, and needs a reason', () => {
  let id: string;
  beforeAll(async () => {
    id = await inProgressCase('Gjenåpnes');
    await as('arkivar', CLOSE, { input: { id } });
  });

  it('a blank reason is BAD_USER_INPUT naming the field', async () => {
    const res = await as('arkivar', REOPEN, { input: { id, reason: '   ' } });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
    expect((await stored(id)).status).toBe('CLOSED');
    expect(await auditEvents('case.reopen', id)).toHaveLength(0);
  });

  it('a case handler may not reopen, even the case responsible', async () => {
    const res = await as('saksbehandler', REOPEN, { input: { id, reason: 'Nytt brev kom inn' } });
    expect(errorOf(res)?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(res)?.message).toMatch(/only the archive reopens closed cases/);
    expect((await stored(id)).status).toBe('CLOSED');
    expect(await auditEvents('case.reopen', id)).toHaveLength(0);
  });

  it('the archive reopens: IN_PROGRESS, the reason in the audit trail; once', async () => {
    const res = await as('arkivar', REOPEN, { input: { id, reason: 'Nytt brev fra foresatte' } });
    expect(res.body.data.reopenCase.status).toBe('IN_PROGRESS');
    expect((await stored(id)).closed_at).toBeNull();
    expect(await auditEvents('case.reopen', id)).toEqual([
      {
        actor: 'arkivar',
        reason: 'Nytt brev fra foresatte',
        changes: { status: { old: 'CLOSED', new: 'IN_PROGRESS' }, closedAt: expect.anything() },
      },
    ]);
    const again = await as('arkivar', REOPEN, { input: { id, reason: 'Igjen' } });
    expect(errorOf(again)?.extensions?.code).toBe('INVALID_STATE');
  });
});

describe('A case is cancelled (utgår) only while it holds no journal posts but cancelled ones', () => {
  it('cancels an empty case with a reason; a cancelled case cannot be changed', async () => {
    const created = await createAs('saksbehandler', {
      title: 'Duplikat av sak',
      responsibleUnitId: directory.units.PPT,
    });
    const blank = await as('saksbehandler', CANCEL, { input: { id: created.id, reason: '' } });
    expect(errorOf(blank)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
    const res = await as('saksbehandler', CANCEL, {
      input: { id: created.id, reason: 'Duplikat' },
    });
    expect(res.body.data.cancelCase.status).toBe('CANCELLED');
    expect(await auditEvents('case.cancel', created.id)).toMatchObject([{ reason: 'Duplikat' }]);
    const update = await as('saksbehandler', UPDATE, { input: { id: created.id, title: 'X' } });
    expect(errorOf(update)?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      state: 'CANCELLED',
    });
  });

  it('refuses a case with live journal posts', async () => {
    const id = await inProgressCase('Sak med dokumenter');
    await insertPost(id, 'INCOMING', 'REGISTERED');
    await insertPost(id, 'OUTGOING', 'CANCELLED');
    const res = await as('saksbehandler', CANCEL, { input: { id, reason: 'Feil' } });
    expect(errorOf(res)?.extensions?.code).toBe('INVALID_STATE');
    expect(errorOf(res)?.message).toContain('1 journal post that is not cancelled');
    expect((await stored(id)).status).toBe('IN_PROGRESS');
    expect(await auditEvents('case.cancel', id)).toHaveLength(0);
  });
});

describe('An internal contact reads a restricted case in full', () => {
  it('added: REDACTED becomes FULL; removed: REDACTED again', async () => {
    const id = await caseId('2024/12'); // Elevmappe – Sigrid Tjomsland (Elev)
    const user = directory.users.saksbehandler!;
    const seen = async () => (await as('saksbehandler', READ, { id })).body.data.case;
    expect(await seen()).toMatchObject({ visibility: 'REDACTED', title: 'Elevmappe' });

    const self = await as('saksbehandler', ADD_CONTACT, { input: { id, userId: user } });
    expect(errorOf(self)?.extensions?.code).toBe('FORBIDDEN');
    // Sees the case REDACTED: only a FULL reader changes it, whatever their relation.
    expect(errorOf(self)?.message).toMatch(/public form \(REDACTED\)/);
    expect(errorOf(self)?.message).not.toContain('Tjomsland');
    expect(await auditCountFor(id)).toBe(0);

    const added = await as('arkivar', ADD_CONTACT, { input: { id, userId: user } });
    expect(added.body.errors).toBeUndefined();
    expect(await seen()).toMatchObject({
      visibility: 'FULL',
      title: 'Elevmappe – Sigrid Tjomsland',
    });
    const twice = await as('arkivar', ADD_CONTACT, { input: { id, userId: user } });
    expect(errorOf(twice)?.extensions?.code).toBe('CONFLICT');

    const removed = await as('arkivar', REMOVE_CONTACT, { input: { id, userId: user } });
    expect(removed.body.errors).toBeUndefined();
    expect(await seen()).toMatchObject({ visibility: 'REDACTED', title: 'Elevmappe' });
    const again = await as('arkivar', REMOVE_CONTACT, { input: { id, userId: user } });
    expect(errorOf(again)?.extensions?.code).toBe('NOT_FOUND');

    expect((await auditEvents('case.addInternalContact', id)).map((e) => e.actor)).toEqual([
      'arkivar',
    ]);
    expect(await auditEvents('case.removeInternalContact', id)).toHaveLength(1);
  });

  it('a deactivated user cannot become an internal contact', async () => {
    const id = await caseId('2024/12');
    const res = await as('arkivar', ADD_CONTACT, {
      input: { id, userId: directory.users['tidligere.ansatt'] },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'userId'] }],
    });
  });
});

describe('Reassigning the case responsible: leaders within their unit, and the archive', () => {
  it('the leader of PPT gives a PPT case to a handler of PPT', async () => {
    const id = await caseId('2025/16');
    const res = await as('leder', ASSIGN, {
      input: { id, userId: directory.users['ppt.radgiver'] },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.assignCaseResponsible.caseResponsible).toEqual({
      username: 'ppt.radgiver',
    });
    expect(await auditEvents('case.assignResponsible', id)).toEqual([
      {
        actor: 'leder',
        reason: null,
        changes: {
          caseResponsibleId: {
            old: uuidOf(directory.users.leder!),
            new: uuidOf(directory.users['ppt.radgiver']!),
          },
        },
      },
    ]);
  });

  it('not to someone outside the unit', async () => {
    const id = await caseId('2025/16');
    const res = await as('leder', ASSIGN, {
      input: { id, userId: directory.users['nav.saksbehandler'] },
    });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'userId'] }],
    });
    expect((await stored(id)).case_responsible).toBe('ppt.radgiver');
  });

  it('the leader of PPT may not reassign a case of another unit; a handler may not at all', async () => {
    const school = await caseId('2026/12');
    const byLeader = await as('leder', ASSIGN, {
      input: { id: school, userId: directory.users['skole.saksbehandler'] },
    });
    expect(errorOf(byLeader)?.extensions?.code).toBe('FORBIDDEN');
    expect((await stored(school)).case_responsible).toBe('skole.inspektor');

    const ppt = await caseId('2025/31');
    const byHandler = await as('saksbehandler', ASSIGN, {
      input: { id: ppt, userId: directory.users.saksbehandler },
    });
    expect(errorOf(byHandler)?.extensions?.code).toBe('FORBIDDEN');
    expect((await stored(ppt)).case_responsible).toBe('leder');
    expect(await auditCountFor(school)).toBe(0);
    expect(await auditCountFor(ppt)).toBe(0);
  });
});

describe('What you cannot see does not exist; the public changes nothing', () => {
  const unknown = toGlobalId('Case', '00000000-0000-4000-8000-000000000000');

  it.each([
    ['approveCase', APPROVE, {}],
    ['closeCase', CLOSE, {}],
    ['reopenCase', REOPEN, { reason: 'x' }],
    ['cancelCase', CANCEL, { reason: 'x' }],
    ['updateCase', UPDATE, { title: 'x' }],
  ])('%s of an unknown case is NOT_FOUND', async (_name, mutation, fields) => {
    const res = await as('arkivar', mutation, { input: { id: unknown, ...fields } });
    expect(errorOf(res)?.extensions?.code).toBe('NOT_FOUND');
    expect(errorOf(res)?.message).toBe('The case was not found');
  });

  it('a malformed id is BAD_USER_INPUT naming the argument', async () => {
    const res = await as('arkivar', APPROVE, { input: { id: directory.users.arkivar } });
    expect(errorOf(res)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'id'] }],
    });
  });

  it('the public is told to sign in', async () => {
    const id = await caseId('2026/37');
    const res = await as(null, APPROVE, { input: { id } });
    expect(errorOf(res)?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(res)?.message).toMatch(/Sign in/);
    expect((await stored(id)).status).toBe('RESERVED');
  });
});

describe('Restricting a case restricts the posts that inherited its access group', () => {
  it('posts on the old group follow the case; a post with a group of its own keeps it', async () => {
    const id = await inProgressCase('Oppfølging av elev');
    const inherited = await insertPost(id, 'INCOMING', 'REGISTERED');
    const own = await insertPost(id, 'INCOMING', 'REGISTERED', {
      accessGroup: server.orm.em
        .fork()
        .getReference(AccessGroup, uuidOf(directory.groups.Personal!)),
    });
    // The case responsible may change the case, but its access group is for the unit's leaders.
    const byHandler = await as('saksbehandler', UPDATE, {
      input: { id, accessGroupId: directory.groups.Elev },
    });
    expect(errorOf(byHandler)?.extensions?.code).toBe('FORBIDDEN');
    expect(await auditEvents('case.update', id)).toHaveLength(0);
    const res = await as('leder', UPDATE, { input: { id, accessGroupId: directory.groups.Elev } });
    expect(res.body.errors).toBeUndefined();
    const rows = await sqlRows<{ id: string; group: string | null }>(
      sql`select jp.id, g.name as group from journal_post jp left join access_group g on g.id = jp.access_group_id
          where jp.id in (${[inherited, own]})`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.group]))).toEqual({
      [inherited]: 'Elev',
      [own]: 'Personal',
    });
    const seenByOther = await as(
      'innsyn',
      'query($id: ID!) { journalPost(id: $id) { visibility } }',
      { id: toGlobalId('JournalPost', inherited) },
    );
    expect(seenByOther.body.data.journalPost.visibility).toBe('REDACTED');
    const events = await auditEvents('case.update', id);
    expect(JSON.stringify(events)).toContain(inherited);
  });
});
