import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInOslo } from '../../src/domain/workingDays';
import {
  CaseStatus,
  JournalPostType,
  JournalStatus,
  PublicationOverride,
} from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import {
  createPolicyFixtures,
  createRecord,
  createWriteFixtures,
  type Fixtures,
  type RecordSpec,
  type WriteFixtures,
} from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * `viewerCan` tells the truth (docs/access-control.md, "What the client is told in advance"): for
 * viewers of every relation and records in several states, each flag is read and the mutation is
 * then called; a true flag must be a change that succeeds, a false flag a change that is refused.
 * Each call that succeeds gets a fresh record of the same spec, so every pair is judged on the
 * same state. Every flag must be true somewhere in the matrix, so that it is tried for real.
 */
let server: TestServer;
let fx: Fixtures;
let wx: WriteFixtures;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  wx = await createWriteFixtures(server.orm.em.fork(), fx);
  // The case posts are moved into (moveJournalPost) numbers its documents on from its own one.
  await server.orm.em
    .fork()
    .getConnection()
    .execute(`insert into number_counter (series, value) values ('document:${fx.cases.open}', 1)`);
});
afterAll(() => server?.close());

async function as(username: string, q: string, variables: Record<string, unknown> = {}) {
  if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
  return server.gql(q, variables, { token: tokens.get(username)! });
}

const user = (username: string) => toGlobalId('User', wx.userIds[username]!);
const personal = () => toGlobalId('AccessGroup', fx.groups.personal);

type Call = { query: string; variables: (id: string) => Record<string, unknown> };

const POST_ACTIONS: Record<string, Call> = {
  update: {
    query: `mutation($id: ID!) { updateJournalPost(input: { id: $id, documentDate: "2098-03-03" }) { id } }`,
    variables: (id) => ({ id }),
  },
  finalize: {
    query: `mutation($id: ID!) { finalizeJournalPost(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  sendForApproval: {
    query: `mutation($id: ID!, $a: ID!) { sendForApproval(input: { id: $id, approverId: $a }) { id } }`,
    variables: (id) => ({ id, a: user(wx.topLeader) }),
  },
  approve: {
    query: `mutation($id: ID!) { approveJournalPost(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  reject: {
    query: `mutation($id: ID!) { rejectJournalPost(input: { id: $id, comment: "Nei" }) { id } }`,
    variables: (id) => ({ id }),
  },
  forward: {
    query: `mutation($id: ID!, $a: ID!) { forwardForApproval(input: { id: $id, approverId: $a }) { id } }`,
    variables: (id) => ({ id, a: user(wx.topLeader) }),
  },
  dispatch: {
    query: `mutation($id: ID!) { dispatchJournalPost(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  confirm: {
    query: `mutation($id: ID!) { confirmJournalPost(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  cancel: {
    query: `mutation($id: ID!) { cancelJournalPost(input: { id: $id, reason: "Feil" }) { id } }`,
    variables: (id) => ({ id }),
  },
  writeOff: {
    query: `mutation($id: ID!) { writeOffJournalPost(input: { id: $id, method: NOTED }) { id } }`,
    variables: (id) => ({ id }),
  },
  correct: {
    query: `mutation($id: ID!) { correctJournalPost(input: { id: $id, documentDate: "2098-02-02", reason: "Feil dato" }) { id } }`,
    variables: (id) => ({ id }),
  },
  assessScreening: {
    query: `mutation($id: ID!) { assessScreening(input: { id: $id, screeningCodeId: null }) { id } }`,
    variables: (id) => ({ id }),
  },
  publishNow: {
    query: `mutation($id: ID!) { publishNow(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  hold: {
    query: `mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Vent" }) { id } }`,
    variables: (id) => ({ id }),
  },
  resetPublication: {
    query: `mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  addRemark: {
    query: `mutation($id: ID!) { addJournalPostRemark(input: { id: $id, type: GENERAL, text: "Merknad" }) { id } }`,
    variables: (id) => ({ id }),
  },
  move: {
    query: `mutation($id: ID!, $c: ID!) { moveJournalPost(input: { id: $id, caseId: $c }) { id } }`,
    variables: (id) => ({ id, c: toGlobalId('Case', fx.cases.open) }),
  },
  // The handler named is a handler of the unit in Elev: eligible, and reads every post in full.
  distribute: {
    query: `mutation($id: ID!, $u: ID!) { distributeJournalPost(input: { id: $id, responsibleId: $u }) { id } }`,
    variables: (id) => ({ id, u: user('fx.elevhandler') }),
  },
};

const CASE_ACTIONS: Record<string, Call> = {
  update: {
    query: `mutation($id: ID!) { updateCase(input: { id: $id, title: "Ny tittel" }) { id } }`,
    variables: (id) => ({ id }),
  },
  registerPost: {
    query: `mutation($id: ID!) { registerJournalPost(input: { caseId: $id, type: OUTGOING, title: "Svar" }) { id } }`,
    variables: (id) => ({ id }),
  },
  registerIncoming: {
    query: `mutation($id: ID!) { registerJournalPost(input: { caseId: $id, type: INCOMING, title: "Brev" }) { id } }`,
    variables: (id) => ({ id }),
  },
  manageContacts: {
    query: `mutation($id: ID!, $u: ID!) { addInternalContact(input: { id: $id, userId: $u }) { id } }`,
    variables: (id) => ({ id, u: user(wx.unitHandler) }),
  },
  addInternalContact: {
    query: `mutation($id: ID!, $u: ID!) { addInternalContact(input: { id: $id, userId: $u }) { id } }`,
    variables: (id) => ({ id, u: user(wx.unitHandler) }),
  },
  removeInternalContact: {
    query: `mutation($id: ID!, $u: ID!) { removeInternalContact(input: { id: $id, userId: $u }) { id } }`,
    variables: (id) => ({ id, u: user(wx.elevHandler) }),
  },
  assignResponsible: {
    query: `mutation($id: ID!, $u: ID!) { assignCaseResponsible(input: { id: $id, userId: $u }) { id } }`,
    variables: (id) => ({ id, u: user(wx.unitHandler) }),
  },
  changeAccessGroup: {
    query: `mutation($id: ID!, $g: ID!) { updateCase(input: { id: $id, accessGroupId: $g }) { id } }`,
    variables: (id) => ({ id, g: personal() }),
  },
  close: {
    query: `mutation($id: ID!) { closeCase(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  cancel: {
    query: `mutation($id: ID!) { cancelCase(input: { id: $id, reason: "Duplikat" }) { id } }`,
    variables: (id) => ({ id }),
  },
  approve: {
    query: `mutation($id: ID!) { approveCase(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  reopen: {
    query: `mutation($id: ID!) { reopenCase(input: { id: $id, reason: "Nytt brev" }) { id } }`,
    variables: (id) => ({ id }),
  },
  addRemark: {
    query: `mutation($id: ID!) { addCaseRemark(input: { id: $id, type: GENERAL, text: "Merknad" }) { id } }`,
    variables: (id) => ({ id }),
  },
  changeResponsibleUnit: {
    query: `mutation($id: ID!, $u: ID!, $unit: ID!) { assignCaseResponsible(input: { id: $id, userId: $u, responsibleUnitId: $unit }) { id } }`,
    variables: (id) => ({ id, u: user('fx.handler'), unit: toGlobalId('Unit', fx.units.other) }),
  },
};

const POST_RECORDS: Record<string, RecordSpec> = {
  'reserved Elev letter': { group: 'elev' },
  'Elev letter awaiting the leader': {
    group: 'elev',
    status: JournalStatus.FINALIZED,
    approver: 'fx.leader',
  },
  'temporarily screened incoming letter': {
    group: 'elev',
    type: JournalPostType.INCOMING,
    status: JournalStatus.TEMPORARY,
    temporaryScreening: true,
  },
  'dispatched open letter': { status: JournalStatus.DISPATCHED },
  'registered open incoming letter': {
    type: JournalPostType.INCOMING,
    status: JournalStatus.REGISTERED,
  },
  'finalised open letter, no approval asked': { status: JournalStatus.FINALIZED },
  'dispatched open letter held from the public journal': {
    status: JournalStatus.DISPATCHED,
    publicationOverride: PublicationOverride.HOLD,
  },
  'Elev letter published early': {
    group: 'elev',
    status: JournalStatus.DISPATCHED,
    publicationOverride: PublicationOverride.PUBLISH_NOW,
  },
};

const CASE_RECORDS: Record<string, RecordSpec> = {
  'Elev case in progress': {
    group: 'elev',
    type: JournalPostType.INCOMING,
    status: JournalStatus.REGISTERED,
  },
  'reserved Elev case of cancelled posts': {
    group: 'elev',
    status: JournalStatus.CANCELLED,
    caseStatus: CaseStatus.RESERVED,
  },
  'closed open case': {
    type: JournalPostType.INCOMING,
    status: JournalStatus.ARCHIVED,
    caseStatus: CaseStatus.CLOSED,
  },
  'case closed by its handler': {
    type: JournalPostType.INCOMING,
    status: JournalStatus.REGISTERED,
    caseStatus: CaseStatus.CLOSED_BY_HANDLER,
  },
  'reserved Elev case with an internal contact': {
    group: 'elev',
    status: JournalStatus.CANCELLED,
    caseStatus: CaseStatus.RESERVED,
    contacts: ['fx.elevhandler'],
  },
};

const VIEWERS = [
  'fx.postresponsible',
  'fx.creator',
  'fx.responsible',
  'fx.contact',
  'fx.leader',
  'fx.otherleader',
  'fx.archivist',
  'fx.handler',
  'fx.member',
];

const flagsQuery = (kind: 'Case' | 'JournalPost', actions: string[]) =>
  `query($id: ID!) { node(id: $id) { ... on ${kind} { viewerCan { ${actions.join(' ')} } } } }`;

/**
 * What a flag does not promise: rules over more than the record itself. A case with journal posts
 * that are not cancelled cannot be cancelled (the flag is about the case alone).
 */
const beyondTheRecord = (action: string, message: string) =>
  action === 'cancel' && /not cancelled; cancel them first/.test(message);

/** For every viewer and action: the flag, then the mutation; returns the disagreements. */
async function disagreements(
  kind: 'Case' | 'JournalPost',
  actions: Record<string, Call>,
  records: Record<string, RecordSpec>,
): Promise<{ flags: number; wrong: string[]; beyond: number; neverTrue: string[] }> {
  let beyond = 0;
  const seenTrue = new Set<string>();
  const wrong: string[] = [];
  let flags = 0;
  // Viewers in parallel: each works on records of their own.
  const judge = async (recordName: string, spec: RecordSpec, viewer: string) => {
    let made = await createRecord(server.orm.em.fork(), fx, spec);
    const idOf = () => toGlobalId(kind, kind === 'Case' ? made.caseId : made.postId);
    // Every record made from one spec is in the same state: its flags are read once.
    const read = await as(viewer, flagsQuery(kind, Object.keys(actions)), { id: idOf() });
    expect(read.body.errors, JSON.stringify(read.body.errors)).toBeUndefined();
    const can = read.body.data.node.viewerCan as Record<string, boolean>;
    for (const [action, call] of Object.entries(actions)) {
      const id = idOf();
      const flag = can[action]!;
      if (flag) seenTrue.add(action);
      const res = await as(viewer, call.query, call.variables(id));
      const error = res.body.errors?.[0];
      flags += 1;
      if (flag && error && kind === 'Case' && beyondTheRecord(action, error.message)) {
        beyond += 1;
      } else if (flag !== !error) {
        wrong.push(
          `${viewer} × ${recordName} × ${action}: viewerCan ${flag}, mutation ${error ? `${error.extensions?.code} ${error.message}` : 'succeeded'}`,
        );
      }
      if (!error) made = await createRecord(server.orm.em.fork(), fx, spec);
    }
  };
  for (const [recordName, spec] of Object.entries(records)) {
    await Promise.all(VIEWERS.map((viewer) => judge(recordName, spec, viewer)));
  }
  // A flag never true would agree with a mutation that never works: each must be tried for real.
  const neverTrue = Object.keys(actions).filter((a) => !seenTrue.has(a));
  return { flags, wrong, beyond, neverTrue };
}

describe('JournalPost.viewerCan says which mutations will work', () => {
  it('for every viewer relation and post state, each flag agrees with the mutation', async () => {
    const { flags, wrong, neverTrue } = await disagreements(
      'JournalPost',
      POST_ACTIONS,
      POST_RECORDS,
    );
    expect(wrong).toEqual([]);
    expect(neverTrue).toEqual([]);
    expect(flags).toBeGreaterThan(400);
  }, 120_000);
});

describe('Case.viewerCan says which mutations will work', () => {
  it('for every viewer relation and case state, each flag agrees with the mutation', async () => {
    const { flags, wrong, beyond, neverTrue } = await disagreements(
      'Case',
      CASE_ACTIONS,
      CASE_RECORDS,
    );
    expect(wrong).toEqual([]);
    expect(neverTrue).toEqual([]);
    // The owners of the case in progress: creator, case responsible, leader, archivist.
    expect(beyond).toBe(4);
    expect(flags).toBeGreaterThan(300);
  }, 120_000);
});
