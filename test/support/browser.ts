import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Browser tests drive Debian's chromium (apt package `chromium`) through playwright-core; no
 * browser is downloaded. .ci/run installs the package when it is missing.
 *
 * In CI (CI=true) a missing chromium fails the tests, so CI cannot pass by silently skipping them.
 * On a developer's machine with only Node.js and npm (the README's two commands), they are skipped
 * with a message when chromium is absent. SKIP_BROWSER_TESTS=1 skips them anywhere.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const required = process.env.CI === 'true' || process.env.CI === '1';

export const skipBrowserTests =
  process.env.SKIP_BROWSER_TESTS === '1' || (!required && !existsSync(CHROMIUM_PATH));

if (skipBrowserTests && !process.env.SKIP_BROWSER_TESTS) {
  console.error(
    `Browser tests skipped: Debian's chromium is not installed at ${CHROMIUM_PATH} ` +
      '(apt-get install -y --no-install-recommends chromium). CI installs it and requires them.',
  );
}

/** Where screenshots go (test-output/ at the repository root, which vitest runs from; ignored by git). */
export const SCREENSHOT_DIR = path.resolve('test-output');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless chromium with a fresh temporary profile (playwright makes one per launch). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Debian's chromium is not installed at ${CHROMIUM_PATH}: run ` +
        '`apt-get install -y --no-install-recommends chromium`, or set SKIP_BROWSER_TESTS=1 to skip browser tests',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** axe-core's source, read once (the devDependency; evaluated in the page, not served by it). */
let axeSource: Promise<string> | undefined;

/** An accessibility problem axe-core found, with where. */
export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical accessibility problems axe-core (WCAG 2.x A and AA rules and best
 * practice) finds in the page as it is shown. The pages run without JavaScript, and axe needs it
 * (its timers do not run in a page with scripts switched off): so the page's HTML as rendered is
 * copied into a page of its own with JavaScript on, at the same size, and checked there. The
 * stylesheet is inline, so the copy looks the same; nothing is fetched for it.
 */
export async function seriousAxeProblems(page: Page): Promise<AxeProblem[]> {
  axeSource ??= readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  const browser = page.context().browser()!;
  const context = await browser.newContext({
    javaScriptEnabled: true,
    viewport: page.viewportSize(),
    locale: 'nb-NO',
    offline: true,
  });
  try {
    const copy = await context.newPage();
    await copy.setContent(await page.content());
    await copy.evaluate(await axeSource);
    const violations = await copy.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
      const results = await axe.run(document, { resultTypes: ['violations'] });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  } finally {
    await context.close();
  }
}
