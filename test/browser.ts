import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Debian's Chromium, driven by playwright-core (never a downloaded browser). Without it the browser tests are
// skipped with a message; .ci/run installs it.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function warnIfNoChromium(file: string): void {
  if (!hasChromium)
    console.warn(`${file} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
}

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
