import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPostType } from '../../src/entities';
import { launchChromium, screenshotPath, skipBrowserTests } from '../support/browser';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The /journal page in a real browser (Debian's chromium), with JavaScript switched off: a person
 * searches, reads an entry and pages on. Required in CI; skipped on a machine without chromium
 * outside CI, or with SKIP_BROWSER_TESTS=1 (see test/support/browser.ts).
 */
const describeBrowser = skipBrowserTests ? describe.skip : describe;

const SEARCH_BOX = 'Søk i titler, avsender/mottaker og saksnummer';

describeBrowser('A person can search the journal in a browser without JavaScript', () => {
  let server: TestServer;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startTestServer({ data: 'empty', today: '2026-06-15' });
    const w = await new PublicWorld(server.orm.em.fork()).init();
    // 60 posts: 20 outgoing answers, 40 applications; every fourth application is screened.
    for (let i = 1; i <= 60; i++) {
      const journalDate = `2026-05-${String(1 + (i % 30)).padStart(2, '0')}`;
      if (i % 3 === 0) {
        await w.post({
          journalDate,
          title: `Svar på klage over brøyting i Fjellveien ${i}`,
          type: JournalPostType.OUTGOING,
          correspondents: [{ name: `Innbygger ${i}` }],
        });
        continue;
      }
      const screened = i % 4 === 1;
      await w.post({
        journalDate,
        title: `Søknad om parkeringstillatelse nr. ${i}${screened ? ' – {Per Skjult}' : ''}`,
        screened,
        correspondents: [
          { name: 'Vegvesenet', isPerson: false },
          ...(screened ? [{ name: 'Per Skjult', screened: true }] : []),
        ],
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('searches, reads the entry shown, follows "Neste side", and fits a phone', async () => {
    // Launched in the test, so a missing chromium counts as a failed test, not a skipped one.
    browser = await launchChromium();
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
      locale: 'nb-NO',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });

    await page.goto(`${server.url}/journal`);
    expect(await page.locator('h1').textContent()).toBe('Offentlig journal');
    expect(await page.locator('#antall').textContent()).toBe('60 oppføringer');

    await page.getByLabel(SEARCH_BOX).fill('parkeringstillatelse');
    await page.getByLabel('Dokumenttype').selectOption('I');
    await page.getByRole('button', { name: 'Søk' }).click();
    // A GET form sends its empty fields too.
    await page.waitForURL(
      /\/journal\?q=parkeringstillatelse&from=&to=&documentFrom=&documentTo=&unit=&type=I&legalBasis=&sort=$/,
    );

    expect(await page.locator('#antall').textContent()).toBe('40 oppføringer');
    expect(await page.locator('article').count()).toBe(25);
    expect(await page.getByLabel(SEARCH_BOX).inputValue()).toBe('parkeringstillatelse');
    const first = page.locator('article').first();
    expect(await first.locator('h2').textContent()).toBe('Søknad om parkeringstillatelse nr. 59');
    const firstText = await first.innerText();
    expect(firstText).toMatch(/Dokumenttype\s+Inngående \(I\)/);
    expect(firstText).toMatch(/Journaldato\s+30\.05\.2026/);
    expect(firstText).toMatch(/Dokumentdato\s+Udatert/);
    expect(firstText).toMatch(/Avsender\/mottaker\s+Vegvesenet\n/);
    await page.screenshot({ path: await screenshotPath('journal.png') });

    await page
      .getByRole('navigation', { name: 'Sider' })
      .getByRole('link', { name: 'Neste side' })
      .click();
    await page.waitForURL(/&after=/);
    expect(await page.locator('#antall').textContent()).toBe('40 oppføringer');
    const titles = await page.locator('article h2').allTextContents();
    expect(titles).toHaveLength(15);
    expect(titles.every((t) => t.startsWith('Søknad om parkeringstillatelse nr. '))).toBe(true);
    const last = page.locator('article').last();
    const lastText = await last.innerText();
    expect(lastText).toContain('Søknad om parkeringstillatelse nr. 1 – *****');
    // The stars are seen; a screen reader says "skjermet" (visually hidden text).
    expect(lastText).toMatch(/Avsender\/mottaker\s+Vegvesenet; \*{5}\s*skjermet\n/);
    expect(lastText).toContain('Skjermet: Offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    expect(await page.content()).not.toContain('Skjult');
    expect(await page.getByRole('link', { name: 'Neste side' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Første side' }).count()).toBe(1);

    // Each entry has a checkbox of the page's one request form, named for a screen reader.
    expect(
      await last
        .getByRole('checkbox', {
          name: /^Be om innsyn i \S+ Søknad om parkeringstillatelse nr\. 1 – skjermet$/,
        })
        .isVisible(),
    ).toBe(true);
    expect(await page.content()).not.toContain('submitInsightRequest');

    // A phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/journal?q=parkeringstillatelse`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.screenshot({ path: await screenshotPath('journal-phone.png') });
    await page.locator('article').nth(1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: await screenshotPath('journal-phone-entry.png') });

    expect(cspViolations).toEqual([]);
    await context.close();
  }, 60_000);
});
