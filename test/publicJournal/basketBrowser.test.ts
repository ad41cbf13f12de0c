import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  screenshotPath,
  seriousAxeProblems,
  skipBrowserTests,
} from '../support/browser';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/public-journal.md, "The request basket", "Permalinks and the feed" and "Language and
 * accessibility", in a real browser with JavaScript off: a journalist finds a case by its number,
 * opens an entry's own page and its case's page, picks an entry on page 1 and one on page 2, sends one
 * request, gets the receipt, reloads it (nothing is sent again) and looks up the status. axe-core
 * checks every page at desktop and phone width: no serious or critical problems.
 */
const describeBrowser = skipBrowserTests ? describe.skip : describe;

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describeBrowser(
  'A journalist requests entries from two pages in one go, without JavaScript',
  () => {
    let server: TestServer;
    let browser: Browser | undefined;

    beforeAll(async () => {
      server = await startTestServer({ data: 'empty', today: '2026-06-15' });
      const w = await new PublicWorld(server.orm.em.fork()).init();
      for (let i = 1; i <= 30; i++) {
        const screened = i % 5 === 0;
        await w.post({
          journalDate: `2026-05-${String(i).padStart(2, '0')}`,
          title: `Søknad om skjenkebevilling ${i}${screened ? ' – {Kari Skjult}' : ''}`,
          screened,
          correspondents: screened ? [{ name: 'Kari Skjult', screened: true }] : [],
        });
      }
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const requests = async () => {
      const [row] = await server.orm.em
        .fork()
        .getConnection()
        .execute<{ n: string }[]>('select count(*) as n from insight_request');
      return Number(row!.n);
    };

    /** axe at both widths, with a screenshot of each. */
    async function checkPage(page: Page, name: string): Promise<void> {
      for (const size of WIDTHS) {
        await page.setViewportSize({ width: size.width, height: size.height });
        expect(await seriousAxeProblems(page), `${name} at ${size.width}px`).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${name} at ${size.width}px is wider than the screen`).toBe(0);
        await page.screenshot({
          path: await screenshotPath(`basket-${name}-${size.name}.png`),
          fullPage: size.name === 'phone',
        });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    it('page 1 and page 2 into the basket, one receipt, a reload sends nothing, the status', async () => {
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
      // The skip link is the first thing a keyboard reaches, and leads to the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Hopp til hovedinnholdet',
      );
      await checkPage(page, 'journal');

      // A case number found by the search, the entry's permalink, and its case's page.
      const [found] = await server.orm.em
        .fork()
        .getConnection()
        .execute<{ caseNumber: string; registryId: string }[]>(
          `select c.case_number as "caseNumber", c.case_number || '-' || p.document_number as "registryId"
             from journal_post p join case_file c on c.id = p.case_id
            where p.title = 'Søknad om skjenkebevilling 3'`,
        );
      const { caseNumber, registryId } = found!;
      await page.getByLabel('Søk i titler, avsender/mottaker og saksnummer').fill(caseNumber);
      await page.getByRole('button', { name: 'Søk', exact: true }).click();
      await page.waitForURL(/q=/);
      await page.getByRole('link', { name: registryId, exact: true }).click();
      await page.waitForURL(
        new RegExp(`/journal/(?:[a-z0-9-]+/)?${registryId.replace('/', '\\/')}$`),
      );
      expect(await page.locator('h1').textContent()).toBe('Søknad om skjenkebevilling 3');
      await checkPage(page, 'entry');
      await page.getByRole('link', { name: caseNumber, exact: true }).click();
      await page.waitForURL(/\/sak\//);
      expect(await page.locator('main').innerText()).toContain(registryId);
      await checkPage(page, 'case');
      await page.goto(`${server.url}/journal`);

      // Page 1: the newest entry, by its label (registry id and title).
      await page
        .getByRole('checkbox', {
          name: /^Be om innsyn i \S+ Søknad om skjenkebevilling 30 – skjermet$/,
        })
        .check();
      await page.getByRole('button', { name: 'Legg valgte i kurven' }).click();
      await page.waitForURL(/kurv=/);
      expect(await page.locator('section.basket').innerText()).toContain('1 oppføring i kurven.');

      await page
        .getByRole('navigation', { name: 'Sider' })
        .getByRole('link', { name: 'Neste side' })
        .click();
      await page.waitForURL(/after=.*kurv=/);
      await page
        .getByRole('checkbox', { name: /^Be om innsyn i \S+ Søknad om skjenkebevilling 3$/ })
        .check();
      await page.getByLabel('E-postadresse', { exact: true }).fill('journalist@example.no');
      await page.getByLabel('Melding (valgfritt)').fill('To saker, ett krav.');

      const before = await requests();
      await page.getByRole('button', { name: 'Send innsynskrav' }).click();
      await page.waitForURL(/\/journal\/innsyn\/kvittering$/);
      expect(await requests()).toBe(before + 1);
      expect(await page.locator('h1').textContent()).toBe('Innsynskravet er mottatt');
      const reference = (await page.locator('.reference code').textContent())!;
      expect(reference).toMatch(/^INN-[0-9A-Z]{26}$/);
      const receipt = await page.locator('main').innerText();
      expect(receipt).toContain('2 dokumenter du ba om');
      expect(receipt).toMatch(/Søknad om skjenkebevilling 30 – \*{5}/);
      expect(receipt).toContain('Søknad om skjenkebevilling 3\n');
      expect(page.url()).not.toContain(reference);
      await checkPage(page, 'receipt');

      // A reload: no second request, and the reference is not shown again.
      await page.reload();
      expect(await requests()).toBe(before + 1);
      expect(await page.locator('main').innerText()).toContain('Kvitteringen vises bare én gang');
      expect(await page.content()).not.toContain(reference);

      // The status, by the reference.
      await page.getByLabel('Referanse (INN-…)').fill(reference);
      await page.getByRole('button', { name: 'Se status' }).click();
      await page.waitForURL(/\/journal\/innsyn\/status$/);
      const status = await page.locator('main').innerText();
      expect(status).toContain('Mottatt');
      expect(status).toContain('Søknad om skjenkebevilling 3');
      await checkPage(page, 'status');

      // A mistake: the form again, as typed.
      await page.goto(`${server.url}/journal`);
      await page
        .getByRole('checkbox', { name: /^Be om innsyn i \S+ Søknad om skjenkebevilling 29$/ })
        .check();
      await page.getByRole('button', { name: 'Send innsynskrav' }).click();
      // The browser's own check of the required e-mail field stops it first (no JavaScript needed).
      expect(page.url()).toBe(`${server.url}/journal`);
      expect(await requests()).toBe(before + 1);

      expect(await page.content()).not.toContain('Skjult');
      expect(cspViolations).toEqual([]);
      await context.close();
    }, 120_000);
  },
);
