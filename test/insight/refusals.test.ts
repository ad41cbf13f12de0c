import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveLinkKey, signLink } from '../../src/domain/insightRequests';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import { DECIDE, InsightWorld, type Made, pdf, requestGid, STATUS, SUBMIT, TODAY } from './world';
import { expectInputFieldError, fieldErrorsOf } from '../support/fieldErrors';

/**
 * Every refusal of insight requests says why, with its code, and changes nothing: no request, no
 * item, no decision, no audit event, no download.
 */
const LINK_SECRET = 'insight-link-secret-for-the-refusal-tests!';
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

/** A request for the given posts, as the public; returns its global id and reference. */
async function request(...posts: Made[]): Promise<{ id: string; reference: string }> {
  mails += 1;
  const email = `krav${mails}@example.no`;
  const res = await w.as(null, SUBMIT, {
    input: { entryIds: posts.map((p) => p.entryId), requesterEmail: email },
  });
  expect(res.body.errors).toBeUndefined();
  return {
    id: await requestGid(w, email),
    reference: res.body.data.submitInsightRequest.reference,
  };
}

/** What a refusal must leave as it was. */
async function snapshot() {
  return {
    requests: await w.rows('select * from insight_request order by id'),
    items: await w.rows('select * from insight_request_item order by id'),
    audit: await w.rows('select id from audit_event order by id'),
    documents: await w.rows('select id, replaced_at from document order by id'),
  };
}

function refused(res: { body: any }, code: string, field?: string) {
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  const error = res.body.errors[0];
  expect(error.extensions.code).toBe(code);
  if (field) expectInputFieldError(error, field);
  return error;
}

describe('Only those the rules name may decide an item', () => {
  it('an insight handler who sees the request may not decide the item of another unit: FORBIDDEN', async () => {
    const a = await w.post({ title: 'Brev A' });
    const b = await w.post({ title: 'Brev B', unit: 'B' });
    const { id } = await request(a, b);
    const before = await snapshot();
    const res = await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: b.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
    });
    const error = refused(res, 'FORBIDDEN');
    expect(error.message).toMatch(/assignee, a leader or insight handler of the unit/);
    expect(await snapshot()).toEqual(before);
    // Its own unit's item it may decide.
    const own = await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: a.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
    });
    expect(own.body.data.decideInsightRequest.status).toBe('IN_PROGRESS');
  });

  it('a user the request is not routed to does not see it: NOT_FOUND; the public is told to sign in', async () => {
    const a = await w.post({ title: 'Brev A2' });
    const { id } = await request(a);
    const before = await snapshot();
    const decision = { journalPostId: a.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' };
    refused(await w.as('in.insightb', DECIDE, { id, decisions: [decision] }), 'NOT_FOUND');
    refused(await w.as('in.other', DECIDE, { id, decisions: [decision] }), 'NOT_FOUND');
    // A user whose grants have ended is no internal user any more: NONE.
    refused(await w.as('in.former', DECIDE, { id, decisions: [decision] }), 'NOT_FOUND');
    refused(await w.as(null, DECIDE, { id, decisions: [decision] }), 'UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });
});

describe('A decision must be complete', () => {
  it('PARTIAL needs the public variant uploaded first: INVALID_STATE', async () => {
    const p = await w.post({ title: 'Søknad om {Per}', code: '13' });
    await w.upload('in.handler', p, 'ARCHIVE', pdf('arkiv'));
    const { id } = await request(p);
    const before = await snapshot();
    const res = await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: p.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' }],
    });
    const error = refused(res, 'INVALID_STATE');
    expect(error.message).toMatch(/Upload the public variant of .* before deciding partial access/);
    expect(await snapshot()).toEqual(before);
  });

  it('DENIED needs a legal basis: BAD_USER_INPUT on decisions[0].legalBasis', async () => {
    const p = await w.post({ title: 'Brev uten hjemmel' });
    const { id } = await request(p);
    const before = await snapshot();
    for (const legalBasis of [null, '   ']) {
      const res = await w.as('in.insight', DECIDE, {
        id,
        decisions: [{ journalPostId: p.gid, outcome: 'DENIED', legalBasis }],
      });
      refused(res, 'BAD_USER_INPUT', 'decisions[0].legalBasis');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a discretionary basis (offl. § 14) needs the statement that additional access was considered', async () => {
    const p = await w.post({ title: 'Internt notat', code: '14' });
    const { id } = await request(p);
    const before = await snapshot();
    for (const [legalBasis, considered] of [
      ['Offl. § 14', undefined],
      ['offl. § 14 første ledd', false],
      ['offentleglova § 14', null],
    ] as const) {
      const res = await w.as('in.insight', DECIDE, {
        id,
        decisions: [
          {
            journalPostId: p.gid,
            outcome: 'DENIED',
            legalBasis,
            additionalAccessConsidered: considered,
          },
        ],
      });
      const error = refused(res, 'BAD_USER_INPUT', 'decisions[0].additionalAccessConsidered');
      expect(error.message).toMatch(/meroffentlighet, offl\. § 11/);
    }
    expect(await snapshot()).toEqual(before);
    const ok = await w.as('in.insight', DECIDE, {
      id,
      decisions: [
        {
          journalPostId: p.gid,
          outcome: 'DENIED',
          legalBasis: 'Offl. § 14',
          additionalAccessConsidered: true,
        },
      ],
    });
    expect(ok.body.data.decideInsightRequest.items[0]).toMatchObject({
      outcome: 'DENIED',
      additionalAccessConsidered: true,
    });
  });

  it('§ 13 (a duty of confidentiality) needs no such statement', async () => {
    const p = await w.post({ title: 'Taushetsbelagt', code: '14' });
    const { id } = await request(p);
    const res = await w.as('in.insight', DECIDE, {
      id,
      decisions: [
        { journalPostId: p.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
      ],
    });
    expect(res.body.errors).toBeUndefined();
  });

  it('FULL needs a document to release: INVALID_STATE', async () => {
    const p = await w.post({ title: 'Papirbrev' });
    const { id } = await request(p);
    const before = await snapshot();
    const res = await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: p.gid, outcome: 'FULL' }],
    });
    expect(refused(res, 'INVALID_STATE').message).toMatch(/no document to release/);
    expect(await snapshot()).toEqual(before);
  });

  it('a post that is not in the request, or decided twice in one call: BAD_USER_INPUT', async () => {
    const p = await w.post({ title: 'Brev C' });
    const stranger = await w.post({ title: 'Brev D' });
    const { id } = await request(p);
    const before = await snapshot();
    refused(
      await w.as('in.insight', DECIDE, {
        id,
        decisions: [{ journalPostId: stranger.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
      }),
      'BAD_USER_INPUT',
      'decisions[0].journalPostId',
    );
    refused(
      await w.as('in.insight', DECIDE, {
        id,
        decisions: [
          { journalPostId: p.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' },
          { journalPostId: p.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' },
        ],
      }),
      'BAD_USER_INPUT',
      'decisions[1].journalPostId',
    );
    refused(await w.as('in.insight', DECIDE, { id, decisions: [] }), 'BAD_USER_INPUT', 'decisions');
    expect(await snapshot()).toEqual(before);
  });

  it('a decided item is not decided again without an appeal: INVALID_STATE', async () => {
    const p = await w.post({ title: 'Brev E' });
    const { id } = await request(p);
    const decision = { journalPostId: p.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' };
    await w.as('in.insight', DECIDE, { id, decisions: [decision] });
    const before = await snapshot();
    refused(await w.as('in.leader', DECIDE, { id, decisions: [decision] }), 'INVALID_STATE');
    expect(await snapshot()).toEqual(before);
  });
});

describe('A submission names 1 to 50 entries of the public journal as it is today', () => {
  it('more than 50 entries: BAD_USER_INPUT on entryIds, nothing stored', async () => {
    const posts: Made[] = [];
    for (let i = 0; i < 51; i++) posts.push(await w.post({ title: `Massebrev ${i}` }));
    const before = await snapshot();
    const res = await w.as(null, SUBMIT, {
      input: { entryIds: posts.map((p) => p.entryId), requesterEmail: 'mange@example.no' },
    });
    expect(refused(res, 'BAD_USER_INPUT', 'entryIds').message).toMatch(
      /at most 50 entries; this one names 51/,
    );
    expect(await snapshot()).toEqual(before);
    // Fifty, with duplicates, are accepted.
    const fifty = posts.slice(0, 50).map((p) => p.entryId);
    const ok = await w.as(null, SUBMIT, {
      input: { entryIds: [...fifty, fifty[0]], requesterEmail: 'femti@example.no' },
    });
    expect(ok.body.errors).toBeUndefined();
  });

  it('an entry not in the public journal: its position named, nothing about the post itself', async () => {
    const open = await w.post({ title: 'Offentlig brev' });
    const reserved = await w.post({
      title: 'Utkast om HEMMELIG-UTKAST',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    const recent = await w.post({ title: 'Nytt brev HEMMELIG-NYTT', journalDate: TODAY });
    const note = await w.post({
      title: 'Notat HEMMELIG-NOTAT',
      type: JournalPostType.INTERNAL_FOLLOW_UP,
    });
    const before = await snapshot();
    const res = await w.as(null, SUBMIT, {
      input: {
        entryIds: [
          open.entryId,
          reserved.entryId,
          recent.entryId,
          'not-an-id',
          note.entryId,
          toGlobalId('PublicJournalEntry', '00000000-0000-4000-8000-000000000000'),
        ],
        requesterEmail: 'feil@example.no',
      },
    });
    const error = refused(res, 'BAD_USER_INPUT', 'entryIds[1]');
    expect(fieldErrorsOf(error).map((e) => e.path)).toEqual(
      [1, 2, 3, 4, 5].map((i) => ['input', 'entryIds', i]),
    );
    expect(error.message).toContain(`entryIds[1] ("${reserved.entryId.slice(0, 40)}…")`);
    expect(error.message).toContain('entryIds[3] ("not-an-id")');
    expect(error.message).not.toContain('entryIds[0]');
    expect(JSON.stringify(res.body)).not.toMatch(/HEMMELIG|Utkast|Notat|RESERVED/);
    expect(await snapshot()).toEqual(before);
  });

  it('an id of another kind (a journal post, a case): INVALID_ID at its position, nothing stored', async () => {
    const open = await w.post({ title: 'Offentlig brev om INVALID' });
    const before = await snapshot();
    const res = await w.as(null, SUBMIT, {
      input: {
        entryIds: [open.entryId, open.gid, toGlobalId('Case', open.id)],
        requesterEmail: 'slag@example.no',
      },
    });
    const error = refused(res, 'BAD_USER_INPUT', 'entryIds[1]');
    expect(error.extensions.fieldErrors).toEqual([
      expect.objectContaining({
        path: ['input', 'entryIds', 1],
        code: 'INVALID_ID',
        params: { type: 'PublicJournalEntry' },
      }),
      expect.objectContaining({ path: ['input', 'entryIds', 2], code: 'INVALID_ID' }),
    ]);
    expect(error.message).toContain('entryIds[1] is the id of a JournalPost');
    expect(await snapshot()).toEqual(before);
    // The same post by its entry id is accepted: the kinds are told apart, not the posts.
    const ok = await w.as(null, SUBMIT, {
      input: { entryIds: [open.entryId], requesterEmail: 'slag@example.no' },
    });
    expect(ok.body.errors).toBeUndefined();
  });

  it('no entries at all: BAD_USER_INPUT', async () => {
    refused(
      await w.as(null, SUBMIT, { input: { entryIds: [], requesterEmail: 'tom@example.no' } }),
      'BAD_USER_INPUT',
      'entryIds',
    );
  });

  it('a bad e-mail address, name or message: BAD_USER_INPUT naming the field, nothing stored', async () => {
    const p = await w.post({ title: 'Brev F' });
    const before = await snapshot();
    for (const email of [
      '',
      'kari',
      'kari@',
      '@example.no',
      'kari@example',
      'kari nordmann@example.no',
      'kari@exa mple.no',
      'kari@-example.no',
      'kari@example.123',
      `${'k'.repeat(65)}@example.no`,
      `${'k'.repeat(40)}@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(20)}.no`,
      'kari@exam\u0000ple.no',
      '<kari@example.no>',
    ]) {
      const res = await w.as(null, SUBMIT, {
        input: { entryIds: [p.entryId], requesterEmail: email },
      });
      refused(res, 'BAD_USER_INPUT', 'requesterEmail');
    }
    refused(
      await w.as(null, SUBMIT, {
        input: {
          entryIds: [p.entryId],
          requesterEmail: 'kari@example.no',
          requesterName: 'x'.repeat(201),
        },
      }),
      'BAD_USER_INPUT',
      'requesterName',
    );
    refused(
      await w.as(null, SUBMIT, {
        input: {
          entryIds: [p.entryId],
          requesterEmail: 'kari@example.no',
          message: 'x'.repeat(4001),
        },
      }),
      'BAD_USER_INPUT',
      'message',
    );
    expect(await snapshot()).toEqual(before);
    const ok = await w.as(null, SUBMIT, {
      input: { entryIds: [p.entryId], requesterEmail: 'kari.o+innsyn@blåbær.no' },
    });
    expect(ok.body.errors).toBeUndefined();
  });
});

describe('A download link works only as issued and only while it is valid', () => {
  let link: string;
  let claims: { r: string; i: string; d: string };
  let archiveId: string;

  beforeAll(async () => {
    const p = await w.post({ title: 'Vedtak om {Lise}', code: '13' });
    await w.upload('in.handler', p, 'ARCHIVE', pdf('ARKIV Lise'));
    await w.upload('in.handler', p, 'PUBLIC', pdf('OFFENTLIG *****'));
    const { id, reference } = await request(p);
    await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: p.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' }],
    });
    link = (await w.as(null, STATUS, { reference })).body.data.insightRequestStatus.items[0]
      .downloadUrl;
    const body = link.split('/').pop()!.split('.')[0]!;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const [doc] = await w.rows<{ id: string }>(
      "select id from document where journal_post_id = ? and variant = 'ARCHIVE'",
      [p.id],
    );
    archiveId = doc!.id;
  });

  it('an expired link: 410 with a plain message, nothing served', async () => {
    const key = deriveLinkKey(LINK_SECRET, new Uint8Array());
    const expired = signLink(key, { ...claims, e: Math.floor(Date.now() / 1000) - 1 });
    const before = await snapshot();
    const { res, bytes } = await w.fetchBytes(`/insight-downloads/${expired}`);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(bytes.toString()).toMatch(/Lenken er utløpt.*\n.*has expired/);
    expect(await snapshot()).toEqual(before);
  });

  it('a forged link: 404, whether the signature or the claims were changed', async () => {
    const before = await snapshot();
    const [body, sig] = link.split('/').pop()!.split('.') as [string, string];
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    const toArchive = Buffer.from(JSON.stringify({ ...claims, d: archiveId })).toString(
      'base64url',
    );
    const wrongKey = signLink(
      deriveLinkKey('another-secret-that-is-long-enough-123', new Uint8Array()),
      {
        ...claims,
        e: Math.floor(Date.now() / 1000) + 3600,
      },
    );
    for (const token of [`${body}.${flipped}`, `${toArchive}.${sig}`, wrongKey, 'x', `${body}`]) {
      const { res, bytes } = await w.fetchBytes(`/insight-downloads/${token}`);
      expect(res.status, token).toBe(404);
      expect(bytes.toString()).toMatch(/not valid/);
      expect(bytes.toString()).not.toContain('ARKIV');
    }
    // Even correctly signed, a link to a file the decision did not release is refused.
    const key = deriveLinkKey(LINK_SECRET, new Uint8Array());
    const signedArchive = signLink(key, {
      ...claims,
      d: archiveId,
      e: Math.floor(Date.now() / 1000) + 60,
    });
    const { res } = await w.fetchBytes(`/insight-downloads/${signedArchive}`);
    expect(res.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('the genuine link still works', async () => {
    const { res, bytes } = await w.fetchBytes(link);
    expect(res.status).toBe(200);
    expect(bytes.toString()).toContain('OFFENTLIG');
  });
});

describe('An appeal needs something refused, a reason, and time left', () => {
  it('nothing refused, no reason, an unknown reference, a second appeal: each refused, nothing changed', async () => {
    const full = await w.post({ title: 'Åpent brev' });
    await w.upload('in.handler', full, 'ARCHIVE', pdf('åpent'));
    const granted = await request(full);
    await w.as('in.insight', DECIDE, {
      id: granted.id,
      decisions: [{ journalPostId: full.gid, outcome: 'FULL' }],
    });
    const denied = await w.post({ title: 'Avslått brev' });
    const refusedReq = await request(denied);
    await w.as('in.insight', DECIDE, {
      id: refusedReq.id,
      decisions: [{ journalPostId: denied.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
    });
    const pending = await request(await w.post({ title: 'Ubesvart brev' }));
    const APPEAL =
      'mutation($r: String!, $why: String!) { appealInsightDecision(input: { reference: $r, reason: $why }) { status } }';
    const before = await snapshot();
    expect(
      refused(await w.as(null, APPEAL, { r: granted.reference, why: 'Hvorfor?' }), 'INVALID_STATE')
        .message,
    ).toMatch(/Nothing was refused/);
    refused(
      await w.as(null, APPEAL, { r: refusedReq.reference, why: '  ' }),
      'BAD_USER_INPUT',
      'reason',
    );
    refused(
      await w.as(null, APPEAL, { r: 'INN-ZZZZZZZZZZZZZZZZZZZZZZZZZZ', why: 'Hvorfor?' }),
      'NOT_FOUND',
    );
    expect(
      refused(await w.as(null, APPEAL, { r: pending.reference, why: 'Hvorfor?' }), 'INVALID_STATE')
        .message,
    ).toMatch(/not been answered yet/);
    expect(await snapshot()).toEqual(before);
    expect(
      (await w.as(null, APPEAL, { r: refusedReq.reference, why: 'Hvorfor?' })).body.data
        .appealInsightDecision.status,
    ).toBe('APPEALED');
    const after = await snapshot();
    expect(
      refused(await w.as(null, APPEAL, { r: refusedReq.reference, why: 'Igjen' }), 'INVALID_STATE')
        .message,
    ).toMatch(/appealed already/);
    expect(await snapshot()).toEqual(after);
  });

  it('after 21 days the time to appeal is over', async () => {
    const p = await w.post({ title: 'Sent brev' });
    const r = await request(p);
    await w.as('in.insight', DECIDE, {
      id: r.id,
      decisions: [{ journalPostId: p.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
    });
    const later = await startTestServer({ databaseUrl: server.databaseUrl, today: '2026-07-07' });
    try {
      const before = await snapshot();
      const res = await later.gql(
        'mutation($r: String!) { appealInsightDecision(input: { reference: $r, reason: "For sent?" }) { status } }',
        { r: r.reference },
      );
      expect(refused(res, 'INVALID_STATE').message).toMatch(/time to appeal ended on 2026-07-06/);
      expect(await snapshot()).toEqual(before);
      const status = await later.gql(STATUS, { reference: r.reference });
      expect(status.body.data.insightRequestStatus).toMatchObject({
        canAppeal: false,
        appealDeadline: '2026-07-06',
      });
    } finally {
      await later.close();
    }
  });
});

describe('Submissions are rate-limited per client address', () => {
  it('over the limit: RATE_LIMITED with HTTP 429 and Retry-After, nothing stored', async () => {
    const limited = await startTestServer({
      databaseUrl: server.databaseUrl,
      today: TODAY,
      env: {
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_STORE: 'memory',
        RATE_LIMIT_INSIGHT_SUBMISSIONS: '2',
        RATE_LIMIT_INSIGHT_WINDOW_SECONDS: '600',
        TRUST_PROXY: 'loopback',
      },
    });
    try {
      const p = await w.post({ title: 'Populært brev' });
      const send = (client: string) =>
        fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
          body: JSON.stringify({
            query: SUBMIT,
            variables: { input: { entryIds: [p.entryId], requesterEmail: 'ivrig@example.no' } },
          }),
        });
      expect((await send('198.51.100.7')).status).toBe(200);
      expect((await send('198.51.100.7')).status).toBe(200);
      const before = await snapshot();
      const over = await send('198.51.100.7');
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(500);
      const body = await over.json();
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(body.errors[0].message).toMatch(/Too many requests/);
      // The form on /journal spends the same budget.
      const form = await fetch(`${limited.url}/journal/innsyn`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '198.51.100.7',
        },
        body: new URLSearchParams({ entryId: p.entryId, email: 'ivrig@example.no' }),
      });
      expect(form.status).toBe(429);
      expect(await form.text()).toMatch(/Du har sendt mange innsynskrav/);
      expect(await snapshot()).toEqual(before);
      // Another client is not affected.
      expect((await send('198.51.100.8')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
