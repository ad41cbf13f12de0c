import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InsightOutcome,
  InsightRequest,
  InsightRequestItem,
  InsightRequestStatus,
} from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import { InsightWorld, type Made, TODAY } from './world';

/**
 * `InsightRequest.viewerCan` and `InsightRequestItem.viewerCan` tell the truth
 * (docs/access-control.md, "What the client is told in advance"): for viewers of every relation to
 * a request (its assignee, leaders and insight handlers of its units and of other units, the
 * archive, one who sees its post REDACTED, a former employee) and requests in every state, each
 * flag is read and the mutation is then called; a true flag must be a change that succeeds, a
 * false flag one that is refused. Each change that succeeds gets a fresh request of the same spec.
 * Requests are placed in the database in the state they are judged in.
 */
let server: TestServer;
let w: InsightWorld;
const posts: Record<'openA' | 'restrictedA' | 'openB', Made> = {} as never;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  posts.openA = await w.post({ title: 'Søknad om skoleskyss' });
  posts.restrictedA = await w.post({ title: 'Elevsak', restricted: true });
  posts.openB = await w.post({ unit: 'B', title: 'Byggesøknad' });
});
afterAll(() => server?.close());

interface ItemSpec {
  post: keyof typeof posts;
  outcome?: InsightOutcome;
  appealPending?: boolean;
}

interface RequestSpec {
  status: InsightRequestStatus;
  items: ItemSpec[];
}

const DENIED = { outcome: InsightOutcome.DENIED };

const REQUESTS: Record<string, RequestSpec> = {
  'received request for an open post of unit A': {
    status: InsightRequestStatus.RECEIVED,
    items: [{ post: 'openA' }],
  },
  'request in progress for a restricted post of A and an open post of B': {
    status: InsightRequestStatus.IN_PROGRESS,
    items: [{ post: 'restrictedA' }, { post: 'openB' }],
  },
  'decided request, one item decided and one still open': {
    status: InsightRequestStatus.IN_PROGRESS,
    items: [{ post: 'openA', ...DENIED }, { post: 'openB' }],
  },
  'decided request': {
    status: InsightRequestStatus.DECIDED,
    items: [{ post: 'openA', ...DENIED }],
  },
  'appealed request': {
    status: InsightRequestStatus.APPEALED,
    items: [{ post: 'openA', ...DENIED, appealPending: true }],
  },
  'closed request': { status: InsightRequestStatus.CLOSED, items: [{ post: 'openA', ...DENIED }] },
};

const VIEWERS = [
  'in.handler',
  'in.insight',
  'in.leader',
  'in.handlerb',
  'in.insightb',
  'in.other',
  'in.arkivar',
  'in.former',
];

/** A request as the spec says, straight in the database; its global id. */
async function createRequest(spec: RequestSpec): Promise<{ id: string; rawId: string }> {
  const em = server.orm.em.fork();
  const decided = spec.status === InsightRequestStatus.DECIDED;
  const request = em.create(InsightRequest, {
    referenceHash: randomUUID(),
    status: spec.status,
    receivedOn: TODAY,
    dueDate: '2026-06-18',
    answerDeadline: '2026-06-22',
    requesterEmail: 'evne@example.no',
    decidedAt: decided ? new Date() : null,
    decidedOn: decided ? TODAY : null,
    closedAt: spec.status === InsightRequestStatus.CLOSED ? new Date() : null,
  });
  spec.items.forEach((item, position) => {
    const unit = item.post === 'openB' ? 'B' : 'A';
    em.create(InsightRequestItem, {
      request,
      position,
      journalPost: posts[item.post].id,
      assignee: w.users[unit === 'B' ? 'in.handlerb' : 'in.handler']!,
      unit: w.units[unit],
      outcome: item.outcome ?? null,
      legalBasis: item.outcome ? 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1' : null,
      decidedBy: item.outcome ? w.users['in.arkivar']! : null,
      decidedAt: item.outcome ? new Date() : null,
      appealPending: item.appealPending ?? false,
    });
  });
  await em.flush();
  return { id: toGlobalId('InsightRequest', request.id), rawId: request.id };
}

/** The item's assignee now, in the database. */
async function assigneeOf(requestId: string, post: Made): Promise<string | null> {
  const [row] = await w.rows<{ assignee_id: string | null }>(
    'select assignee_id from insight_request_item where request_id = ? and journal_post_id = ?',
    [requestId, post.id],
  );
  return row?.assignee_id ?? null;
}

/**
 * The assignee who hands their only item of a request to someone else no longer sees the request:
 * the change is made, and reading the request back for the answer is NOT_FOUND.
 */
async function handedAway(requestId: string, post: Made, code?: string): Promise<boolean> {
  return code === 'NOT_FOUND' && (await assigneeOf(requestId, post)) === w.userId('in.arkivar');
}

type Call = { query: string; variables: (id: string, post: Made) => Record<string, unknown> };

const REQUEST_ACTIONS: Record<'start' | 'close', Call> = {
  start: {
    query: `mutation($id: ID!) { startInsightRequest(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
  close: {
    query: `mutation($id: ID!) { closeInsightRequest(input: { id: $id }) { id } }`,
    variables: (id) => ({ id }),
  },
};

const ITEM_ACTIONS: Record<'decide' | 'reassign', Call> = {
  decide: {
    query: `mutation($id: ID!, $p: ID!) { decideInsightRequest(input: { id: $id, decisions: [
      { journalPostId: $p, outcome: DENIED, legalBasis: "Offl. § 14", additionalAccessConsidered: true }
    ] }) { id } }`,
    variables: (id, post) => ({ id, p: post.gid }),
  },
  reassign: {
    query: `mutation($id: ID!, $p: ID!, $a: ID!) {
      reassignInsightRequestItem(input: { id: $id, journalPostId: $p, assigneeId: $a }) { id } }`,
    variables: (id, post) => ({ id, p: post.gid, a: toGlobalId('User', w.userId('in.arkivar')) }),
  },
};

const FLAGS = `query($id: ID!) { node(id: $id) { ... on InsightRequest {
  viewerCan { process start close } items { viewerCan { decide reassign } } } } }`;

/** The flags of the request and of each item; all false where the viewer does not see it. */
async function flagsOf(viewer: string, id: string, spec: RequestSpec) {
  const res = await w.as(viewer, FLAGS, { id });
  const node = res.body.data?.node;
  const none = { process: false, start: false, close: false };
  return {
    request: (node?.viewerCan ?? none) as Record<string, boolean>,
    items: spec.items.map(
      (_, i) =>
        (node?.items[i].viewerCan ?? { decide: false, reassign: false }) as Record<string, boolean>,
    ),
  };
}

/** For every viewer, request and action: the flag, then the mutation; the disagreements. */
async function disagreements() {
  const wrong: string[] = [];
  const away: string[] = [];
  const seenTrue = new Set<string>();
  let flags = 0;
  const judge = async (name: string, spec: RequestSpec, viewer: string) => {
    let made = await createRequest(spec);
    const can = await flagsOf(viewer, made.id, spec);
    const tries: { action: string; flag: boolean; call: Call; post: Made }[] = [
      ...Object.entries(REQUEST_ACTIONS).map(([action, call]) => ({
        action,
        flag: can.request[action]!,
        call,
        post: posts[spec.items[0]!.post],
      })),
      ...spec.items.flatMap((item, i) =>
        Object.entries(ITEM_ACTIONS).map(([action, call]) => ({
          action: `${action} ${item.post}`,
          flag: can.items[i]![action]!,
          call,
          post: posts[item.post],
        })),
      ),
    ];
    for (const { action, flag, call, post } of tries) {
      const res = await w.as(viewer, call.query, call.variables(made.id, post));
      let error = res.body.errors?.[0];
      flags += 1;
      if (flag) seenTrue.add(action.split(' ')[0]!);
      if (error && (await handedAway(made.rawId, post, error.extensions?.code))) {
        away.push(`${viewer} × ${action}`);
        error = undefined;
      }
      if (flag !== !error) {
        wrong.push(
          `${viewer} × ${name} × ${action}: viewerCan ${flag}, mutation ${error ? `${error.extensions?.code} ${error.message}` : 'succeeded'}`,
        );
      }
      if (!error) made = await createRequest(spec);
    }
  };
  for (const [name, spec] of Object.entries(REQUESTS)) {
    await Promise.all(VIEWERS.map((viewer) => judge(name, spec, viewer)));
  }
  const neverTrue = [...Object.keys(REQUEST_ACTIONS), ...Object.keys(ITEM_ACTIONS)].filter(
    (a) => !seenTrue.has(a),
  );
  return { flags, wrong, neverTrue, away };
}

describe('InsightRequest.viewerCan and its items say which mutations will work', () => {
  it('for every viewer relation and request state, each flag agrees with the mutation', async () => {
    const { flags, wrong, neverTrue, away } = await disagreements();
    expect(wrong).toEqual([]);
    // Only an assignee hands an item away out of their own sight: the assignee of A's posts, and
    // of B's.
    expect(new Set(away.map((a) => a.split(' × ')[0]))).toEqual(
      new Set(['in.handler', 'in.handlerb']),
    );
    // Every flag is true somewhere, so each is tried for real.
    expect(neverTrue).toEqual([]);
    expect(flags).toBeGreaterThan(200);
  }, 120_000);
});

describe('InsightRequest.viewerCan.process is the policy alone', () => {
  it('is true for whoever the request is routed to, in any state, and false for the others', async () => {
    const spec = REQUESTS['closed request']!;
    const { id } = await createRequest(spec);
    for (const viewer of ['in.handler', 'in.insight', 'in.leader', 'in.arkivar']) {
      expect((await flagsOf(viewer, id, spec)).request).toEqual({
        process: true,
        start: false,
        close: false,
      });
    }
    for (const viewer of ['in.insightb', 'in.other']) {
      expect((await flagsOf(viewer, id, spec)).request.process).toBe(false);
    }
  });
});
