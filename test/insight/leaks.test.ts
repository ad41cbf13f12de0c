import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { DECIDE, InsightWorld, type Made, pdf, requestGid, STATUS, SUBMIT, TODAY } from './world';

/**
 * Leak probes: what the requester sees (the status by reference, the HTML pages, the download
 * links) never carries the archive variant, nor a screened field (title words, correspondent
 * names) of an item that was not released in full. The test data carries markers (LEKK-…) in
 * every place that must stay inside: the raw responses are searched for them.
 */
const MARKERS = /LEKK-|Lekk-|lekk-/;
let server: TestServer;
let w: InsightWorld;
let partial: Made;
let denied: Made;
let pending: Made;
let reference: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  const screened = (title: string) =>
    w.post({
      title,
      code: '13',
      restricted: true,
      correspondents: [{ name: 'Lekk-Avsender Hansen', screened: true }],
    });
  partial = await screened('Vedtak om {LEKK-TITTEL-1}');
  denied = await screened('Klage fra {LEKK-TITTEL-2}');
  pending = await screened('Søknad fra {LEKK-TITTEL-3}');
  for (const p of [partial, denied, pending]) {
    await w.upload('in.handler', p, 'ARCHIVE', pdf(`LEKK-ARKIV ${p.registryId}`));
    await w.upload('in.handler', p, 'PRODUCTION', pdf(`LEKK-PRODUKSJON ${p.registryId}`));
  }
  await w.upload('in.handler', partial, 'PUBLIC', pdf('Offentlig variant: *****'));
  const res = await w.as(null, SUBMIT, {
    input: {
      entryIds: [partial.entryId, denied.entryId, pending.entryId],
      requesterEmail: 'probe@example.no',
    },
  });
  reference = res.body.data.submitInsightRequest.reference;
  expect(res.text).not.toMatch(MARKERS);
  const id = await requestGid(w, 'probe@example.no');
  const decided = await w.as('in.leader', DECIDE, {
    id,
    decisions: [
      { journalPostId: partial.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
      { journalPostId: denied.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
    ],
  });
  expect(decided.body.errors).toBeUndefined();
});
afterAll(() => server?.close());

describe('The status by reference shows public forms only', () => {
  it('no screened title, no correspondent, no archive: only the public variant has a link', async () => {
    const res = await w.as(null, STATUS, { reference });
    expect(res.text).not.toMatch(MARKERS);
    const items = res.body.data.insightRequestStatus.items;
    expect(items.map((i: any) => [i.title, i.outcome, i.downloadUrl !== null])).toEqual([
      ['Vedtak om *****', 'PARTIAL', true],
      ['Klage fra *****', 'DENIED', false],
      ['Søknad fra *****', null, false],
    ]);
  });

  it('the link of the partial item serves the public variant and nothing else', async () => {
    const res = await w.as(null, STATUS, { reference });
    const link = res.body.data.insightRequestStatus.items[0].downloadUrl;
    for (let i = 0; i < 3; i++) {
      const { res: got, bytes } = await w.fetchBytes(link);
      expect(got.status).toBe(200);
      expect(bytes.toString('latin1')).toContain('Offentlig variant');
      expect(bytes.toString('latin1')).not.toMatch(MARKERS);
    }
  });

  it('the HTML status page and the receipt show no more than the API', async () => {
    const status = await fetch(`${server.url}/journal/innsyn/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reference }),
    });
    const html = await status.text();
    expect(status.status).toBe(200);
    expect(html).toContain(
      'Vedtak om <span class="skjermet"><span aria-hidden="true">*****</span><span class="visually-hidden">skjermet</span></span>',
    );
    expect(html).toContain('Delvis innsyn');
    expect(html).not.toMatch(MARKERS);
    const posted = await fetch(`${server.url}/journal/innsyn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ entryId: denied.entryId, email: 'probe2@example.no' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const receipt = await fetch(`${server.url}${posted.headers.get('location')}`, {
      headers: { cookie: posted.headers.get('set-cookie')!.split(';')[0]! },
    });
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).not.toMatch(MARKERS);
  });

  it('a refusal of a submission says nothing of a post outside the public journal', async () => {
    const hidden = await w.post({ title: 'LEKK-IKKE-PUBLISERT', journalDate: TODAY });
    const res = await w.as(null, SUBMIT, {
      input: { entryIds: [hidden.entryId], requesterEmail: 'probe3@example.no' },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.text).not.toMatch(MARKERS);
  });
});

describe('Internal viewers who are REDACTED on a post get its public variant only', () => {
  it('the insight handler of the unit, REDACTED on the restricted post, lists and fetches only PUBLIC', async () => {
    const res = await w.as(
      'in.insight',
      'query($id: ID!) { journalPost(id: $id) { visibility title documents { variant } correspondents { name } } }',
      { id: partial.gid },
    );
    expect(res.body.data.journalPost).toEqual({
      visibility: 'REDACTED',
      title: 'Vedtak om *****',
      documents: [{ variant: 'PUBLIC' }],
      correspondents: [{ name: null }],
    });
    for (const variant of ['ARCHIVE', 'PRODUCTION']) {
      const { res: got, bytes } = await w.fetchBytes(
        `/documents/${partial.gid}/${variant}`,
        'in.insight',
      );
      expect(got.status).toBe(404);
      expect(bytes.toString()).not.toMatch(MARKERS);
    }
  });
});
