import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';
import { queueScheduledNotices } from '../../src/services/scheduledNotices';
import { DECIDE, InsightWorld, type Made, pdf, requestGid, SUBMIT, TODAY } from '../insight/world';
import { queuedMails } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/notices.md, "Notices of insight requests": one working day before a request is overdue its
 * handlers are reminded, and once when it is overdue; each mail once, however often and in how
 * many transactions the sender's clock asks (queueScheduledNotices). Requests are received on
 * Monday 15 June 2026: due Thursday 18 June, deemed refused after Monday 22 June.
 */
let server: TestServer;
let w: InsightWorld;
let a: Made;
let b: Made;
let decided: Made;
const address = (username: string) => `${username}@innsyn.example`;

/** The sender's clock on `day`: one transaction of the organisation. */
const run = (day: string) =>
  inOrganisation(server.appOrm.em, FIRST_ORGANISATION_ID, (em) => queueScheduledNotices(em, day));

const reminders = async () =>
  (await queuedMails(server.orm)).filter((m) =>
    ['insightRequest.dueSoon', 'insightRequest.overdue'].includes(m.kind),
  );

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  await w.rows(
    `update app_user set email = username || '@innsyn.example' where username like 'in.%'`,
  );
  a = await w.post({ title: 'Søknad om dispensasjon' });
  b = await w.post({ title: 'Tilsynsrapport', unit: 'B' });
  decided = await w.post({ title: 'Avtale om leie' });
  await w.upload('in.handler', decided, 'ARCHIVE', pdf('avtale'));
  for (const [post, requester] of [
    [a, 'a@example.no'],
    [b, 'b@example.no'],
    [decided, 'c@example.no'],
  ] as const) {
    const res = await w.as(null, SUBMIT, {
      input: { entryIds: [post.entryId], requesterEmail: requester },
    });
    expect(res.body.errors).toBeUndefined();
  }
  // B's item has no assignee: its reminder goes to the insight handlers of unit B.
  await w.rows(
    `update insight_request_item set assignee_id = null
      where request_id = (select id from insight_request where requester_email = 'b@example.no')`,
  );
  const done = await w.as('in.insight', DECIDE, {
    id: await requestGid(w, 'c@example.no'),
    decisions: [{ journalPostId: decided.gid, outcome: 'FULL' }],
  });
  expect(done.body.errors).toBeUndefined();
});
afterAll(() => server?.close());

describe('One working day before a request is overdue, its handlers are reminded once', () => {
  it('not two working days before', async () => {
    expect(await run('2026-06-16')).toBe(0);
    expect(await reminders()).toEqual([]);
  });

  it('the day before: the assignee, or where there is none the unit’s insight handlers; never for a decided request', async () => {
    // Two processes at once, then again: each reminder once.
    const counts = await Promise.all([run('2026-06-17'), run('2026-06-17')]);
    expect(counts[0]! + counts[1]!).toBe(2);
    expect(await run('2026-06-17')).toBe(0);
    const mails = await reminders();
    expect(mails.map((m) => [m.kind, m.recipient]).sort()).toEqual([
      ['insightRequest.dueSoon', address('in.handler')],
      ['insightRequest.dueSoon', address('in.insightb')],
    ]);
    const toA = mails.find((m) => m.recipient === address('in.handler'))!;
    expect(toA.subject).toBe('Innsynskrav med svarfrist 18.06.2026');
    expect(toA.body).toContain('mottatt 15.06.2026, har svarfrist 18.06.2026, neste virkedag');
    expect(toA.body).toContain(`- ${a.registryId} Søknad om dispensasjon`);
    expect(toA.body).not.toContain(b.registryId);
    expect(toA.body).not.toContain(decided.registryId);
    expect(toA.body).not.toContain('a@example.no');
  });

  it('on the due date itself nothing more', async () => {
    expect(await run('2026-06-18')).toBe(0);
    expect(await reminders()).toHaveLength(2);
  });
});

describe('A request past its due date is notified once, until it counts as refused', () => {
  it('the first day overdue: one notice to each, and no second one later', async () => {
    expect(await run('2026-06-19')).toBe(2);
    const overdue = (await reminders()).filter((m) => m.kind === 'insightRequest.overdue');
    expect(overdue.map((m) => m.recipient).sort()).toEqual([
      address('in.handler'),
      address('in.insightb'),
    ]);
    const toA = overdue.find((m) => m.recipient === address('in.handler'))!;
    expect(toA.subject).toBe('Innsynskrav over svarfristen (18.06.2026)');
    expect(toA.body).toContain('gikk ut 18.06.2026');
    expect(toA.body).toContain('besvart innen 22.06.2026, regnes det som avslått');
    expect(toA.body).toContain(`- ${a.registryId} Søknad om dispensasjon`);
    for (const day of ['2026-06-19', '2026-06-20', '2026-06-22', '2026-06-23']) {
      expect(await run(day)).toBe(0);
    }
    expect(await reminders()).toHaveLength(4);
  });
});
