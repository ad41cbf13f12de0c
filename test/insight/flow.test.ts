import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogSettled } from '../../src/services/accessLog';
import { startTestServer, type TestServer } from '../support/server';
import {
  APPEAL,
  DECIDE,
  InsightWorld,
  type Made,
  pdf,
  REQUEST_FIELDS,
  requestGid,
  sha256,
  STATUS,
  SUBMIT,
  TODAY,
} from './world';

/**
 * An insight request (innsynskrav) from start to end, through the real server (domain.md,
 * "Insight requests"): the public asks for a screened entry of the public journal, the request is
 * routed to the post's responsible handler and the unit; the unit's insight handler, who sees the
 * restricted post only REDACTED, takes it up and makes the redacted copy, and the post's
 * responsible handler (FULL) decides partial access with that public variant. The requester
 * follows the status and downloads exactly that variant, appeals; a full release is refused while
 * the screening under a duty of confidentiality is in force, and once it has expired a second
 * decision releases the document in full. The steps build on one another, in order. Today is
 * fixed: Monday 15 June 2026.
 */
let server: TestServer;
let w: InsightWorld;
let post: Made;
let reference: string;
let id: string;
const EMAIL = 'kari@example.no';
const PUBLIC_BYTES = pdf('OFFENTLIG VARIANT: Soknad om *****');
const ARCHIVE_BYTES = pdf('ARKIVVARIANT: Soknad om Ola Hemmelig, fra Kari Hemmelig');

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  post = await w.post({
    title: 'Søknad om {Ola Hemmelig}',
    code: '13',
    restricted: true,
    correspondents: [{ name: 'Kari Hemmelig', screened: true }],
  });
});
afterAll(() => server?.close());

describe('Anyone may ask for an entry of the public journal and gets a reference and a due date', () => {
  it('the screened entry is in the public journal, in its public form', async () => {
    const res = await w.as(null, '{ publicJournal { edges { node { id title legalBasis } } } }');
    expect(res.body.data.publicJournal.edges).toEqual([
      {
        node: {
          id: post.entryId,
          title: 'Søknad om *****',
          legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
        },
      },
    ]);
  });

  it('an anonymous request is received: due three working days later', async () => {
    const res = await w.as(null, SUBMIT, {
      input: {
        entryIds: [post.entryId, post.entryId],
        requesterEmail: EMAIL,
        requesterName: 'Kari Nordmann',
        message: 'Jeg ber om innsyn.',
      },
    });
    expect(res.body.errors).toBeUndefined();
    const receipt = res.body.data.submitInsightRequest;
    expect(receipt.reference).toMatch(/^INN-[0-9A-Z]{26}$/);
    expect(receipt.dueDate).toBe('2026-06-18');
    expect(Date.parse(receipt.receivedAt)).not.toBeNaN();
    reference = receipt.reference;
    id = await requestGid(w, EMAIL);
    // Duplicates collapse; only a hash of the reference is stored.
    const items = await w.rows('select * from insight_request_item');
    expect(items).toHaveLength(1);
    const [stored] = await w.rows('select reference_hash from insight_request');
    expect(JSON.stringify(stored)).not.toContain(reference.slice(4));
  });
});

describe('The request is routed to the assignee and the unit, and to nobody unrelated', () => {
  it('the post’s responsible handler, the unit’s insight handler and leader, and the archive see it', async () => {
    for (const user of ['in.handler', 'in.insight', 'in.leader', 'in.arkivar']) {
      const list = await w.as(
        user,
        '{ insightRequests { totalCount edges { node { id status } } } }',
      );
      expect(list.body.data.insightRequests, user).toEqual({
        totalCount: 1,
        edges: [{ node: { id, status: 'RECEIVED' } }],
      });
    }
    const one = await w.as(
      'in.insight',
      `query($id: ID!) { insightRequest(id: $id) { ${REQUEST_FIELDS} } }`,
      { id },
    );
    const r = one.body.data.insightRequest;
    expect(r).toMatchObject({
      status: 'RECEIVED',
      dueDate: '2026-06-18',
      answerDeadline: '2026-06-22',
      requesterEmail: EMAIL,
      requesterName: 'Kari Nordmann',
      overdue: false,
      deemedRefused: false,
      appealInformation: null,
    });
    // The insight handler sees the restricted post as the journal post policy lets them: REDACTED.
    expect(r.items).toEqual([
      expect.objectContaining({
        outcome: null,
        assignee: null,
        unit: { name: 'Innsyn enhet A' },
        journalPost: {
          id: post.gid,
          registryId: post.registryId,
          title: 'Søknad om *****',
          visibility: 'REDACTED',
        },
      }),
    ]);
    const mine = await w.as(
      'in.handler',
      `query($id: ID!) { insightRequest(id: $id) { items { assignee { username } journalPost { title visibility } } } }`,
      { id },
    );
    expect(mine.body.data.insightRequest.items).toEqual([
      {
        assignee: { username: 'in.handler' },
        journalPost: { title: 'Søknad om Ola Hemmelig', visibility: 'FULL' },
      },
    ]);
  });

  it('an insight handler of another unit does not: NOT_FOUND by id, absent from lists and counts; the public is told to sign in', async () => {
    const list = await w.as(
      'in.insightb',
      '{ insightRequests { totalCount edges { node { id } } } }',
    );
    expect(list.body.data.insightRequests).toEqual({ totalCount: 0, edges: [] });
    const one = await w.as('in.insightb', 'query($id: ID!) { insightRequest(id: $id) { id } }', {
      id,
    });
    expect(one.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const node = await w.as('in.insightb', 'query($id: ID!) { node(id: $id) { id } }', { id });
    expect(node.body.data.node).toBeNull();
    const anon = await w.as(null, '{ insightRequests { totalCount } }');
    expect(anon.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('A partial decision releases the uploaded public variant', () => {
  it('the insight handler takes the request up', async () => {
    const res = await w.as(
      'in.insight',
      'mutation($id: ID!) { startInsightRequest(input: { id: $id }) { status } }',
      { id },
    );
    expect(res.body.data.startInsightRequest.status).toBe('IN_PROGRESS');
  });

  it('the handler, who reads the post FULL, uploads the archive variant and the redacted public variant', async () => {
    const archive = await w.upload('in.handler', post, 'ARCHIVE', ARCHIVE_BYTES, {
      name: 'søknad.pdf',
    });
    expect(archive.res.status).toBe(201);
    const pub = await w.upload('in.handler', post, 'PUBLIC', PUBLIC_BYTES, {
      name: 'søknad-sladdet.pdf',
    });
    expect(pub.res.status).toBe(201);
    expect(pub.json.document.sha256).toBe(sha256(PUBLIC_BYTES));
  });

  it('PARTIAL with the legal basis, by the responsible handler: DECIDED, and says how to appeal', async () => {
    const res = await w.as('in.handler', DECIDE, {
      id,
      decisions: [
        {
          journalPostId: post.gid,
          outcome: 'PARTIAL',
          legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
          note: 'Navn på eleven er sladdet.',
        },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.decideInsightRequest;
    expect(r.status).toBe('DECIDED');
    expect(r.items[0]).toMatchObject({
      outcome: 'PARTIAL',
      legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
      releasedVariant: 'PUBLIC',
      decidedBy: { username: 'in.handler' },
    });
    expect(r.appealInformation).toMatch(/klage.*offentleglova § 32/i);
    expect(r.appealInformation).toContain('06.07.2026'); // 21 days after 15 June
  });
});

let publicLink: string;

describe('The requester follows the status and downloads exactly the public variant', () => {
  it('the status by reference shows the outcome, the basis and a time-limited link', async () => {
    const res = await w.as(null, STATUS, { reference });
    const s = res.body.data.insightRequestStatus;
    expect(s).toMatchObject({
      reference,
      status: 'DECIDED',
      dueDate: '2026-06-18',
      deemedRefused: false,
      appealDeadline: '2026-07-06',
      canAppeal: true,
    });
    expect(s.appealInformation).toMatch(/offentleglova § 32/);
    expect(s.items).toHaveLength(1);
    expect(s.items[0]).toMatchObject({
      registryId: post.registryId,
      title: 'Søknad om *****',
      outcome: 'PARTIAL',
      legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
      appealPending: false,
    });
    publicLink = s.items[0].downloadUrl;
    expect(publicLink).toMatch(/^\/insight-downloads\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const hours = (Date.parse(s.items[0].downloadExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
  });

  it('the reference may be typed in lower case, with spaces; an unknown one gives null', async () => {
    const typed = `  ${reference.toLowerCase().replace('inn-', 'inn ')} `;
    const res = await w.as(null, STATUS, { reference: typed });
    expect(res.body.data.insightRequestStatus.status).toBe('DECIDED');
    const unknown = await w.as(null, STATUS, { reference: 'INN-00000000000000000000000000' });
    expect(unknown.body).toEqual({ data: { insightRequestStatus: null } });
  });

  it('the link serves the public variant, byte for byte, never the archive variant', async () => {
    const { res, bytes } = await w.fetchBytes(publicLink);
    expect(res.status).toBe(200);
    expect(sha256(bytes)).toBe(sha256(PUBLIC_BYTES));
    expect(sha256(bytes)).not.toBe(sha256(ARCHIVE_BYTES));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(PUBLIC_BYTES.length));
    expect(res.headers.get('etag')).toBe(`"${sha256(PUBLIC_BYTES)}"`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="s_knad-sladdet.pdf"; filename*=UTF-8''s%C3%B8knad-sladdet.pdf`,
    );
  });
});

describe('An appeal reopens the refused item; the second decision releases it in full', () => {
  it('the requester appeals by reference with a reason: APPEALED', async () => {
    const res = await w.as(null, APPEAL, { reference, reason: 'Jeg er part i saken.' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.appealInsightDecision).toEqual({
      status: 'APPEALED',
      items: [
        {
          registryId: post.registryId,
          outcome: 'PARTIAL',
          appealPending: true,
          downloadUrl: expect.any(String),
        },
      ],
    });
    const seen = await w.as(
      'in.leader',
      `query($id: ID!) { insightRequest(id: $id) { status appealReason items { appealPending } } }`,
      { id },
    );
    expect(seen.body.data.insightRequest).toEqual({
      status: 'APPEALED',
      appealReason: 'Jeg er part i saken.',
      items: [{ appealPending: true }],
    });
  });

  it('FULL is refused while the screening under a duty of confidentiality is in force', async () => {
    const before = await w.rows('select * from insight_request_item');
    const res = await w.as('in.leader', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(res.body.errors?.[0]?.message).toMatch(/duty of confidentiality/);
    expect(await w.rows('select * from insight_request_item')).toEqual(before);
  });

  it('once the screening has expired, the leader of the unit decides again: FULL releases the archive variant instead', async () => {
    await w.rows('update journal_post set screening_expires_on = ? where id = ?', [TODAY, post.id]);
    const res = await w.as('in.leader', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'FULL' }],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.decideInsightRequest).toMatchObject({
      status: 'DECIDED',
      appealInformation: null,
    });
    expect(res.body.data.decideInsightRequest.items[0]).toMatchObject({
      outcome: 'FULL',
      legalBasis: null,
      releasedVariant: 'ARCHIVE',
      appealPending: false,
      decidedBy: { username: 'in.leader' },
    });
    const status = (await w.as(null, STATUS, { reference })).body.data.insightRequestStatus;
    expect(status).toMatchObject({ status: 'DECIDED', canAppeal: false });
    const full = await w.fetchBytes(status.items[0].downloadUrl);
    expect(sha256(full.bytes)).toBe(sha256(ARCHIVE_BYTES));
    // The old link named the public file, which is no longer what is released.
    const old = await w.fetchBytes(publicLink);
    expect(old.res.status).toBe(404);
    expect(old.bytes.toString()).not.toContain('ARKIV');
  });

  it('the request is closed', async () => {
    const res = await w.as(
      'in.insight',
      'mutation($id: ID!) { closeInsightRequest(input: { id: $id }) { status closedAt } }',
      { id },
    );
    expect(res.body.data.closeInsightRequest.status).toBe('CLOSED');
  });
});

describe('Every step is in the audit trail: who, when, on what basis', () => {
  it('submission and appeal by the public (no actor), decisions by their handlers', async () => {
    const res = await w.as(
      'in.arkivar',
      `query($id: ID!) { auditEvents(filter: { targetId: $id }, first: 50) { edges { node { action actor { username } changes reason } } } }`,
      { id },
    );
    const events = res.body.data.auditEvents.edges.map((e: any) => e.node).reverse();
    expect(events.map((e: any) => [e.action, e.actor?.username ?? null])).toEqual([
      ['insightRequest.submit', null],
      ['insightRequest.start', 'in.insight'],
      ['insightRequest.decide', 'in.handler'],
      ['insightRequest.download', null],
      ['insightRequest.appeal', null],
      ['insightRequest.decide', 'in.leader'],
      ['insightRequest.download', null],
      ['insightRequest.close', 'in.insight'],
    ]);
    const first = JSON.parse(events[2].changes);
    expect(first[`items.${post.registryId}`].new).toMatchObject({
      outcome: 'PARTIAL',
      legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
    });
    expect(first.status).toEqual({ old: 'IN_PROGRESS', new: 'DECIDED' });
    expect(events[4].reason).toBe('Jeg er part i saken.');
  });

  it('the uploads are in the trail of the journal post', async () => {
    await accessLogSettled();
    const res = await w.as(
      'in.arkivar',
      `query($id: ID!) { auditEvents(filter: { targetId: $id }) { edges { node { action actor { username } } } } }`,
      { id: post.gid },
    );
    const events = res.body.data.auditEvents.edges.map((e: any) => e.node).reverse();
    expect(events.filter((e: any) => e.action.startsWith('document.'))).toEqual([
      { action: 'document.upload', actor: { username: 'in.handler' } },
      { action: 'document.upload', actor: { username: 'in.handler' } },
    ]);
    // The leader read the restricted post in full through the items: the access log has it.
    expect(events).toContainEqual({
      action: 'journalPost.readFull',
      actor: { username: 'in.leader' },
    });
  });
});
