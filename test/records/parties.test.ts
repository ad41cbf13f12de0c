import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  createRecord,
  type Fixtures,
  MARKER_NATIONAL_ID,
  MARKER_ORGANIZATION_NUMBER,
  RECORDS,
  type RecordName,
  VIEWERS,
} from '../support/fixtures';
import { fieldErrorsOf, expectInputFieldError } from '../support/fieldErrors';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Parties (sakspart) and correspondents' identifiers (docs/noark5.md, "Part and
 * korrespondansepart"; docs/security.md, "Identifiers"): what a party holds, who changes parties,
 * what each viewer sees of them, and the search by national id or organisation number, which finds
 * only the cases a viewer reads in full.
 */
let server: TestServer;
let fx: Fixtures;
/** A case without an access group whose only mention of the pupil is a correspondent */
let letterCase: string;
const tokens = new Map<string, string>();

/** Synthetic numbers (month + 80), never a real person's. */
const PUPIL_ID = '01811010096';
const GUARDIAN_ID = '15831210025';
const OTHER_ID = '28920910140';
const SCHOOL_ORG = '310012378';

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  letterCase = toGlobalId('Case', (await createRecord(server.orm.em.fork(), fx)).caseId);
});
afterAll(() => server?.close());

async function as(viewer: string, q: string, variables: Record<string, unknown> = {}) {
  const username = fx.usernames[viewer as keyof Fixtures['usernames']];
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

const caseGid = (r: RecordName) => toGlobalId('Case', fx.cases[r]);
const sqlRows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const PARTY_FIELDS = `id position name nameScreened role nationalId organizationNumber postalAddress postalCode postalTown`;
const M = {
  add: `mutation($input: AddCasePartyInput!) { addCaseParty(input: $input) { id version parties { ${PARTY_FIELDS} } } }`,
  update: `mutation($input: UpdateCasePartyInput!) { updateCaseParty(input: $input) { id version parties { ${PARTY_FIELDS} } } }`,
  remove: `mutation($input: RemoveCasePartyInput!) { removeCaseParty(input: $input) { id parties { ${PARTY_FIELDS} } } }`,
  read: `query($id: ID!) { case(id: $id) { visibility parties { ${PARTY_FIELDS} } } }`,
  search: `query($id: String) { cases(first: 100, filter: { partyIdentifier: $id }) { totalCount nodes { id } } }`,
};

interface Party {
  id: string;
  position: number;
  name: string | null;
  nameScreened: boolean;
  role: string;
  nationalId: string | null;
  organizationNumber: string | null;
  postalAddress: string | null;
}

const noErrors = (res: { body: { errors?: unknown } }) =>
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();

const partyCount = async (r: RecordName) =>
  Number(
    (
      await sqlRows<{ n: string }>(
        sql`select count(*) as n from case_party where case_id = ${fx.cases[r]}`,
      )
    )[0]!.n,
  );

describe('A party holds a name, a role and at most one identifier with valid check digits', () => {
  it('a pupil with a national id and a school with an organisation number are stored as digits', async () => {
    const pupil = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('open'),
        name: 'Ola Elev',
        role: 'Elev',
        nationalId: '018110 10096',
        postalAddress: 'Skoleveien 1',
        postalCode: '4700',
        postalTown: 'Vennesla',
      },
    });
    noErrors(pupil);
    const school = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('open'),
        name: 'Skolen AS',
        role: 'Skole',
        organizationNumber: SCHOOL_ORG,
      },
    });
    noErrors(school);
    const parties: Party[] = school.body.data.addCaseParty.parties;
    expect(parties.map((p) => [p.position, p.name, p.nationalId, p.organizationNumber])).toEqual([
      [0, 'Ola Elev', PUPIL_ID, null],
      [1, 'Skolen AS', null, SCHOOL_ORG],
    ]);
    expect(parties[0]!.postalAddress).toBe('Skoleveien 1');
  });

  it('wrong check digits, both identifiers, a missing role and a number in the name are refused at once, never repeating the number, changing nothing', async () => {
    const before = await partyCount('open');
    const badId = '01811010097';
    const res = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('open'),
        name: `Ola ${PUPIL_ID}`,
        role: ' ',
        nationalId: badId,
        organizationNumber: '310012379',
      },
    });
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expectInputFieldError(error, 'name');
    expectInputFieldError(error, 'role');
    expectInputFieldError(error, 'nationalId');
    expectInputFieldError(error, 'organizationNumber');
    expect(res.text).not.toContain(badId);
    expect(res.text).not.toContain(PUPIL_ID);
    expect(res.text).not.toContain('310012379');
    expect(await partyCount('open')).toBe(before);

    const both = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('open'),
        name: 'Begge',
        role: 'Klient',
        nationalId: GUARDIAN_ID,
        organizationNumber: SCHOOL_ORG,
      },
    });
    expect(fieldErrorsOf(both.body.errors?.[0]).map((e) => [e.path, e.code])).toEqual([
      [['input', 'organizationNumber'], 'NOT_ALLOWED'],
    ]);
    const before2 = await partyCount('open');
    const negative = await as('caseResponsible', M.add, {
      input: { id: caseGid('open'), name: 'Først', role: 'Klient', position: -1 },
    });
    expect(fieldErrorsOf(negative.body.errors?.[0]).map((e) => [e.path, e.code])).toEqual([
      [['input', 'position'], 'OUT_OF_RANGE'],
    ]);
    expect(await partyCount('open')).toBe(before2);
    expect(await partyCount('open')).toBe(before);
  });
});

describe('Parties are added, changed, moved and removed as changes of the case, audited without the number', () => {
  it('each change bumps the version, a stale version is refused, and the audit trail keeps masked identifiers', async () => {
    const added = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('screenedNoGroup'),
        name: 'Kari Foresatt',
        role: 'Foresatt',
        nationalId: GUARDIAN_ID,
      },
    });
    noErrors(added);
    const { version, parties } = added.body.data.addCaseParty;
    const guardian: Party = parties[0];

    const first = await as('caseResponsible', M.add, {
      input: {
        id: caseGid('screenedNoGroup'),
        expectedVersion: version,
        name: 'Per Elev',
        role: 'Elev',
        nationalId: OTHER_ID,
        position: 0,
      },
    });
    noErrors(first);
    expect(first.body.data.addCaseParty.version).toBeGreaterThan(version);
    expect(first.body.data.addCaseParty.parties.map((p: Party) => p.name)).toEqual([
      'Per Elev',
      'Kari Foresatt',
    ]);

    const stale = await as('caseResponsible', M.update, {
      input: {
        id: caseGid('screenedNoGroup'),
        expectedVersion: version,
        partyId: guardian.id,
        role: 'Verge',
      },
    });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('STALE_VERSION');

    const moved = await as('caseResponsible', M.update, {
      input: {
        id: caseGid('screenedNoGroup'),
        partyId: guardian.id,
        role: 'Verge',
        postalAddress: 'Storgata 2',
        position: 0,
      },
    });
    noErrors(moved);
    expect(
      moved.body.data.updateCaseParty.parties.map((p: Party) => [p.position, p.name, p.role]),
    ).toEqual([
      [0, 'Kari Foresatt', 'Verge'],
      [1, 'Per Elev', 'Elev'],
    ]);

    const removed = await as('caseResponsible', M.remove, {
      input: { id: caseGid('screenedNoGroup'), partyId: guardian.id },
    });
    noErrors(removed);
    expect(
      removed.body.data.removeCaseParty.parties.map((p: Party) => [p.position, p.name]),
    ).toEqual([[0, 'Per Elev']]);

    const events = await sqlRows<{ action: string; changes: string }>(
      sql`select action, changes::text as changes from audit_event
          where target_id = ${fx.cases.screenedNoGroup} and action like 'case.%Party'
          order by at, id`,
    );
    expect(events.map((e) => e.action).sort()).toEqual(
      ['case.addParty', 'case.addParty', 'case.removeParty', 'case.updateParty'].sort(),
    );
    const trail = events.map((e) => e.changes).join('\n');
    expect(trail).not.toContain(GUARDIAN_ID);
    expect(trail).not.toContain(OTHER_ID);
    expect(trail).toContain(`*********${GUARDIAN_ID.slice(-2)}`);
  });

  it('a party of another case is not found through this one', async () => {
    const [other] = await sqlRows<{ id: string }>(
      sql`select id from case_party where case_id = ${fx.cases.elev} limit 1`,
    );
    const res = await as('caseResponsible', M.remove, {
      input: { id: caseGid('open'), partyId: toGlobalId('CaseParty', other!.id) },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Only those who read the case in full change its parties', () => {
  it('a REDACTED viewer is refused (FORBIDDEN), a viewer without access is told NOT_FOUND, and nothing changes', async () => {
    const before = await partyCount('elev');
    const input = { id: caseGid('elev'), name: 'Ny', role: 'Elev' };
    const redacted = await as('handler', M.add, { input });
    expect(redacted.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const none = await as('formerEmployee', M.add, { input });
    expect(none.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await partyCount('elev')).toBe(before);
  });
});

describe('What each viewer sees of a party', () => {
  it('FULL: everything; REDACTED: the role, the name only where the screening does not apply, never identifiers or address', async () => {
    const full = await as('member', M.read, { id: caseGid('elev') });
    noErrors(full);
    expect(full.body.data.case.visibility).toBe('FULL');
    expect(
      full.body.data.case.parties.map((p: Party) => p.nationalId ?? p.organizationNumber),
    ).toEqual([MARKER_NATIONAL_ID, MARKER_ORGANIZATION_NUMBER]);

    const redacted = await as('handler', M.read, { id: caseGid('elev') });
    noErrors(redacted);
    expect(redacted.body.data.case.visibility).toBe('REDACTED');
    expect(
      redacted.body.data.case.parties.map((p: Party) => [
        p.role,
        p.name,
        p.nameScreened,
        p.nationalId,
        p.organizationNumber,
        p.postalAddress,
      ]),
    ).toEqual([
      ['Elev', null, true, null, null, null],
      ['Skole', null, true, null, null, null],
    ]);

    // The screening of `expired` has run out: its parties' names are no longer hidden, the
    // identifiers still are.
    const expired = await as('handler', M.read, { id: caseGid('expired') });
    expect(expired.body.data.case.visibility).toBe('REDACTED');
    expect(
      expired.body.data.case.parties.map((p: Party) => [
        p.name,
        p.nationalId,
        p.organizationNumber,
      ]),
    ).toEqual([
      ['Fixture Part', null, null],
      ['Fixture Skole AS', null, null],
    ]);
    expect(expired.text).not.toContain(MARKER_NATIONAL_ID);
  });
});

describe('A party is a node: fetched by id at the level of its case', () => {
  it('FULL sees the identifier, REDACTED gets null, without access it does not exist', async () => {
    const [row] = await sqlRows<{ id: string }>(
      sql`select id from case_party where case_id = ${fx.cases.elev} and position = 0`,
    );
    const id = toGlobalId('CaseParty', row!.id);
    const NODE = `query($id: ID!) { node(id: $id) { id ... on CaseParty { role nationalId } } }`;
    const full = await as('member', NODE, { id });
    expect(full.body.data.node).toEqual({ id, role: 'Elev', nationalId: MARKER_NATIONAL_ID });
    const redacted = await as('handler', NODE, { id });
    expect(redacted.body.data.node).toEqual({ id, role: 'Elev', nationalId: null });
    const none = await as('formerEmployee', NODE, { id });
    expect(none.body.data.node).toBeNull();
  });
});

describe('Correspondents take a type, internal ones too, and identifiers only FULL viewers see', () => {
  const REGISTER = `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) {
    id correspondents { role name nationalId organizationNumber } } }`;
  const READ = `query($id: ID!) { journalPost(id: $id) { visibility correspondents { role name nationalId } } }`;

  it('an internal recipient and an organisation are stored with their identifiers; a wrong one is refused without repeating it', async () => {
    const res = await as('caseResponsible', REGISTER, {
      input: {
        caseId: letterCase,
        type: 'OUTGOING',
        title: 'Svar på søknad',
        correspondents: [
          { role: 'RECIPIENT', name: 'Skolen AS', isPerson: false, organizationNumber: SCHOOL_ORG },
          { role: 'INTERNAL_COPY_RECIPIENT', name: 'Rektor' },
          { role: 'COPY_RECIPIENT', name: 'Ola Elev', nationalId: PUPIL_ID },
        ],
      },
    });
    noErrors(res);
    expect(res.body.data.registerJournalPost.correspondents).toEqual([
      { role: 'RECIPIENT', name: 'Skolen AS', nationalId: null, organizationNumber: SCHOOL_ORG },
      {
        role: 'INTERNAL_COPY_RECIPIENT',
        name: 'Rektor',
        nationalId: null,
        organizationNumber: null,
      },
      { role: 'COPY_RECIPIENT', name: 'Ola Elev', nationalId: PUPIL_ID, organizationNumber: null },
    ]);
    const [audit] = await sqlRows<{ changes: string }>(
      sql`select changes::text as changes from audit_event where action = 'journalPost.register'
          and target_id = ${(await sqlRows<{ id: string }>(sql`select id from journal_post where title = 'Svar på søknad'`))[0]!.id}`,
    );
    expect(audit!.changes).not.toContain(PUPIL_ID);
    expect(audit!.changes).not.toContain(SCHOOL_ORG);

    const wrong = await as('caseResponsible', REGISTER, {
      input: {
        caseId: letterCase,
        type: 'OUTGOING',
        title: 'Feil nummer',
        correspondents: [{ role: 'RECIPIENT', name: 'Ola', nationalId: '01811010097' }],
      },
    });
    expectInputFieldError(wrong.body.errors?.[0], 'correspondents[0].nationalId');
    expect(wrong.text).not.toContain('01811010097');
  });

  it('a REDACTED viewer of the post gets null for the identifier', async () => {
    const full = await as('member', READ, { id: toGlobalId('JournalPost', fx.posts.elev) });
    expect(full.body.data.journalPost.correspondents[0].nationalId).toBe(MARKER_NATIONAL_ID);
    const redacted = await as('handler', READ, { id: toGlobalId('JournalPost', fx.posts.elev) });
    expect(redacted.body.data.journalPost.visibility).toBe('REDACTED');
    expect(redacted.body.data.journalPost.correspondents[0].nationalId).toBeNull();
    expect(redacted.text).not.toContain(MARKER_NATIONAL_ID);
  });
});

describe('The search by identifier finds only the cases the viewer reads in full', () => {
  /** The records whose case names the marker identifiers: those with an access group. */
  const IDENTIFIED: RecordName[] = ['elev', 'personal', 'noteN', 'temporary', 'expired', 'codeXX'];

  it('for every viewer: exactly the FULL cases naming the person or organisation, counted alike', async () => {
    let someFound = false;
    let someHidden = false;
    for (const viewer of VIEWERS.filter((v) => v !== 'public')) {
      const full: string[] = [];
      for (const r of IDENTIFIED) {
        const res = await as(viewer, M.read, { id: caseGid(r) });
        if (res.body.data?.case?.visibility === 'FULL') full.push(caseGid(r));
        else someHidden = true;
      }
      for (const id of [MARKER_NATIONAL_ID, MARKER_ORGANIZATION_NUMBER]) {
        const res = await as(viewer, M.search, { id });
        if (viewer === 'formerEmployee') {
          // Without a role the viewer may list nothing at all.
          expect(res.text).not.toContain(id);
          continue;
        }
        noErrors(res);
        const found: string[] = res.body.data.cases.nodes.map((n: { id: string }) => n.id);
        expect(found.sort(), `${viewer} ${id}`).toEqual([...full].sort());
        expect(res.body.data.cases.totalCount).toBe(full.length);
        if (found.length) someFound = true;
      }
    }
    expect(someFound).toBe(true);
    expect(someHidden).toBe(true);
  });

  it('a correspondent of a post the viewer reads in full finds its case (the duplicate check), written with a space', async () => {
    const res = await as('handler', M.search, { id: '018110 10096' });
    noErrors(res);
    // The party added to `open`, and the correspondent of the letter's case
    expect(res.body.data.cases.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [caseGid('open'), letterCase].sort(),
    );
    expect(res.body.data.cases.totalCount).toBe(2);
    const nobody = await as('handler', M.search, { id: '11049010097' });
    expect(nobody.body.data.cases).toEqual({ totalCount: 0, nodes: [] });
  });

  it('a correspondent of a post the viewer reads only in its public form does not find the case, though the case is read in full', async () => {
    const { caseId, postId } = await createRecord(server.orm.em.fork(), fx);
    const hidden = '11049010178';
    await sqlRows(
      sql`update journal_post set access_group_id = ${fx.groups.personal} where id = ${postId}`,
    );
    await sqlRows(
      sql`insert into correspondent (id, journal_post_id, position, role, name, national_id)
          values (gen_random_uuid(), ${postId}, 0, 'SENDER', 'Skjult Avsender', ${hidden})`,
    );
    const post = toGlobalId('JournalPost', postId);
    const levels = `query($c: ID!, $p: ID!) { case(id: $c) { visibility } journalPost(id: $p) { visibility } }`;
    const seen = await as('handler', levels, { c: toGlobalId('Case', caseId), p: post });
    expect(seen.body.data).toEqual({
      case: { visibility: 'FULL' },
      journalPost: { visibility: 'REDACTED' },
    });
    const handler = await as('handler', M.search, { id: hidden });
    expect(handler.body.data.cases).toEqual({ totalCount: 0, nodes: [] });
    const member = await as('member', M.search, { id: hidden });
    expect(member.body.data.cases).toEqual({
      totalCount: 1,
      nodes: [{ id: toGlobalId('Case', caseId) }],
    });
  });

  it('a malformed identifier is a field error that does not repeat it', async () => {
    const res = await as('member', M.search, { id: '12345678901' });
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldErrorsOf(error).map((e) => e.path)).toEqual([['filter', 'partyIdentifier']]);
    expect(res.text).not.toContain('12345678901');
  });
});

describe('Every fixture record still reads', () => {
  it('parties are listed for every visible case in one request', async () => {
    const res = await as('archivist', `{ cases(first: 100) { nodes { id parties { role } } } }`);
    noErrors(res);
    expect(res.body.data.cases.nodes.length).toBeGreaterThanOrEqual(RECORDS.length);
  });
});

describe('The demo data: a pupil is found by national id in every case that names them', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ data: 'demo' });
  });
  afterAll(() => demo?.close());

  it('the duplicate check before a new pupil folder finds the Elevmappe and the PPT case, for those who read them in full', async () => {
    const [pupil] = await query<{ national_id: string; cases: string[] }>(
      demo.orm.em.fork(),
      sql`select national_id, array_agg(case_id::text order by case_id) as cases from case_party
          where role = 'Elev' group by national_id having count(*) > 1 order by national_id limit 1`,
    );
    expect(pupil!.cases.length).toBeGreaterThan(1);
    const expected = pupil!.cases.map((id) => toGlobalId('Case', id)).sort();
    for (const username of ['arkivar', 'saksbehandler']) {
      const token = await demo.tokenFor(username);
      const res = await demo.gql(M.search, { id: pupil!.national_id }, { token });
      noErrors(res);
      const full: string[] = [];
      for (const id of expected) {
        const seen = await demo.gql(M.read, { id }, { token });
        if (seen.body.data?.case?.visibility === 'FULL') full.push(id);
      }
      const found = res.body.data.cases.nodes.map((n: { id: string }) => n.id).sort();
      expect(found, username).toEqual(full);
      if (username === 'arkivar') expect(found).toEqual(expected);
    }
  });
});
