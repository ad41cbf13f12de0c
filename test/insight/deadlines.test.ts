import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { InsightWorld, requestGid, STATUS, SUBMIT } from './world';

/**
 * Deadlines in working days (domain/workingDays.ts): an answer is due 3 working days after
 * receipt, and a request unanswered 5 working days after receipt counts as refused (offl. § 32).
 * Both flags are computed against the day of the request and can be filtered on. The request is
 * received on Wednesday 13 May 2026, the day before Ascension Day (Thursday 14 May): the working
 * days after it are 15, 18, 19, 20 and 21 May, so it is due on Tuesday 19 May and deemed refused
 * after Thursday 21 May.
 */
let server: TestServer;
let w: InsightWorld;
let id: string;
let reference: string;
const later: TestServer[] = [];

const at = async (today: string) => {
  const s = await startTestServer({ databaseUrl: server.databaseUrl, today });
  later.push(s);
  return s;
};

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: '2026-05-13' });
  w = await new InsightWorld(server).init();
  const p = await w.post({ title: 'Brev om skolerute', journalDate: '2026-05-04' });
  const res = await w.as(null, SUBMIT, {
    input: { entryIds: [p.entryId], requesterEmail: 'frist@example.no' },
  });
  expect(res.body.data.submitInsightRequest.dueDate).toBe('2026-05-19');
  reference = res.body.data.submitInsightRequest.reference;
  id = await requestGid(w, 'frist@example.no');
});
afterAll(async () => {
  await Promise.all(later.map((s) => s.close()));
  await server?.close();
});

const LIST = `query($overdue: Boolean, $deemedRefused: Boolean) {
  insightRequests(filter: { overdue: $overdue, deemedRefused: $deemedRefused }) {
    totalCount edges { node { id overdue deemedRefused answerDeadline } }
  }
}`;

async function flags(today: string) {
  const s = await at(today);
  const token = await s.tokenFor('in.insight');
  const all = (await s.gql(LIST, {}, { token })).body.data.insightRequests;
  const overdue = (await s.gql(LIST, { overdue: true }, { token })).body.data.insightRequests
    .totalCount;
  const refused = (await s.gql(LIST, { deemedRefused: true }, { token })).body.data.insightRequests;
  const status = (await s.gql(STATUS, { reference })).body.data.insightRequestStatus;
  return { node: all.edges[0].node, overdue, refused: refused.totalCount, status };
}

describe('Overdue: past the due date (3 working days) and not decided', () => {
  it('on the due date it is not overdue; the next day it is', async () => {
    const due = await flags('2026-05-19');
    expect(due.node).toMatchObject({
      id,
      overdue: false,
      deemedRefused: false,
      answerDeadline: '2026-05-21',
    });
    expect(due.overdue).toBe(0);
    const next = await flags('2026-05-20');
    expect(next.node).toMatchObject({ overdue: true, deemedRefused: false });
    expect(next.overdue).toBe(1);
    expect(next.refused).toBe(0);
  });
});

describe('Deemed refused: no decision within 5 working days (offl. § 32), and the requester may appeal', () => {
  it('after the fifth working day it counts as refused, and the status says so', async () => {
    const last = await flags('2026-05-21');
    expect(last.node.deemedRefused).toBe(false);
    const after = await flags('2026-05-22');
    expect(after.node).toMatchObject({ overdue: true, deemedRefused: true });
    expect(after.refused).toBe(1);
    expect(after.status).toMatchObject({ deemedRefused: true, canAppeal: true });
    expect(after.status.appealInformation).toMatch(/fem arbeidsdager.*regnes derfor som avslått/);
  });

  it('the appeal reopens the undecided item; the flags are off while it is under appeal', async () => {
    const s = await at('2026-05-22');
    const res = await s.gql(
      'mutation($r: String!) { appealInsightDecision(input: { reference: $r, reason: "Ikke svart" }) { status items { appealPending } } }',
      { r: reference },
    );
    expect(res.body.data.appealInsightDecision).toEqual({
      status: 'APPEALED',
      items: [{ appealPending: true }],
    });
    const now = await flags('2026-05-26');
    expect(now.node).toMatchObject({ overdue: false, deemedRefused: false });
  });
});
