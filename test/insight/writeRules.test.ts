import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogSettled } from '../../src/services/accessLog';
import { signLink } from '../../src/domain/insightRequests';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import {
  DECIDE,
  InsightWorld,
  type Made,
  pdf,
  requestGid,
  sha256,
  STATUS,
  SUBMIT,
  TODAY,
} from './world';
import { expectInputFieldError } from '../support/fieldErrors';

/**
 * What a decision may release (docs/access-control.md, "Insight decisions"), and who may hand an
 * item on: every rule goes through services/insightRequests.ts and policies/insightRequests.ts.
 * Each refusal leaves everything as it was: the request, its items, the audit trail, and no
 * download link for the requester.
 */
const LINK_SECRET = 'insight-link-secret-for-the-write-rule-tests';
let server: TestServer;
let w: InsightWorld;

beforeAll(async () => {
  server = await startTestServer({
    data: 'empty',
    today: TODAY,
    env: { INSIGHT_LINK_SECRET: LINK_SECRET },
  });
  w = await new InsightWorld(server).init();
});
afterAll(() => server?.close());

let mails = 0;

/** A request for the given posts, as the public; its global id, raw id and reference. */
async function request(
  ...posts: Made[]
): Promise<{ id: string; rawId: string; reference: string }> {
  mails += 1;
  const email = `regel${mails}@example.no`;
  const res = await w.as(null, SUBMIT, {
    input: { entryIds: posts.map((p) => p.entryId), requesterEmail: email },
  });
  expect(res.body.errors).toBeUndefined();
  const id = await requestGid(w, email);
  const [row] = await w.rows<{ id: string }>(
    'select id from insight_request where requester_email = ?',
    [email],
  );
  return { id, rawId: row!.id, reference: res.body.data.submitInsightRequest.reference };
}

/** What a refusal must leave as it was. */
async function snapshot() {
  // Access events of earlier requests are written after their answers: let them land first.
  await accessLogSettled();
  return {
    requests: await w.rows('select * from insight_request order by id'),
    items: await w.rows('select * from insight_request_item order by id'),
    audit: await w.rows('select id from audit_event order by id'),
  };
}

function refused(res: { body: any }, code: string, field?: string) {
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  const error = res.body.errors[0];
  expect(error.extensions.code).toBe(code);
  if (field) expectInputFieldError(error, field);
  return error;
}

/** The requester's download links: none after a refusal. */
async function links(reference: string): Promise<(string | null)[]> {
  const res = await w.as(null, STATUS, { reference });
  return res.body.data.insightRequestStatus.items.map((i: any) => i.downloadUrl);
}

const REASSIGN = `mutation Reassign($id: ID!, $journalPostId: ID!, $assigneeId: ID!) {
  reassignInsightRequestItem(input: { id: $id, journalPostId: $journalPostId, assigneeId: $assigneeId }) {
    items { assignee { username } viewerCan { decide reassign } }
  }
}`;

const userGid = (username: string) => toGlobalId('User', w.userId(username));

describe('Any outcome needs the decider to read the post in full now', () => {
  it('issue item 1: the insight handler who sees a restricted post REDACTED may not release its archive file: FORBIDDEN, nothing changed, no link', async () => {
    const post = await w.post({ title: 'Elevmappe – {Ola Elev}', restricted: true });
    const archive = pdf('ARKIVVARIANT: Elevmappe for Ola Elev');
    expect((await w.upload('in.handler', post, 'ARCHIVE', archive)).res.status).toBe(201);
    // The insight handler does not get the archive file themself …
    expect((await w.fetchBytes(`/documents/${post.gid}/ARCHIVE`, 'in.insight')).res.status).toBe(
      404,
    );
    const { id, reference } = await request(post);
    const before = await snapshot();
    // … and so may not release it to the public either.
    const res = await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    const error = refused(res, 'FORBIDDEN');
    expect(error.message).toMatch(/REDACTED/);
    expect(error.message).toMatch(/reassignInsightRequestItem/);
    expect(await snapshot()).toEqual(before);
    expect(await links(reference)).toEqual([null]);
  });

  it('PARTIAL and DENIED are refused to a REDACTED decider as well', async () => {
    const post = await w.post({ title: 'Elevmappe – {Kari Elev}', restricted: true });
    await w.upload('in.handler', post, 'PUBLIC', pdf('Offentlig variant'));
    const { id, reference } = await request(post);
    const before = await snapshot();
    for (const outcome of ['PARTIAL', 'DENIED']) {
      const res = await w.as('in.insight', DECIDE, {
        id,
        decisions: [{ journalPostId: post.gid, outcome, legalBasis: 'Offl. § 13' }],
      });
      refused(res, 'FORBIDDEN');
    }
    expect(await snapshot()).toEqual(before);
    expect(await links(reference)).toEqual([null]);
  });

  it('the post’s responsible handler, who reads it in full, decides it', async () => {
    const post = await w.post({ title: 'Elevmappe – {Per Elev}', restricted: true });
    await w.upload('in.handler', post, 'ARCHIVE', pdf('Arkivvariant'));
    const { id } = await request(post);
    const res = await w.as('in.handler', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.decideInsightRequest.items[0].outcome).toBe('FULL');
  });
});

describe('A FULL release under a duty of confidentiality in force is refused', () => {
  it('a post screened under offl. § 13 is not released in full: CONFLICT, nothing changed, no link', async () => {
    const post = await w.post({ title: 'Vedtak om {Lise}', code: '13' });
    await w.upload('in.handler', post, 'ARCHIVE', pdf('ARKIV: Vedtak om Lise'));
    const { id, reference } = await request(post);
    const before = await snapshot();
    const res = await w.as('in.leader', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    const error = refused(res, 'CONFLICT');
    expect(error.message).toMatch(/duty of confidentiality/);
    expect(error.message).toMatch(/Lift the screening first, or decide PARTIAL/);
    expect(await snapshot()).toEqual(before);
    expect(await links(reference)).toEqual([null]);
  });

  it('PARTIAL with the public variant and DENIED stay open', async () => {
    const post = await w.post({ title: 'Vedtak om {Nils}', code: '13' });
    const other = await w.post({ title: 'Vedtak om {Nora}', code: '13' });
    await w.upload('in.handler', post, 'PUBLIC', pdf('Vedtak om *****'));
    const { id } = await request(post, other);
    const res = await w.as('in.leader', DECIDE, {
      id,
      decisions: [
        { journalPostId: post.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' },
        { journalPostId: other.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.decideInsightRequest.status).toBe('DECIDED');
  });

  it('once the screening has expired, or under a code without a duty of confidentiality, FULL is released', async () => {
    const expired = await w.post({ title: 'Gammelt vedtak om {Ole}', code: '13' });
    await w.rows('update journal_post set screening_expires_on = ? where id = ?', [
      TODAY,
      expired.id,
    ]);
    const internal = await w.post({ title: 'Internt notat', code: '14' });
    for (const p of [expired, internal]) await w.upload('in.handler', p, 'ARCHIVE', pdf('Arkiv'));
    const { id, reference } = await request(expired, internal);
    const res = await w.as('in.leader', DECIDE, {
      id,
      decisions: [
        { journalPostId: expired.gid, outcome: 'FULL' },
        { journalPostId: internal.gid, outcome: 'FULL' },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect((await links(reference)).every((l) => typeof l === 'string')).toBe(true);
  });

  it('the code says so: dutyOfConfidentiality on ScreeningCode, set by createScreeningCode', async () => {
    const admin = await w.as(
      'in.arkivar',
      '{ screeningCodes(first: 100) { nodes { code dutyOfConfidentiality } } }',
    );
    expect(admin.body.data.screeningCodes.nodes).toEqual(
      expect.arrayContaining([
        { code: 'i13', dutyOfConfidentiality: true },
        { code: 'i14', dutyOfConfidentiality: false },
      ]),
    );
  });
});

describe('PARTIAL releases only the uploaded PUBLIC variant', () => {
  it('without a public variant: INVALID_STATE, even when the archive and production files are there', async () => {
    const post = await w.post({ title: 'Søknad om {Hans}', code: '13' });
    await w.upload('in.handler', post, 'ARCHIVE', pdf('ARKIV'));
    await w.upload('in.handler', post, 'PRODUCTION', pdf('PRODUKSJON'));
    const { id, reference } = await request(post);
    const before = await snapshot();
    const res = await w.as('in.handler', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' }],
    });
    expect(refused(res, 'INVALID_STATE').message).toMatch(/Upload the public variant/);
    expect(await snapshot()).toEqual(before);
    expect(await links(reference)).toEqual([null]);
  });

  it('the link serves the public file; a link to the archive file of a PARTIAL item is never served', async () => {
    const post = await w.post({ title: 'Søknad om {Grete}', code: '13' });
    const archive = pdf('ARKIV: Søknad om Grete');
    const pub = pdf('Søknad om *****');
    await w.upload('in.handler', post, 'ARCHIVE', archive);
    await w.upload('in.handler', post, 'PUBLIC', pub);
    const { id, rawId, reference } = await request(post);
    const res = await w.as('in.handler', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' }],
    });
    expect(res.body.data.decideInsightRequest.items[0].releasedVariant).toBe('PUBLIC');
    const [link] = await links(reference);
    const served = await w.fetchBytes(link!);
    expect(sha256(served.bytes)).toBe(sha256(pub));

    const [item] = await w.rows<{ id: string }>(
      'select id from insight_request_item where request_id = ?',
      [rawId],
    );
    const [archived] = await w.rows<{ id: string }>(
      "select id from document where journal_post_id = ? and variant = 'ARCHIVE'",
      [post.id],
    );
    // A genuine signature naming the archive file: not what the item releases.
    const forged = signLink(Buffer.from(LINK_SECRET, 'utf8'), {
      r: rawId,
      i: item!.id,
      d: archived!.id,
      e: Math.floor(Date.now() / 1000) + 3600,
    });
    expect((await w.fetchBytes(`/insight-downloads/${forged}`)).res.status).toBe(404);
    // Even an item that recorded the archive file as released with PARTIAL serves nothing.
    await w.rows('update insight_request_item set released_document_id = ? where id = ?', [
      archived!.id,
      item!.id,
    ]);
    expect(await links(reference)).toEqual([null]);
    const again = await w.fetchBytes(`/insight-downloads/${forged}`);
    expect(again.res.status).toBe(404);
    expect(again.bytes.toString()).not.toContain('ARKIV');
  });
});

describe('An item is reassigned by whoever may decide it, to someone who reads the post in full', () => {
  it('the REDACTED insight handler hands the item to the unit’s leader, who then decides it; audited', async () => {
    const post = await w.post({ title: 'Elevmappe – {Siri}', restricted: true });
    await w.upload('in.handler', post, 'ARCHIVE', pdf('Arkiv'));
    const { id, rawId } = await request(post);
    const res = await w.as('in.insight', REASSIGN, {
      id,
      journalPostId: post.gid,
      assigneeId: userGid('in.leader'),
    });
    expect(res.body.errors).toBeUndefined();
    // The insight handler does not read the post in full: the assignee stays hidden from them.
    expect(res.body.data.reassignInsightRequestItem.items).toEqual([
      { assignee: null, viewerCan: { decide: false, reassign: true } },
    ]);
    const [stored] = await w.rows<{ assignee_id: string }>(
      'select assignee_id from insight_request_item where request_id = ?',
      [rawId],
    );
    expect(stored!.assignee_id).toBe(w.userId('in.leader'));
    const [event] = await w.rows<{ action: string; actor_id: string; changes: any }>(
      "select action, actor_id, changes from audit_event where target_id = ? and action = 'insightRequest.reassign'",
      [rawId],
    );
    expect(event!.actor_id).toBe(w.userId('in.insight'));
    expect(event!.changes[`items.${post.registryId}.assignee`]).toEqual({
      old: w.userId('in.handler'),
      new: w.userId('in.leader'),
    });
    const decided = await w.as('in.leader', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    expect(decided.body.errors).toBeUndefined();
  });

  it('an assignee who would not read the post in full, holds no role for its unit or is no longer active: BAD_USER_INPUT on assigneeId, nothing changed', async () => {
    const post = await w.post({ title: 'Elevmappe – {Tor}', restricted: true });
    const { id } = await request(post);
    const before = await snapshot();
    for (const username of ['in.insight', 'in.handlerb', 'in.former']) {
      const res = await w.as('in.leader', REASSIGN, {
        id,
        journalPostId: post.gid,
        assigneeId: userGid(username),
      });
      expect(refused(res, 'BAD_USER_INPUT', 'assigneeId').message).toMatch(
        /reads the post in full/,
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it('whoever may not decide the item may not reassign it: FORBIDDEN, or NOT_FOUND when the request is not theirs', async () => {
    const a = await w.post({ title: 'Brev A' });
    const b = await w.post({ title: 'Brev B', unit: 'B' });
    const { id } = await request(a, b);
    const before = await snapshot();
    const other = await w.as('in.insight', REASSIGN, {
      id,
      journalPostId: b.gid,
      assigneeId: userGid('in.insightb'),
    });
    expect(refused(other, 'FORBIDDEN').message).toMatch(/reassigned by the assignee/);
    const stranger = await w.as('in.other', REASSIGN, {
      id,
      journalPostId: a.gid,
      assigneeId: userGid('in.leader'),
    });
    refused(stranger, 'NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('a decided item is not handed on: INVALID_STATE', async () => {
    const post = await w.post({ title: 'Avslått brev' });
    const { id } = await request(post);
    await w.as('in.handler', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
    });
    const before = await snapshot();
    const res = await w.as('in.handler', REASSIGN, {
      id,
      journalPostId: post.gid,
      assigneeId: userGid('in.leader'),
    });
    refused(res, 'INVALID_STATE');
    expect(await snapshot()).toEqual(before);
  });
});

describe('The assignee filter matches only assignees the viewer may see (issue item 6)', () => {
  const FILTER = `query($assigneeId: ID!) {
    insightRequests(filter: { assigneeId: $assigneeId }, first: 100) { totalCount edges { node { id } } }
  }`;
  const count = async (viewer: string, assignee: string) => {
    const res = await w.as(viewer, FILTER, { assigneeId: userGid(assignee) });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.insightRequests as {
      totalCount: number;
      edges: { node: { id: string } }[];
    };
  };

  it('a viewer who sees the post REDACTED does not find it by its assignee: not listed, not counted', async () => {
    const before = await count('in.insightb', 'in.handlerb');
    const beforeFull = await count('in.arkivar', 'in.handlerb');
    const post = await w.post({ title: 'Elevmappe B – {Mia}', unit: 'B', restricted: true });
    const { id } = await request(post);
    // The unit's insight handler sees the request, but the post only REDACTED …
    const seen = await w.as(
      'in.insightb',
      'query($id: ID!) { insightRequest(id: $id) { items { assignee { username } } } }',
      { id },
    );
    expect(seen.body.data.insightRequest.items).toEqual([{ assignee: null }]);
    // … so filtering by the hidden assignee neither lists nor counts it.
    const after = await count('in.insightb', 'in.handlerb');
    expect(after.totalCount).toBe(before.totalCount);
    expect(after.edges.map((e) => e.node.id)).not.toContain(id);
    // Those who may see the assignee find it: the archive, and the assignee themself.
    expect((await count('in.arkivar', 'in.handlerb')).totalCount).toBe(beforeFull.totalCount + 1);
    expect((await count('in.handlerb', 'in.handlerb')).edges.map((e) => e.node.id)).toContain(id);
  });
});

describe('viewerCan says what the mutations would allow, in one batch', () => {
  const QUERY = `query($first: Int) {
    insightRequests(first: $first) {
      edges { node { viewerCan { process } items { viewerCan { decide reassign } } } }
    }
  }`;

  it('process for whoever the request is routed to; decide only with FULL on the post; reassign without', async () => {
    const post = await w.post({ title: 'Elevmappe – {Vilde}', restricted: true });
    const { id } = await request(post);
    const ask = (username: string) =>
      w.as(
        username,
        'query($id: ID!) { insightRequest(id: $id) { viewerCan { process } items { viewerCan { decide reassign } } } }',
        { id },
      );
    expect((await ask('in.insight')).body.data.insightRequest).toEqual({
      viewerCan: { process: true },
      items: [{ viewerCan: { decide: false, reassign: true } }],
    });
    for (const username of ['in.handler', 'in.leader', 'in.arkivar']) {
      expect((await ask(username)).body.data.insightRequest).toEqual({
        viewerCan: { process: true },
        items: [{ viewerCan: { decide: true, reassign: true } }],
      });
    }
  });

  it('the number of statements does not grow with the number of requests', async () => {
    // The access log's INSERT runs after the answer and only when a page holds a restricted post
    // in full: it is not part of answering, so it is left out of the count.
    const answering = async () => {
      await accessLogSettled();
      return server.statements.filter((s) => !/insert into audit_event/i.test(s));
    };
    await accessLogSettled();
    server.statements.length = 0;
    const one = await w.as('in.arkivar', QUERY, { first: 1 });
    const few = (await answering()).length;
    server.statements.length = 0;
    const many = await w.as('in.arkivar', QUERY, { first: 20 });
    expect(one.body.errors).toBeUndefined();
    expect(many.body.data.insightRequests.edges.length).toBeGreaterThan(5);
    expect((await answering()).length).toBe(few);
  });
});

describe('Submissions in one operation are paid before any runs (issue item 7)', () => {
  const aliased = (n: number) =>
    `mutation Many($input: SubmitInsightRequestInput!) { ${Array.from(
      { length: n },
      (_, i) => `s${i}: submitInsightRequest(input: $input) { reference }`,
    ).join(' ')} }`;

  it('11 aliased submissions over a budget of 10: 429 before anything is stored; 3 give 3 receipts', async () => {
    const limited = await startTestServer({
      databaseUrl: server.databaseUrl,
      today: TODAY,
      env: {
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_STORE: 'memory',
        TRUST_PROXY: 'loopback',
        GRAPHQL_MAX_ALIASES_ANONYMOUS: '20',
        GRAPHQL_MAX_ROOT_FIELDS_ANONYMOUS: '20',
      },
    });
    try {
      const p = await w.post({ title: 'Populært brev' });
      const send = (n: number, client: string, email: string) =>
        fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
          body: JSON.stringify({
            query: aliased(n),
            variables: { input: { entryIds: [p.entryId], requesterEmail: email } },
          }),
        });
      const stored = async (email: string) =>
        (await w.rows('select id from insight_request where requester_email = ?', [email])).length;

      const over = await send(11, '198.51.100.21', 'mange@example.no');
      expect(over.status).toBe(429);
      const body = await over.json();
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.data ?? null).toBeNull();
      expect(await stored('mange@example.no')).toBe(0);

      const fits = await send(3, '198.51.100.22', 'tre@example.no');
      expect(fits.status).toBe(200);
      const receipts = (await fits.json()).data;
      expect(Object.values(receipts).map((r: any) => r.reference)).toHaveLength(3);
      expect(await stored('tre@example.no')).toBe(3);
    } finally {
      await limited.close();
    }
  });
});

describe('A change made on a stale copy of an insight request is refused and changes nothing', () => {
  const VERSION = 'query($id: ID!) { insightRequest(id: $id) { version } }';
  const START = `mutation($input: StartInsightRequestInput!) {
    startInsightRequest(input: $input) { status version }
  }`;
  const DECIDE_INPUT = `mutation($input: DecideInsightRequestInput!) {
    decideInsightRequest(input: $input) { status version items { outcome } }
  }`;
  const REASSIGN_INPUT = `mutation($input: ReassignInsightRequestItemInput!) {
    reassignInsightRequestItem(input: $input) { version }
  }`;
  const CLOSE = `mutation($input: CloseInsightRequestInput!) {
    closeInsightRequest(input: $input) { status version }
  }`;

  it('with the version the handler loaded the change goes through; with an older one every handler mutation is refused', async () => {
    const post = await w.post({ title: 'Referat fra samarbeidsmøte' });
    const { id } = await request(post);
    const loaded = (await w.as('in.handler', VERSION, { id })).body.data.insightRequest.version;
    expect(loaded).toEqual(expect.any(Number));

    const started = await w.as('in.handler', START, { input: { id, expectedVersion: loaded } });
    expect(started.body.errors).toBeUndefined();
    expect(started.body.data.startInsightRequest).toEqual({
      status: 'IN_PROGRESS',
      version: loaded + 1,
    });

    const decision = {
      journalPostId: post.gid,
      outcome: 'DENIED',
      legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
      additionalAccessConsidered: true,
    };
    const before = await snapshot();
    const stale = [
      await w.as('in.handler', START, { input: { id, expectedVersion: loaded } }),
      await w.as('in.handler', DECIDE_INPUT, {
        input: { id, expectedVersion: loaded, decisions: [decision] },
      }),
      await w.as('in.handler', REASSIGN_INPUT, {
        input: {
          id,
          journalPostId: post.gid,
          assigneeId: userGid('in.leader'),
          expectedVersion: loaded,
        },
      }),
      await w.as('in.handler', CLOSE, { input: { id, expectedVersion: loaded } }),
    ];
    for (const res of stale) {
      const error = refused(res, 'STALE_VERSION');
      expect(error.message).toMatch(/changed by someone else/);
      expect(error.extensions.currentVersion).toBe(loaded + 1);
    }
    expect(await snapshot()).toEqual(before);

    const decided = await w.as('in.handler', DECIDE_INPUT, {
      input: { id, expectedVersion: loaded + 1, decisions: [decision] },
    });
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideInsightRequest).toEqual({
      status: 'DECIDED',
      version: loaded + 2,
      items: [{ outcome: 'DENIED' }],
    });
  });
});
