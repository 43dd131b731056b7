import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestGateway } from './helpers.js';
import { prerequisite } from './prerequisites.js';

// Debian's Chromium, driven by playwright-core (never a downloaded browser). Without it the browser tests are
// skipped with a message, or fail in CI (test/prerequisites.ts); .ci/run installs it.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = prerequisite(
  `Chromium at ${CHROMIUM}`,
  existsSync(CHROMIUM),
  'apt-get install chromium, or set CHROMIUM_PATH',
);

/**
 * Headless Chromium with the flags this machine needs: no sandbox (root), and none of Chromium's own background
 * traffic (this network is closed; a test that checks what a page requests must see the page's requests only).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where browser tests write their screenshots (docs/'s are copied from there). */
export const ARTIFACTS = new URL('artifacts/', import.meta.url).pathname;

/**
 * For a block of browser tests: a test gateway served over HTTP on a free port, and Chromium, both closed after
 * the block (the page itself is built once by the global setup). `base()` and `browser()` are for the tests and
 * the block's own later hooks.
 */
export function servedInChromium() {
  const gateway = startTestGateway();
  const server = createServer();
  let base = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server.on('request', (await gateway).yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    gateway,
    base: () => base,
    browser: (): Browser => {
      if (!browser) throw new Error('Chromium is started in beforeAll.');
      return browser;
    },
  };
}

/** The page's two sizes: a laptop and a phone. */
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is (run through the devtools protocol: the page's CSP stays on). */
export async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run;
    return (await run()).violations.map((violation) => violation.id);
  });
}

/** How far the page scrolls sideways (nothing should). */
export const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
