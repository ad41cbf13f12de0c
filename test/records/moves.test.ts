import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { fieldErrorsOf } from '../support/fieldErrors';
import { createPolicyFixtures, type Fixtures, type RecordName } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Moves (docs/noark5.md, "Moves"): an archivist moves a journal post to another case (the journal
 * number stays, the registry id follows the new case); a case moves to another responsible unit
 * with its posts (a pupil changes school). Both are audited and refused with the right codes.
 */
let server: TestServer;
let fx: Fixtures;
const tokens = new Map<string, string>();

type Who = 'handler' | 'member' | 'archivist' | 'leader' | 'otherLeader' | 'caseResponsible';

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  // The fixtures insert posts by hand: give their cases the document counters registration keeps.
  await rows(
    sql`insert into number_counter (series, value)
        select 'document:' || c.id, max(jp.document_number) from case_file c
        join journal_post jp on jp.case_id = c.id group by c.id`,
  );
  for (const who of [
    'handler',
    'member',
    'archivist',
    'leader',
    'otherLeader',
    'caseResponsible',
  ] as const) {
    tokens.set(who, await server.tokenFor(fx.usernames[who]));
  }
});
afterAll(() => server?.close());

const as = (who: Who, q: string, variables: Record<string, unknown> = {}) =>
  server.gql(q, variables, { token: tokens.get(who)! });

function rows<T>(fragment: ReturnType<typeof sql>): Promise<T[]> {
  return query<T>(server.orm.em.fork(), fragment);
}

const caseId = (r: RecordName) => toGlobalId('Case', fx.cases[r]);
const postId = (r: RecordName) => toGlobalId('JournalPost', fx.posts[r]);

const MOVE = `mutation($input: MoveJournalPostInput!) { moveJournalPost(input: $input) {
  id registryId journalYear journalSequenceNumber documentNumber version case { id caseNumber } } }`;
const ASSIGN = `mutation($input: AssignCaseResponsibleInput!) { assignCaseResponsible(input: $input) {
  id responsibleUnit { id } caseResponsible { username } } }`;

const codeOf = (res: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  res.body.errors?.[0]?.extensions?.code;

async function postRow(r: RecordName) {
  const [row] = await rows<{
    case_id: string;
    document_number: number;
    responsible_unit_id: string;
  }>(
    sql`select case_id, document_number, responsible_unit_id from journal_post where id = ${fx.posts[r]}`,
  );
  return row!;
}

const auditCount = async (action: string) =>
  Number(
    (
      await rows<{ n: string }>(sql`select count(*) as n from audit_event where action = ${action}`)
    )[0]!.n,
  );

describe('A moved journal post keeps its journal number and gets a registry id of its new case', () => {
  it('the archivist moves the post; the journal number stays, the document number is the next of the target case', async () => {
    const res = await as('archivist', MOVE, {
      input: { id: postId('open'), caseId: caseId('screenedNoGroup'), expectedVersion: 1 },
    });
    expect(res.body.errors).toBeUndefined();
    const moved = res.body.data.moveJournalPost;
    expect(moved.case.id).toBe(caseId('screenedNoGroup'));
    expect(moved).toMatchObject({
      journalYear: 2099,
      journalSequenceNumber: 1,
      documentNumber: 2,
      registryId: '2099/2-2',
    });
    expect(await postRow('open')).toMatchObject({
      case_id: fx.cases.screenedNoGroup,
      document_number: 2,
    });
  });

  it('the move is audited with both case ids and both registry ids', async () => {
    const [event] = await rows<{
      changes: Record<string, { old: unknown; new: unknown }>;
      target_id: string;
    }>(sql`select changes, target_id from audit_event where action = 'journalPost.move'`);
    expect(event!.target_id).toBe(fx.posts.open);
    expect(event!.changes.caseId).toEqual({ old: fx.cases.open, new: fx.cases.screenedNoGroup });
    expect(event!.changes.registryId).toEqual({ old: '2099/1-1', new: '2099/2-2' });
    expect(event!.changes.journalNumber).toEqual({ old: '2099/1', new: '2099/1' });
  });

  it('viewerCan.move is true for the archivist and false for others', async () => {
    const q = `query($id: ID!) { journalPost(id: $id) { viewerCan { move } } }`;
    expect(
      (await as('archivist', q, { id: postId('elev') })).body.data.journalPost.viewerCan.move,
    ).toBe(true);
    for (const who of ['leader', 'member', 'handler'] as const) {
      const res = await as(who, q, { id: postId('elev') });
      expect(res.body.data.journalPost.viewerCan.move).toBe(false);
    }
  });
});

describe('Only an archivist moves a journal post, and only into a case they see', () => {
  it('a leader of the unit, a member and a case handler are refused; the post stays', async () => {
    const before = await postRow('noteX');
    for (const who of ['leader', 'member', 'caseResponsible'] as const) {
      const res = await as(who, MOVE, { input: { id: postId('noteX'), caseId: caseId('open') } });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    // A handler of another unit sees the pupil post REDACTED: FORBIDDEN as for any change.
    const redacted = await as('handler', MOVE, {
      input: { id: postId('elev'), caseId: caseId('open') },
    });
    expect(codeOf(redacted)).toBe('FORBIDDEN');
    expect(await postRow('noteX')).toEqual(before);
  });

  it('a target case that does not exist for the archivist is NOT_FOUND, a wrong kind of id a field error', async () => {
    const unknown = await as('archivist', MOVE, {
      input: {
        id: postId('noteX'),
        caseId: toGlobalId('Case', '00000000-0000-4000-8000-000000000000'),
      },
    });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.body.errors?.[0]?.message).toMatch(/target case/);
    const wrongKind = await as('archivist', MOVE, {
      input: { id: postId('noteX'), caseId: postId('open') },
    });
    expect(fieldErrorsOf(wrongKind.body.errors?.[0])).toMatchObject([
      { path: ['input', 'caseId'], code: 'INVALID_ID' },
    ]);
  });
});

describe('The rules of a move: both cases open, the target in an open archive part, the post not cancelled', () => {
  it('into its own case is a field error', async () => {
    const res = await as('archivist', MOVE, {
      input: { id: postId('noteX'), caseId: caseId('noteX') },
    });
    expect(fieldErrorsOf(res.body.errors?.[0])).toMatchObject([
      { path: ['input', 'caseId'], code: 'NOT_ALLOWED' },
    ]);
  });

  it('into or out of a closed case is INVALID_STATE', async () => {
    await rows(sql`update case_file set status = 'CLOSED' where id = ${fx.cases.expired}`);
    const into = await as('archivist', MOVE, {
      input: { id: postId('noteX'), caseId: caseId('expired') },
    });
    expect(codeOf(into)).toBe('INVALID_STATE');
    const outOf = await as('archivist', MOVE, {
      input: { id: postId('expired'), caseId: caseId('noteX') },
    });
    expect(codeOf(outOf)).toBe('INVALID_STATE');
  });

  it('into a case of a closed archive part is INVALID_STATE', async () => {
    await rows(
      sql`insert into archive_part (id, archive_id, title, status, period_start, period_end, created_at)
          select '00000000-0000-4000-8000-0000000b0001', archive_id, 'Lukket', 'CLOSED', '2000-01-01', '2000-12-31', now()
          from archive_part limit 1`,
    );
    await rows(
      sql`update case_file set archive_part_id = '00000000-0000-4000-8000-0000000b0001' where id = ${fx.cases.codeXX}`,
    );
    const res = await as('archivist', MOVE, {
      input: { id: postId('noteX'), caseId: caseId('codeXX') },
    });
    expect(codeOf(res)).toBe('INVALID_STATE');
    expect(res.body.errors?.[0]?.message).toMatch(/closed archive part/);
  });

  it('a cancelled post is not moved; a stale expectedVersion is STALE_VERSION', async () => {
    const stale = await as('archivist', MOVE, {
      input: { id: postId('noteX'), caseId: caseId('open'), expectedVersion: 99 },
    });
    expect(codeOf(stale)).toBe('STALE_VERSION');
    await rows(sql`update journal_post set status = 'CANCELLED' where id = ${fx.posts.temporary}`);
    const cancelled = await as('archivist', MOVE, {
      input: { id: postId('temporary'), caseId: caseId('open') },
    });
    expect(codeOf(cancelled)).toBe('INVALID_STATE');
    expect(await auditCount('journalPost.move')).toBe(1);
  });
});

describe('A moved post keeps its own access group: only the relations of its case change', () => {
  it('the pupil post moved into another pupil case stays in Elev; the target case responsible reads it in full', async () => {
    const res = await as('archivist', MOVE, {
      input: { id: postId('elev'), caseId: caseId('noteN') },
    });
    expect(res.body.errors).toBeUndefined();
    const [row] = await rows<{ access_group_id: string }>(
      sql`select access_group_id from journal_post where id = ${fx.posts.elev}`,
    );
    expect(row!.access_group_id).toBe(fx.groups.elev);
    const q = `query($id: ID!) { journalPost(id: $id) { visibility } }`;
    expect(
      (await as('caseResponsible', q, { id: postId('elev') })).body.data.journalPost.visibility,
    ).toBe('FULL');
    expect((await as('handler', q, { id: postId('elev') })).body.data.journalPost.visibility).toBe(
      'REDACTED',
    );
  });
});

describe('A case moves to another unit with its posts (a pupil changes school), by a leader of its unit or the archive', () => {
  it('a case handler and a leader of the new unit are refused; nothing changes', async () => {
    for (const who of ['caseResponsible', 'otherLeader'] as const) {
      const res = await as(who, ASSIGN, {
        input: {
          id: caseId('personal'),
          userId: toGlobalId('User', await userId('handler')),
          responsibleUnitId: toGlobalId('Unit', fx.units.other),
        },
      });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    expect((await postRow('personal')).responsible_unit_id).toBe(fx.units.responsible);
  });

  it('the new case responsible must belong to the new unit; an unknown unit is a field error', async () => {
    const notEligible = await as('leader', ASSIGN, {
      input: {
        id: caseId('personal'),
        userId: toGlobalId('User', await userId('leader')),
        responsibleUnitId: toGlobalId('Unit', fx.units.other),
      },
    });
    expect(fieldErrorsOf(notEligible.body.errors?.[0])).toMatchObject([
      { path: ['input', 'userId'], code: 'NOT_ALLOWED' },
    ]);
    const unknown = await as('leader', ASSIGN, {
      input: {
        id: caseId('personal'),
        userId: toGlobalId('User', await userId('handler')),
        responsibleUnitId: toGlobalId('Unit', '00000000-0000-4000-8000-000000000000'),
      },
    });
    expect(fieldErrorsOf(unknown.body.errors?.[0])).toMatchObject([
      { path: ['input', 'responsibleUnitId'], code: 'UNKNOWN_REFERENCE' },
    ]);
    expect(await auditCount('case.changeResponsibleUnit')).toBe(0);
  });

  it('the leader of the old unit moves the case: unit, case responsible and the posts follow, in one audit event', async () => {
    const flags = await as(
      'leader',
      `query($id: ID!) { case(id: $id) { viewerCan { changeResponsibleUnit } } }`,
      { id: caseId('personal') },
    );
    expect(flags.body.data.case.viewerCan.changeResponsibleUnit).toBe(true);
    const res = await as('leader', ASSIGN, {
      input: {
        id: caseId('personal'),
        userId: toGlobalId('User', await userId('handler')),
        responsibleUnitId: toGlobalId('Unit', fx.units.other),
      },
    });
    expect(res.body.errors).toBeUndefined();
    // The answer is the case as the mover sees it now: a restricted case of another unit, REDACTED.
    expect(res.body.data.assignCaseResponsible).toMatchObject({
      responsibleUnit: { id: toGlobalId('Unit', fx.units.other) },
      caseResponsible: null,
    });
    const [row] = await rows<{ case_responsible_id: string; responsible_unit_id: string }>(
      sql`select case_responsible_id, responsible_unit_id from case_file where id = ${fx.cases.personal}`,
    );
    expect(row).toEqual({
      case_responsible_id: await userId('handler'),
      responsible_unit_id: fx.units.other,
    });
    expect((await postRow('personal')).responsible_unit_id).toBe(fx.units.other);
    const [event] = await rows<{ changes: Record<string, { old: unknown; new: unknown }> }>(
      sql`select changes from audit_event where action = 'case.changeResponsibleUnit'`,
    );
    expect(event!.changes.responsibleUnitId).toEqual({
      old: fx.units.responsible,
      new: fx.units.other,
    });
    expect(event!.changes.movedPostIds!.new).toEqual([fx.posts.personal]);
  });

  it('all earlier content is now read in full by the new case responsible, as the routine says', async () => {
    const q = `query($id: ID!) { journalPost(id: $id) { visibility } }`;
    expect(
      (await as('handler', q, { id: postId('personal') })).body.data.journalPost.visibility,
    ).toBe('FULL');
    // The leader of the school it left no longer does (the post keeps its access group).
    expect(
      (await as('leader', q, { id: postId('personal') })).body.data.journalPost.visibility,
    ).toBe('REDACTED');
  });
});

describe('When a case moves, only its posts of the old unit follow; the archive may move it too', () => {
  it('a post registered for a third unit keeps it', async () => {
    const third = '00000000-0000-4000-8000-0000000c0001';
    await rows(
      sql`insert into unit (id, name, created_at) values (${third}, 'Fixture – tredje enhet', now())`,
    );
    // The post moved into screenedNoGroup above is made one of the third unit.
    await rows(
      sql`update journal_post set responsible_unit_id = ${third} where id = ${fx.posts.open}`,
    );
    const res = await as('archivist', ASSIGN, {
      input: {
        id: caseId('screenedNoGroup'),
        userId: toGlobalId('User', await userId('handler')),
        responsibleUnitId: toGlobalId('Unit', fx.units.other),
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect((await postRow('screenedNoGroup')).responsible_unit_id).toBe(fx.units.other);
    expect((await postRow('open')).responsible_unit_id).toBe(third);
    const [event] = await rows<{ changes: { movedPostIds: { new: string[] } } }>(
      sql`select changes from audit_event where action = 'case.changeResponsibleUnit' and target_id = ${fx.cases.screenedNoGroup}`,
    );
    expect(event!.changes.movedPostIds.new).toEqual([fx.posts.screenedNoGroup]);
  });

  it('moving a case to the unit it has is CONFLICT, a closed case INVALID_STATE', async () => {
    const same = await as('archivist', ASSIGN, {
      input: {
        id: caseId('screenedNoGroup'),
        userId: toGlobalId('User', await userId('handler')),
        responsibleUnitId: toGlobalId('Unit', fx.units.other),
      },
    });
    expect(codeOf(same)).toBe('CONFLICT');
    const closed = await as('archivist', ASSIGN, {
      input: {
        id: caseId('expired'),
        userId: toGlobalId('User', await userId('handler')),
        responsibleUnitId: toGlobalId('Unit', fx.units.other),
      },
    });
    expect(codeOf(closed)).toBe('INVALID_STATE');
  });
});

async function userId(who: keyof Fixtures['usernames']): Promise<string> {
  const [row] = await rows<{ id: string }>(
    sql`select id from app_user where username = ${fx.usernames[who]}`,
  );
  return row!.id;
}
