import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { accessLogSettled } from '../../src/services/accessLog';
import { storeDocument } from '../../src/domain/documents';
import { addWorkingDays, todayInOslo } from '../../src/domain/workingDays';
import {
  AccessGroup,
  AccessGroupMembership,
  Case,
  CaseInternalContact,
  DocumentVariant,
  InsightRequest,
  InsightRequestItem,
  JournalPost,
  JournalPostType,
  JournalStatus,
  Role,
  RoleGrant,
  Unit,
  User,
} from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { createPolicyFixtures, type Fixtures } from '../support/fixtures';
import { pdfa2b } from '../support/pdf';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The access log (services/accessLog.ts, policies/audit.ts): a restricted record (with an access
 * group) handed out in full to a viewer who reads it in full only through the ARCHIVIST or LEADER
 * role or a membership of its access group writes one `…readFull` event per record and request,
 * whatever the path, all of a request in one INSERT. Over the policy fixtures: every case is in
 * the unit `leader` leads, created by `creator`, with `caseResponsible` and `internalContact`;
 * every post's responsible person is `postResponsible`; `member` is a member of both groups.
 */
let server: TestServer;
let fx: Fixtures;
const tokens = new Map<string, string>();
/** Global ids of the Elev post and its case, the record most paths read */
let post: string;
let kase: string;
/** An insight request with the Elev post as its item */
let request: string;
/** Restricted posts added to the Personal case, so that lists hand out many */
const EXTRA_POSTS = 20;

const ROW = 'id visibility accessGroup { id }';

interface Event {
  action: string;
  targetId: string;
  reason: string;
  username: string;
}

async function token(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return tokens.get(username)!;
}

const name = (who: keyof Fixtures['usernames'] | string) =>
  (fx.usernames as Record<string, string>)[who] ?? who;

/** The access events written for one request, with global target ids. */
async function eventsOf(requestId: string): Promise<Event[]> {
  await accessLogSettled();
  const rows = await query<{
    action: string;
    target_type: 'Case' | 'JournalPost';
    target_id: string;
    reason: string;
    username: string;
  }>(
    server.orm.em.fork(),
    sql`select e.action, e.target_type, e.target_id, e.reason, u.username
      from audit_event e join app_user u on u.id = e.actor_id
      where e.request_id = ${requestId} and e.action like '%.readFull' order by e.id`,
  );
  return rows.map((r) => ({
    action: r.action,
    targetId: toGlobalId(r.target_type, r.target_id),
    reason: r.reason,
    username: r.username,
  }));
}

/** The INSERT statements into the audit trail the server ran for what `run` did. */
async function insertsDuring(run: () => Promise<unknown>): Promise<number> {
  await accessLogSettled();
  server.statements.length = 0;
  await run();
  await accessLogSettled();
  return server.statements.filter((s) => /insert into audit_event/i.test(s)).length;
}

/** GraphQL as a fixture viewer (or a username) under a request id of its own. */
async function gqlAs(who: string, q: string, variables: Record<string, unknown> = {}) {
  const requestId = `req-${randomUUID()}`;
  const res = await server.gql(q, variables, {
    token: await token(name(who)),
    headers: { 'x-request-id': requestId },
  });
  expect(res.body.errors).toBeUndefined();
  return { requestId, data: res.body.data };
}

/** Every case and post in a response that the viewer got in full and that has an access group. */
function fullRestricted(data: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(data)) for (const d of data) fullRestricted(d, found);
  else if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (o.visibility === 'FULL' && o.accessGroup) found.add(o.id as string);
    for (const v of Object.values(o)) fullRestricted(v, found);
  }
  return found;
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const today = todayInOslo();
  const em = server.orm.em.fork();
  fx = await createPolicyFixtures(em, today);
  post = toGlobalId('JournalPost', fx.posts.elev);
  kase = toGlobalId('Case', fx.cases.elev);
  const since = new Date('2024-01-01T00:00:00Z');
  const unit = em.getReference(Unit, fx.units.responsible);
  const elev = em.getReference(AccessGroup, fx.groups.elev);
  const user = (username: string, grants: Role[], groups: AccessGroup[]) => {
    const u = em.create(User, { username, displayName: username, unit, active: true });
    for (const role of grants) {
      em.create(RoleGrant, {
        user: u,
        role,
        unit: role === Role.LEADER ? unit : null,
        validFrom: since,
      });
    }
    for (const group of groups) {
      em.create(AccessGroupMembership, { user: u, group, validFrom: since });
    }
    return u;
  };
  // A leader of the unit who is also a member of Elev: both give access; the role is named.
  user('fx.leadermember', [Role.LEADER], [elev]);
  // An internal contact of the Elev case who is also an archivist and a member: the relation
  // alone gives access, so nothing is logged, whatever else the viewer holds.
  const contact = user('fx.contactarchivist', [Role.ARCHIVIST], [elev]);
  em.create(CaseInternalContact, {
    case: em.getReference(Case, fx.cases.elev),
    user: contact,
    addedAt: since,
  });

  const postResponsible = await em.findOneOrFail(User, { username: fx.usernames.postResponsible });
  const personal = await em.findOneOrFail(JournalPost, { id: fx.posts.personal });
  for (let i = 0; i < EXTRA_POSTS; i += 1) {
    em.create(JournalPost, {
      case: personal.case,
      documentNumber: i + 2,
      journalYear: 2099,
      journalSequenceNumber: 100 + i,
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      title: `Personalsak, vedlegg ${i + 2}`,
      publicTitle: `Personalsak, vedlegg ${i + 2}`,
      journalDate: today,
      responsible: postResponsible,
      responsibleUnit: unit,
      createdBy: postResponsible,
      accessGroup: em.getReference(AccessGroup, fx.groups.personal),
      screenedFields: [],
    });
  }
  const insight = em.create(InsightRequest, {
    referenceHash: randomUUID(),
    receivedOn: today,
    dueDate: addWorkingDays(today, 3),
    answerDeadline: addWorkingDays(today, 5),
    requesterEmail: 'innsyn@example.org',
  });
  em.create(InsightRequestItem, {
    request: insight,
    position: 0,
    journalPost: em.getReference(JournalPost, fx.posts.elev),
    assignee: postResponsible,
    unit,
  });
  await em.flush();
  request = toGlobalId('InsightRequest', insight.id);
  // The Elev post is overdue (the due list) and has an archive file (the documents route).
  await em
    .getConnection()
    .execute('update journal_post set due_date = ? where id = ?', ['2000-01-01', fx.posts.elev]);
  await em.transactional((tx) =>
    storeDocument(
      tx,
      { userId: postResponsible.id, requestId: 'fixture' },
      {
        postId: fx.posts.elev,
        descriptionId: null,
        variant: DocumentVariant.ARCHIVE,
        mediaType: 'application/pdf',
        fileName: 'elev.pdf',
        content: pdfa2b('Elevmappe'),
        correctionReason: null,
      },
    ),
  );
});
afterAll(() => server?.close());

/** The GraphQL paths that hand out the Elev post (the cases list: its case) in full, and more. */
const PATHS: [string, () => [string, Record<string, unknown>]][] = [
  ['journalPost(id)', () => [`query($id: ID!) { journalPost(id: $id) { ${ROW} } }`, { id: post }]],
  [
    'node(id)',
    () => [`query($id: ID!) { node(id: $id) { ... on JournalPost { ${ROW} } } }`, { id: post }],
  ],
  [
    'the journalPosts list',
    () => [
      `query($c: ID!) { journalPosts(filter: { caseId: $c }) { edges { node { ${ROW} } } } }`,
      { c: kase },
    ],
  ],
  [
    'the cases list',
    () => [
      `query($g: ID!) { cases(filter: { accessGroupId: $g }, first: 100) { edges { node { ${ROW} } } } }`,
      { g: toGlobalId('AccessGroup', fx.groups.elev) },
    ],
  ],
  [
    'Case.journalPosts',
    () => [
      `query($id: ID!) { case(id: $id) { ${ROW} journalPosts { edges { node { ${ROW} } } } } }`,
      { id: kase },
    ],
  ],
  [
    'the case of a post',
    () => [`query($id: ID!) { journalPost(id: $id) { ${ROW} case { ${ROW} } } }`, { id: post }],
  ],
  [
    'the backlog',
    () => [`{ backlog(filter: { olderThanDays: 0 }, first: 100) { nodes { ${ROW} } } }`, {}],
  ],
  ['the due list', () => [`{ dueList(first: 100) { nodes { ${ROW} } } }`, {}]],
  [
    'an insight request item',
    () => [
      `query($id: ID!) { insightRequest(id: $id) { items { journalPost { ${ROW} } } } }`,
      { id: request },
    ],
  ],
  [
    "a mutation's returned view",
    () => [`mutation($id: ID!) { publishNow(input: { id: $id }) { ${ROW} } }`, { id: post }],
  ],
];

describe('Every path that hands out a restricted record in full logs it, once per record', () => {
  it.each(PATHS)('%s', async (path, make) => {
    const [q, variables] = make();
    const { requestId, data } = await gqlAs('archivist', q, variables);
    const [action, target] =
      path === 'the cases list' ? ['case.readFull', kase] : ['journalPost.readFull', post];
    const handedOut = fullRestricted(data);
    expect(handedOut).toContain(target);
    const events = await eventsOf(requestId);
    expect(sorted(events.map((e) => e.targetId))).toEqual(sorted(handedOut));
    expect(events.find((e) => e.targetId === target)).toEqual({
      action,
      targetId: target,
      reason: 'Full access through the ARCHIVIST role',
      username: fx.usernames.archivist,
    });
  });

  it('the ARCHIVE file of the documents route', async () => {
    const requestId = `req-${randomUUID()}`;
    const res = await fetch(`${server.url}/documents/${post}/ARCHIVE`, {
      headers: {
        authorization: `Bearer ${await token(fx.usernames.archivist)}`,
        'x-request-id': requestId,
      },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await eventsOf(requestId)).toEqual([
      {
        action: 'journalPost.readFull',
        targetId: post,
        reason: 'Full access through the ARCHIVIST role',
        username: fx.usernames.archivist,
      },
    ]);
  });

  it('the same record in several fields of one request is logged once', async () => {
    const { requestId } = await gqlAs(
      'archivist',
      `query($p: ID!, $c: ID!) {
        a: journalPost(id: $p) { ${ROW} case { ${ROW} } }
        b: node(id: $p) { ... on JournalPost { ${ROW} } }
        c: journalPosts(filter: { caseId: $c }) { edges { node { ${ROW} } } }
        d: case(id: $c) { ${ROW} journalPosts { edges { node { ${ROW} case { ${ROW} } } } } }
        e: dueList(first: 100) { edges { node { ${ROW} } } }
      }`,
      { p: post, c: kase },
    );
    const events = await eventsOf(requestId);
    expect(events.map((e) => [e.action, e.targetId])).toEqual(
      expect.arrayContaining([
        ['journalPost.readFull', post],
        ['case.readFull', kase],
      ]),
    );
    expect(events).toHaveLength(2);
  });
});

describe('All the reads of a request are written by a single INSERT', () => {
  it('two lists of many restricted records each: one INSERT, one event per record', async () => {
    let requestId = '';
    let data: unknown;
    const inserts = await insertsDuring(async () => {
      ({ requestId, data } = await gqlAs(
        'archivist',
        `query($g: ID!) {
          journalPosts(filter: { accessGroupId: $g }, first: 100) { edges { node { ${ROW} } } }
          backlog(filter: { olderThanDays: 0 }, first: 100) { nodes { ${ROW} } }
        }`,
        { g: toGlobalId('AccessGroup', fx.groups.personal) },
      ));
    });
    expect(inserts).toBe(1);
    const handedOut = fullRestricted(data);
    expect(handedOut.size).toBeGreaterThan(EXTRA_POSTS);
    const events = await eventsOf(requestId);
    expect(sorted(events.map((e) => e.targetId))).toEqual(sorted(handedOut));
  });
});

describe('Reads of open records are never logged', () => {
  it('an archivist reading open posts and cases by id and in lists writes nothing', async () => {
    let requestId = '';
    const inserts = await insertsDuring(async () => {
      ({ requestId } = await gqlAs(
        'archivist',
        `query($p: ID!, $c: ID!, $x: ID!) {
          journalPost(id: $p) { ${ROW} case { ${ROW} } }
          case(id: $c) { ${ROW} journalPosts { edges { node { ${ROW} } } } }
          journalPosts(filter: { caseId: $x }) { edges { node { ${ROW} } } }
        }`,
        {
          p: toGlobalId('JournalPost', fx.posts.open),
          c: toGlobalId('Case', fx.cases.screenedNoGroup),
          x: toGlobalId('Case', fx.cases.noteX),
        },
      ));
    });
    expect(await eventsOf(requestId)).toEqual([]);
    // Only open rows were handed out: nothing was noted, so no statement ran.
    expect(inserts).toBe(0);
  });
});

describe('REDACTED reads are never logged', () => {
  it.each(['handler', 'otherLeader', 'admin'])(
    '%s, who sees the Elev post and case REDACTED, writes nothing',
    async (who) => {
      let requestId = '';
      let data: any;
      const inserts = await insertsDuring(async () => {
        ({ requestId, data } = await gqlAs(
          who,
          `query($p: ID!, $c: ID!) {
            journalPost(id: $p) { ${ROW} case { ${ROW} } }
            journalPosts(filter: { caseId: $c }) { edges { node { ${ROW} } } }
          }`,
          { p: post, c: kase },
        ));
      });
      expect(data.journalPost.visibility).toBe('REDACTED');
      expect(await eventsOf(requestId)).toEqual([]);
      expect(inserts).toBe(0);
    },
  );
});

describe('A member of the access group is logged, naming the membership', () => {
  it.each([
    ['elev', 'Fixture Elev'],
    ['personal', 'Fixture Personal'],
  ] as const)('reading the %s post and its case', async (record, group) => {
    const p = toGlobalId('JournalPost', fx.posts[record]);
    const c = toGlobalId('Case', fx.cases[record]);
    const { requestId } = await gqlAs(
      'member',
      `query($id: ID!) { journalPost(id: $id) { ${ROW} case { ${ROW} } } }`,
      { id: p },
    );
    const reason = `Full access through membership of ${group}`;
    expect(sorted((await eventsOf(requestId)).map((e) => `${e.targetId} ${e.reason}`))).toEqual(
      sorted([`${p} ${reason}`, `${c} ${reason}`]),
    );
  });
});

describe('Archivists and leaders of the unit are logged, naming the role', () => {
  it.each([
    ['archivist', 'Full access through the ARCHIVIST role'],
    ['leader', 'Full access through the LEADER role'],
    // Leader of the unit and member of Elev: the role is named, and the read logged once.
    ['fx.leadermember', 'Full access through the LEADER role'],
  ])('%s', async (who, reason) => {
    const { requestId } = await gqlAs(
      who,
      `query($id: ID!) { journalPost(id: $id) { ${ROW} case { ${ROW} } } }`,
      { id: post },
    );
    expect(await eventsOf(requestId)).toEqual(
      expect.arrayContaining([
        { action: 'journalPost.readFull', targetId: post, reason, username: name(who) },
        { action: 'case.readFull', targetId: kase, reason, username: name(who) },
      ]),
    );
    expect(await eventsOf(requestId)).toHaveLength(2);
  });
});

describe('Personal relations to the record are not logged', () => {
  const READ = `query($p: ID!, $c: ID!) {
    journalPost(id: $p) { ${ROW} case { ${ROW} } }
    cases(filter: { accessGroupId: $c }) { edges { node { ${ROW} journalPosts { edges { node { ${ROW} } } } } } }
  }`;

  it.each(['creator', 'caseResponsible', 'internalContact', 'postResponsible'])(
    '%s reads the Elev post in full: nothing written, and no statement run',
    async (who) => {
      let requestId = '';
      let data: any;
      const inserts = await insertsDuring(async () => {
        ({ requestId, data } = await gqlAs(who, READ, {
          p: post,
          c: toGlobalId('AccessGroup', fx.groups.elev),
        }));
      });
      expect(data.journalPost.visibility).toBe('FULL');
      expect(await eventsOf(requestId)).toEqual([]);
      // Neither a logged role nor a membership: the log is not even asked.
      expect(inserts).toBe(0);
    },
  );

  it('an internal contact who is also an archivist and a member writes nothing', async () => {
    const { requestId, data } = await gqlAs('fx.contactarchivist', READ, {
      p: post,
      c: toGlobalId('AccessGroup', fx.groups.elev),
    });
    expect(data.journalPost.visibility).toBe('FULL');
    expect(data.journalPost.case.visibility).toBe('FULL');
    const logged = (await eventsOf(requestId)).map((e) => e.targetId);
    // Other Elev records of the list are read through the role; this case and post are not.
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(post);
    expect(logged).not.toContain(kase);
  });
});

describe('The read never waits for the log, nor fails because of it', () => {
  it('an access log that cannot be written: the answer is complete and the error is logged', async () => {
    // The real database refuses the events: a trigger stands in for a failing write.
    const db = server.orm.em.fork().getConnection();
    await db.execute(`create function refuse_access_events() returns trigger language plpgsql as
      $$ begin raise exception 'access events refused'; end $$`);
    await db.execute(`create trigger refuse_access_events before insert on audit_event
      for each row when (new.action like '%.readFull') execute function refuse_access_events()`);
    const logging = await startTestServer({ databaseUrl: server.databaseUrl, captureLogs: true });
    try {
      const res = await logging.gql(
        `query($id: ID!) { journalPost(id: $id) { ${ROW} title } }`,
        { id: post },
        { token: await logging.tokenFor(fx.usernames.archivist) },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.journalPost.visibility).toBe('FULL');
      await accessLogSettled();
      expect(logging.logs).toContainEqual(
        expect.objectContaining({ level: 50, msg: 'The access log could not be written' }),
      );
    } finally {
      await logging.close();
      await db.execute('drop trigger refuse_access_events on audit_event');
      await db.execute('drop function refuse_access_events()');
    }
  });
});
