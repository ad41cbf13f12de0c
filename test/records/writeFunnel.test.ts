import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  createRecord,
  createWriteFixtures,
  type Fixtures,
  type RecordSpec,
  type WriteFixtures,
} from '../support/fixtures';
import { type GqlResponse, startTestServer, type TestServer } from '../support/server';
import { expectInputFieldError } from '../support/fieldErrors';

/**
 * The write funnel (docs/access-control.md, "Who may change a record" and "Who may be named"):
 * the reproductions of issue 10. Write rights never exceed read rights, so a creator who lost
 * access cannot change a record or take the access back; a write names only users who already
 * belong to the record's part of the organisation; changing an access group is for the leaders of
 * the case's unit and the archive. Every refusal also checks that nothing changed.
 */
let server: TestServer;
let fx: Fixtures;
let wx: WriteFixtures;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  wx = await createWriteFixtures(server.orm.em.fork(), fx);
});
afterAll(() => server?.close());

const M = {
  updatePost: `mutation($input: UpdateJournalPostInput!) { updateJournalPost(input: $input) { id visibility } }`,
  register: `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id responsible { username } } }`,
  send: `mutation($id: ID!, $approverId: ID!) { sendForApproval(input: { id: $id, approverId: $approverId }) { id status } }`,
  forward: `mutation($id: ID!, $approverId: ID!) { forwardForApproval(input: { id: $id, approverId: $approverId }) { id status } }`,
  finalize: `mutation($id: ID!) { finalizeJournalPost(input: { id: $id }) { id } }`,
  cancel: `mutation($id: ID!) { cancelJournalPost(input: { id: $id, reason: "Feil" }) { id } }`,
  writeOff: `mutation($id: ID!, $replyId: ID) { writeOffJournalPost(input: { id: $id, method: REPLIED_BY_LETTER, replyId: $replyId }) { id writeOffMethod } }`,
  writeOffNoted: `mutation($id: ID!) { writeOffJournalPost(input: { id: $id, method: NOTED }) { id } }`,
  assess: `mutation($id: ID!) { assessScreening(input: { id: $id, screeningCodeId: null }) { id } }`,
  correct: `mutation($input: CorrectJournalPostInput!) { correctJournalPost(input: $input) { id } }`,
  createCase: `mutation($input: CreateCaseInput!) { createCase(input: $input) { id caseResponsible { username } } }`,
  updateCase: `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`,
  assign: `mutation($c: ID!, $u: ID!) { assignCaseResponsible(input: { id: $c, userId: $u }) { id } }`,
  addContact: `mutation($c: ID!, $u: ID!) { addInternalContact(input: { id: $c, userId: $u }) { id } }`,
  removeContact: `mutation($c: ID!, $u: ID!) { removeInternalContact(input: { id: $c, userId: $u }) { id } }`,
  readPost: `query($id: ID!) { journalPost(id: $id) { visibility } }`,
};

async function as(username: string, q: string, variables: Record<string, unknown> = {}) {
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

const user = (username: string) => toGlobalId('User', wx.userIds[username]!);
const post = (id: string) => toGlobalId('JournalPost', id);
const caseGid = (id: string) => toGlobalId('Case', id);
const group = (name: 'elev' | 'personal') => toGlobalId('AccessGroup', fx.groups[name]);

const record = (spec: RecordSpec) => createRecord(server.orm.em.fork(), fx, spec);

/** Every record, contact, post and audit event: a refusal must leave all of it as it was. */
async function world(): Promise<unknown> {
  const [w] = await query(
    server.orm.em.fork(),
    sql`select
      (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from journal_post t) as posts,
      (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from case_file t) as cases,
      (select md5(coalesce(string_agg(t::text, '|' order by t.case_id, t.user_id), ''))
         from case_internal_contact t) as contacts,
      (select count(*) from audit_event) as audit`,
  );
  return w;
}

/** The call is refused with `code` (and `field`, for BAD_USER_INPUT), and nothing changed. */
async function refused(
  call: () => Promise<GqlResponse<any>>,
  code: string,
  field?: string,
): Promise<string> {
  const before = await world();
  const res = await call();
  const error = res.body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(res.body)).toBe(code);
  if (field) expectInputFieldError(error, field);
  expect(await world()).toEqual(before);
  return error!.message;
}

async function ok(username: string, q: string, variables: Record<string, unknown>) {
  const res = await as(username, q, variables);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return Object.values(res.body.data as Record<string, any>)[0];
}

const visibility = async (username: string, postId: string) =>
  (await as(username, M.readPost, { id: post(postId) })).body.data.journalPost.visibility;

describe('A creator who lost access cannot take it back by naming themself (a)', () => {
  it('removed as internal contact, the creator of an Elev post is FORBIDDEN to make themself its responsible', async () => {
    const creator = wx.unitHandler;
    const r = await record({ group: 'elev', postCreator: creator, contacts: [creator] });
    expect(await visibility(creator, r.postId)).toBe('FULL');
    await ok(fx.usernames.leader, M.removeContact, { c: caseGid(r.caseId), u: user(creator) });
    expect(await visibility(creator, r.postId)).toBe('REDACTED');

    const message = await refused(
      () =>
        as(creator, M.updatePost, { input: { id: post(r.postId), responsibleId: user(creator) } }),
      'FORBIDDEN',
    );
    expect(message).toMatch(/REDACTED/);
    expect(await visibility(creator, r.postId)).toBe('REDACTED');
  });
});

describe("Moving a post into another access group is for leaders of the case's unit and the archive (b)", () => {
  it('a REDACTED creator cannot move a Personal post into the Elev group they belong to', async () => {
    const r = await record({ group: 'personal', postCreator: wx.elevHandler });
    expect(await visibility(wx.elevHandler, r.postId)).toBe('REDACTED');
    const move = (who: string) => () =>
      as(who, M.updatePost, { input: { id: post(r.postId), accessGroupId: group('elev') } });
    await refused(move(wx.elevHandler), 'FORBIDDEN');
    // Nor can a leader of another unit, who sees it REDACTED too.
    await refused(move(fx.usernames.otherLeader), 'FORBIDDEN');
    // The post's responsible reads it in full and may change it, but not its access group.
    const message = await refused(move(fx.usernames.postResponsible), 'FORBIDDEN');
    expect(message).toMatch(/access group/);
    expect(await visibility(fx.usernames.member, r.postId)).toBe('FULL');
    expect(await visibility(wx.elevHandler, r.postId)).toBe('REDACTED');
  });

  it("the case's leader may move it; the archive corrects the group of a locked post", async () => {
    const open = await record({ group: 'personal' });
    await ok(fx.usernames.leader, M.updatePost, {
      input: { id: post(open.postId), accessGroupId: group('elev') },
    });
    expect(await visibility(wx.elevHandler, open.postId)).toBe('FULL');
    const locked = await record({ group: 'personal', status: JournalStatus.DISPATCHED });
    await ok(fx.usernames.archivist, M.correct, {
      input: { id: post(locked.postId), reason: 'Feil gruppe', accessGroupId: group('elev') },
    });
  });

  it('a case handler who may change a case may not change its access group', async () => {
    const r = await record({ group: null });
    const move = (who: string) => () =>
      as(who, M.updateCase, { input: { id: caseGid(r.caseId), accessGroupId: group('elev') } });
    await refused(move(fx.usernames.caseResponsible), 'FORBIDDEN');
    await ok(fx.usernames.leader, M.updateCase, {
      input: { id: caseGid(r.caseId), accessGroupId: group('elev') },
    });
  });
});

describe("A responsible person named by a write must work in the record's unit (c)", () => {
  it('an active case handler of another unit (no role here) cannot be made responsible for a post', async () => {
    const r = await record({ group: null });
    await refused(
      () =>
        as(fx.usernames.leader, M.updatePost, {
          input: { id: post(r.postId), responsibleId: user(fx.usernames.handler) },
        }),
      'BAD_USER_INPUT',
      'responsibleId',
    );
    await refused(
      () =>
        as(fx.usernames.caseResponsible, M.register, {
          input: {
            caseId: caseGid(r.caseId),
            type: 'OUTGOING',
            title: 'Svar',
            responsibleId: user(fx.usernames.handler),
          },
        }),
      'BAD_USER_INPUT',
      'responsibleId',
    );
    const registered = await ok(fx.usernames.caseResponsible, M.register, {
      input: {
        caseId: caseGid(r.caseId),
        type: 'OUTGOING',
        title: 'Svar',
        responsibleId: user(wx.unitHandler),
      },
    });
    expect(registered.responsible.username).toBe(wx.unitHandler);
  });

  it('nor case responsible of a new case, or by assignment', async () => {
    await refused(
      () =>
        as(fx.usernames.leader, M.createCase, {
          input: {
            title: 'Ny sak',
            responsibleUnitId: toGlobalId('Unit', fx.units.responsible),
            caseResponsibleId: user(fx.usernames.handler),
          },
        }),
      'BAD_USER_INPUT',
      'caseResponsibleId',
    );
    const r = await record({ group: null });
    await refused(
      () =>
        as(fx.usernames.leader, M.assign, { c: caseGid(r.caseId), u: user(fx.usernames.handler) }),
      'BAD_USER_INPUT',
      'userId',
    );
    await ok(fx.usernames.leader, M.assign, { c: caseGid(r.caseId), u: user(wx.unitHandler) });
  });
});

describe("An approver must lead the post's unit or a unit above it (d)", () => {
  it('sending to a leader of an unrelated unit is BAD_USER_INPUT', async () => {
    const r = await record({ group: null });
    await refused(
      () =>
        as(fx.usernames.postResponsible, M.send, {
          id: post(r.postId),
          approverId: user(fx.usernames.otherLeader),
        }),
      'BAD_USER_INPUT',
      'approverId',
    );
  });

  it('forwarding goes to a leader above the unit, never to one of another unit', async () => {
    const r = await record({ group: null });
    await ok(fx.usernames.postResponsible, M.send, {
      id: post(r.postId),
      approverId: user(fx.usernames.leader),
    });
    await refused(
      () =>
        as(fx.usernames.leader, M.forward, {
          id: post(r.postId),
          approverId: user(fx.usernames.otherLeader),
        }),
      'BAD_USER_INPUT',
      'approverId',
    );
    await ok(fx.usernames.leader, M.forward, {
      id: post(r.postId),
      approverId: user(wx.topLeader),
    });
  });

  it('an archivist who is no leader is not an approver', async () => {
    const r = await record({ group: null });
    await refused(
      () =>
        as(fx.usernames.postResponsible, M.send, {
          id: post(r.postId),
          approverId: user(fx.usernames.archivist),
        }),
      'BAD_USER_INPUT',
      'approverId',
    );
  });
});

describe('A REDACTED creator changes none of the posts they created (e)', () => {
  it('cancel, finalise, write-off and screening assessment are FORBIDDEN', async () => {
    const creator = wx.unitHandler;
    const reserved = await record({ group: 'elev', postCreator: creator });
    const incoming = await record({
      group: 'elev',
      postCreator: creator,
      type: JournalPostType.INCOMING,
      status: JournalStatus.TEMPORARY,
      temporaryScreening: true,
    });
    expect(await visibility(creator, reserved.postId)).toBe('REDACTED');
    expect(await visibility(creator, incoming.postId)).toBe('REDACTED');
    await refused(() => as(creator, M.cancel, { id: post(reserved.postId) }), 'FORBIDDEN');
    await refused(() => as(creator, M.finalize, { id: post(reserved.postId) }), 'FORBIDDEN');
    await refused(() => as(creator, M.writeOffNoted, { id: post(incoming.postId) }), 'FORBIDDEN');
    await refused(() => as(creator, M.assess, { id: post(incoming.postId) }), 'FORBIDDEN');
  });

  it('the reply of a write-off must be a post the actor reads in full', async () => {
    const hidden = await record({ group: 'elev', status: JournalStatus.DISPATCHED });
    const unknown = post('00000000-0000-4000-8000-000000000000');
    // fx.handler sees the Elev post REDACTED; the answer is the same as for no post at all.
    const other = await record({
      group: null,
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      postResponsible: fx.usernames.handler,
    });
    const b = await refused(
      () =>
        as(fx.usernames.handler, M.writeOff, {
          id: post(other.postId),
          replyId: post(hidden.postId),
        }),
      'BAD_USER_INPUT',
      'replyId',
    );
    const c = await refused(
      () => as(fx.usernames.handler, M.writeOff, { id: post(other.postId), replyId: unknown }),
      'BAD_USER_INPUT',
      'replyId',
    );
    expect(b).toBe(c);
  });
});

describe('A REDACTED case relation cannot hand the case to themself (f)', () => {
  it('a post creator removed as contact cannot assign themself case responsible or add themself as contact', async () => {
    const creator = wx.unitHandler;
    const r = await record({ group: 'elev', postCreator: creator, contacts: [creator] });
    await ok(fx.usernames.caseResponsible, M.removeContact, {
      c: caseGid(r.caseId),
      u: user(creator),
    });
    await refused(
      () => as(creator, M.assign, { c: caseGid(r.caseId), u: user(creator) }),
      'FORBIDDEN',
    );
    await refused(
      () => as(creator, M.addContact, { c: caseGid(r.caseId), u: user(creator) }),
      'FORBIDDEN',
    );
    expect(await visibility(creator, r.postId)).toBe('REDACTED');
  });

  it("the case's creator, who reads it in full, may not assign its responsible either", async () => {
    const r = await record({ group: 'elev' });
    const message = await refused(
      () =>
        as(fx.usernames.creator, M.assign, {
          c: caseGid(r.caseId),
          u: user(fx.usernames.creator),
        }),
      'FORBIDDEN',
    );
    expect(message).toMatch(/leaders of its unit and the archive may/);
  });

  it('an internal contact must be an active user with a role (not one whose grants ended)', async () => {
    const r = await record({ group: 'elev' });
    await refused(
      () =>
        as(fx.usernames.leader, M.addContact, {
          c: caseGid(r.caseId),
          u: user(fx.usernames.formerEmployee),
        }),
      'BAD_USER_INPUT',
      'userId',
    );
  });
});
