import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
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
