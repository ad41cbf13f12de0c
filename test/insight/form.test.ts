import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { DECIDE, InsightWorld, type Made, pdf, requestGid, TODAY } from './world';

/**
 * Insight requests from the plain HTML journal (/journal), for people without a GraphQL client:
 * each entry has a checkbox of the page's one form, which posts to /journal/innsyn and is
 * redirected to the receipt; the status and the appeal are forms too. The reference travels in
 * form bodies and the receipt's cookie only, never in a URL (test/publicJournal/basket.test.ts).
 */
let server: TestServer;
let w: InsightWorld;
let post: Made;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
  post = await w.post({ title: 'Søknad om {Ola Skjult}', code: '13' });
});
afterAll(() => server?.close());

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

const requests = async () => (await w.rows('select id from insight_request')).length;

/** The receipt a browser gets: the 303's cookie sent back to the page it leads to. */
async function receiptOf(res: Response) {
  expect(res.status).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return fetch(`${server.url}${res.headers.get('location')}`, { headers: { cookie } });
}

describe('Every entry of /journal has a checkbox of the page’s form to ask for insight', () => {
  it('a plain form: a checkbox per entry, an e-mail address required, name and message optional', async () => {
    const res = await fetch(`${server.url}/journal`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    const article = html.match(/<article[\s\S]*?<\/article>/)![0];
    expect(article).toContain(
      `<input type="checkbox" id="velg-${post.entryId}" name="entryId" value="${post.entryId}" form="innsynskurv"/>`,
    );
    expect(html).toContain(
      '<form class="request" id="innsynskurv" method="post" action="/journal/innsyn">',
    );
    expect(html).toMatch(
      /<input type="email" id="innsyn-epost" name="email" required maxlength="254"/,
    );
    expect(html).toContain('name="name"');
    expect(html).toContain('<textarea');
    expect(html).not.toContain('submitInsightRequest');
    expect(html).not.toContain('Ola Skjult');
  });
});

describe('Submitting the form gives the receipt', () => {
  it('303 to the receipt with the reference, the due date and the public title; the request is stored', async () => {
    const before = await requests();
    const res = await receiptOf(
      await form('/journal/innsyn', {
        entryId: post.entryId,
        email: 'skjema@example.no',
        name: 'Ola <script>alert(1)</script>',
        message: 'Hei',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Innsynskravet er mottatt');
    expect(html).toMatch(/<code>INN-[0-9A-Z]{26}<\/code>/);
    expect(html).toContain('18.06.2026');
    expect(html).toContain('Søknad om <span class="skjermet">');
    expect(html).not.toContain('Ola Skjult');
    expect(html).not.toContain('<script>');
    expect(await requests()).toBe(before + 1);
    const [stored] = await w.rows(
      'select requester_name from insight_request where requester_email = ?',
      ['skjema@example.no'],
    );
    expect(stored.requester_name).toBe('Ola <script>alert(1)</script>');
  });

  it('mistakes are explained in Norwegian, with status 400 and nothing stored', async () => {
    const before = await requests();
    const bad = await form('/journal/innsyn', {
      entryId: post.entryId,
      email: 'ikke-en-adresse',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('E-postadressen er ikke gyldig');
    const unknown = await form('/journal/innsyn', { entryId: 'tull', email: 'a@example.no' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('finnes ikke i den offentlige journalen');
    // The journal post's own id is not an entry id (INVALID_ID): the same plain answer.
    const wrongKind = await form('/journal/innsyn', { entryId: post.gid, email: 'a@example.no' });
    expect(wrongKind.status).toBe(400);
    expect(await wrongKind.text()).toContain('finnes ikke i den offentlige journalen');
    expect(await requests()).toBe(before);
  });

  it('a form posted from another site is refused', async () => {
    const before = await requests();
    const res = await form(
      '/journal/innsyn',
      { entryId: post.entryId, email: 'a@example.no' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(await requests()).toBe(before);
  });
});

describe('The status and the appeal are forms too', () => {
  it('the status by reference, then an appeal of the refusal', async () => {
    const res = await receiptOf(
      await form('/journal/innsyn', { entryId: post.entryId, email: 'klager@example.no' }),
    );
    const reference = (await res.text()).match(/INN-[0-9A-Z]{26}/)![0];
    const id = await requestGid(w, 'klager@example.no');
    await w.upload('in.handler', post, 'PUBLIC', pdf('sladdet'));
    await w.as('in.insight', DECIDE, {
      id,
      decisions: [{ journalPostId: post.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13' }],
    });
    const status = await form('/journal/innsyn/status', { reference });
    const html = await status.text();
    expect(status.status).toBe(200);
    expect(html).toContain('Delvis innsyn (sladdet utgave)');
    expect(html).toMatch(/<a href="\/insight-downloads\/[^"]+">Last ned<\/a>/);
    expect(html).toContain('action="/journal/innsyn/klage"');
    const appeal = await form('/journal/innsyn/klage', { reference, reason: 'Jeg vil se hele.' });
    expect(appeal.status).toBe(200);
    const after = await appeal.text();
    expect(after).toContain('Klagen er mottatt');
    expect(after).toContain('Påklaget');
    expect(after).not.toContain('action="/journal/innsyn/klage"');
    const unknown = await form('/journal/innsyn/status', {
      reference: 'INN-0000000000000000000000000',
    });
    expect(unknown.status).toBe(404);
  });
});

const describeBrowser = skipBrowserTests ? describe.skip : describe;

describeBrowser('A person asks for insight in a browser without JavaScript', () => {
  let browser: Browser | undefined;
  afterAll(() => browser?.close());

  it('checks "Be om innsyn", fills in the form, gets the receipt and looks up the status', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${server.url}/journal`);
    await page.locator('article').first().getByRole('checkbox').check();
    await page.getByLabel('E-postadresse', { exact: true }).fill('nettleser@example.no');
    await page.getByLabel('Melding (valgfritt)').fill('Takk!');
    await page.getByRole('button', { name: 'Send innsynskrav' }).click();
    await page.waitForURL(/\/journal\/innsyn\/kvittering$/);
    expect(await page.locator('h1').textContent()).toBe('Innsynskravet er mottatt');
    const reference = await page.locator('.reference code').textContent();
    expect(reference).toMatch(/^INN-[0-9A-Z]{26}$/);
    await page.getByRole('button', { name: 'Se status' }).click();
    await page.waitForURL(/\/journal\/innsyn\/status$/);
    expect(await page.locator('main').innerText()).toContain('Mottatt');
    expect(page.url()).not.toContain(reference!);
  });
});
