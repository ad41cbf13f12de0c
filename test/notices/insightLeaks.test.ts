import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';
import { queueScheduledNotices } from '../../src/services/scheduledNotices';
import {
  APPEAL,
  DECIDE,
  InsightWorld,
  type Made,
  pdf,
  requestGid,
  SUBMIT,
  TODAY,
} from '../insight/world';
import { MARKER } from '../support/fixtures';
import { queuedMails } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/notices.md, "What a mail never holds", for insight requests: screened titles and
 * correspondents (under a duty of confidentiality, in an access group the insight handlers are
 * not in) carry the canary MARKER; every mail of the whole flow (receipt, the handlers' notice,
 * decisions, appeal, reminders) is searched for it.
 */
let server: TestServer;
let w: InsightWorld;
const LEAKS = new RegExp(`${MARKER}|Hemmelig vei|hemmelig@example\\.org`);

const run = (day: string) =>
  inOrganisation(server.appOrm.em, FIRST_ORGANISATION_ID, (em) => queueScheduledNotices(em, day));

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  await w.rows(
    `update app_user set email = username || '@innsyn.example' where username like 'in.%'`,
  );
  const screened = (title: string): Promise<Made> =>
    w.post({
      title,
      code: '13',
      restricted: true,
      correspondents: [{ name: `${MARKER} Avsender`, screened: true }],
    });
  const partial = await screened(`Vedtak om {${MARKER}TITTEL1}`);
  const denied = await screened(`Klage fra {${MARKER}TITTEL2}`);
  const pending = await screened(`Søknad fra {${MARKER}TITTEL3}`);
  for (const p of [partial, denied, pending]) {
    await w.upload('in.handler', p, 'ARCHIVE', pdf(`${MARKER} arkiv ${p.registryId}`));
  }
  await w.upload('in.handler', partial, 'PUBLIC', pdf('Offentlig variant: *****'));
  const submitted = await w.as(null, SUBMIT, {
    input: { entryIds: [partial.entryId, denied.entryId], requesterEmail: 'probe@example.no' },
  });
  const reference = submitted.body.data.submitInsightRequest.reference;
  await w.as(null, SUBMIT, {
    input: { entryIds: [pending.entryId], requesterEmail: 'waiting@example.no' },
  });
  const id = await requestGid(w, 'probe@example.no');
  const first = await w.as('in.leader', DECIDE, {
    id,
    decisions: [
      { journalPostId: partial.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
    ],
  });
  expect(first.body.errors).toBeUndefined();
  const second = await w.as('in.leader', DECIDE, {
    id,
    decisions: [
      { journalPostId: denied.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
    ],
  });
  expect(second.body.errors).toBeUndefined();
  const appealed = await w.as(null, APPEAL, { reference, reason: 'Jeg vil se alt.' });
  expect(appealed.body.errors).toBeUndefined();
  await run('2026-06-17');
  await run('2026-06-19');
});
afterAll(() => server?.close());

describe('A screened title or correspondent never appears in any insight mail', () => {
  it('every kind was queued, to the requesters and to the handlers', async () => {
    const kinds = new Set((await queuedMails(server.orm)).map((m) => m.kind));
    expect([...kinds].sort()).toEqual([
      'insightRequest.appealArrived',
      'insightRequest.appealed',
      'insightRequest.arrived',
      'insightRequest.decided',
      'insightRequest.dueSoon',
      'insightRequest.overdue',
      'insightRequest.received',
    ]);
  });

  it('no subject and no body carries the marker, an address of a correspondent or a file', async () => {
    const mails = await queuedMails(server.orm);
    expect(mails.length).toBeGreaterThan(8);
    for (const m of mails) {
      expect(m.subject).not.toMatch(LEAKS);
      expect(m.body).not.toMatch(LEAKS);
    }
    // The documents are named in their public form.
    const receipt = mails.find((m) => m.kind === 'insightRequest.received')!;
    expect(receipt.body).toContain('Vedtak om *****');
  });
});
