import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, warnIfNoChromium } from './browser.js';
import { aClient, aUser, TEST_PASSWORD } from './builders.js';
import { recordSecrets, startTestGateway } from './helpers.js';

// What users hit on the API Access page (issue 17's first part): long labels, the label's limit, all errors at
// once, where the focus goes, one name per page, axe, and the end date typed by keyboard.
warnIfNoChromium('test/web-usability.test.ts');
const root = new URL('..', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

describe.skipIf(!hasChromium)('the API Access page, as users met it', () => {
  let browser: Browser;
  let base: string;
  const gateway = startTestGateway();
  const server = createServer();

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-web-if-needed.mjs'], { cwd: root });
    server.on('request', (await gateway).yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A new page at a size, logged in as a new user of two clients (by keyboard). */
  async function loggedIn(size: { width: number; height: number }): Promise<Page> {
    const em = (await gateway).em();
    const user = await aUser(em, { clients: [await aClient(em), await aClient(em)] });
    const page = await (await browser.newContext({ viewport: size })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    return page;
  }

  /** axe-core's violations on the page as it is (run through the devtools protocol: the page's CSP stays on). */
  async function violations(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run;
      return (await run()).violations.map((violation) => violation.id);
    });
    return result;
  }

  const sidewaysScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: focus, announcements, errors all at once, long labels, axe`, async () => {
      const page = await loggedIn(size);
      // After logging in the focus is on the list's heading, and the change is announced.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tokens-title');
      expect(await page.locator('#status').textContent()).toBe('Logged in.');
      expect(await violations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Add API token' }).click();
      const dialog = page.locator('dialog');
      // One name per page: RUNS is "Runs", as in the API.
      await dialog.getByLabel('Runs', { exact: true }).waitFor();
      expect(await dialog.textContent()).not.toContain('Interface runs');
      // Every error at once, each beside its field; the focus on the first.
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('#label-error', { hasText: 'Give the token a label.' }).waitFor();
      await page.locator('#pages-error', { hasText: 'Choose at least one page.' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-label');
      // The label's limit is said, and a 101st character is not cut silently but refused.
      await dialog.getByLabel('Label').fill('x'.repeat(101));
      expect(await page.locator('#label-count').textContent()).toBe('101 of 100 characters (the limit)');
      await dialog.getByLabel('Connectors').check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('#label-error', { hasText: 'at most 100' }).waitFor();
      expect(await violations(page)).toEqual([]);

      // A 100-character label without spaces: the dialog and the list still fit, Save can be reached.
      const label = 'L'.repeat(100);
      await dialog.getByLabel('Label').fill(label);
      const box = await dialog.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= size.width).toBe(true);
      await dialog.getByRole('button', { name: 'Save' }).scrollIntoViewIfNeeded();
      await dialog.getByRole('button', { name: 'Save' }).click();
      const secret = await page.locator('#secret').inputValue();
      recordSecrets(secret);
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'OK', exact: true }).click();
      // After OK the focus is on the new token's row.
      const row = page.locator('tr', { hasText: label });
      await row.waitFor();
      expect(await row.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.locator('#status').textContent()).toBe('The token was created.');
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await violations(page)).toEqual([]);

      // After a revoke the focus is back on the heading, and the revoke is announced.
      await row.getByRole('button', { name: /Revoke/ }).click();
      await page.locator('dialog').getByRole('button', { name: 'Revoke' }).click();
      await row.waitFor({ state: 'detached' });
      await page.locator('#status', { hasText: 'revoked' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tokens-title');
      await page.context().close();
    });
  }

  it('at 320 px wide nothing scrolls sideways, with a long label in the list', async () => {
    const page = await loggedIn({ width: 320, height: 640 });
    await page.getByRole('button', { name: 'Add API token' }).click();
    await page.getByLabel('Label').fill('A label with spaces that goes on '.repeat(3).slice(0, 100));
    await page.getByLabel('Users').check();
    await page.getByRole('button', { name: 'Save' }).click();
    recordSecrets(await page.locator('#secret').inputValue());
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('tr', { hasText: 'A label with spaces' }).waitFor();
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('adds a token with the keyboard alone, the end typed as YYYY-MM-DD HH:MM in the user’s time zone', async () => {
    const page = await loggedIn({ width: 1280, height: 800 });
    await page.keyboard.press('Tab'); // from the heading to "Add API token"
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add API token');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nightly export');
    await page.keyboard.press('Tab'); // Users
    await page.keyboard.press('Tab'); // Connectors
    await page.keyboard.press('Space');
    for (const _ of ['Interfaces', 'Runs', 'client 1', 'client 2', 'end']) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-expires');
    await page.keyboard.type('2027-13-01 10:00');
    await page.keyboard.press('Enter');
    await page.locator('#expiresAt-error', { hasText: 'YYYY-MM-DD HH:MM' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-expires');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2027-06-30 17:30');
    await page.keyboard.press('Enter');
    recordSecrets(await page.locator('#secret').inputValue());
    // From the secret: Copy, then OK.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('OK');
    await page.keyboard.press('Enter');
    const row = page.locator('tr', { hasText: 'Nightly export' });
    await row.waitFor();
    // The end the user typed, in their time zone, is the token's end.
    const expected = new Date(2027, 5, 30, 17, 30).toISOString();
    const ends = await page.evaluate(async () => {
      const session = sessionStorage.getItem('salure.session') ?? '';
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
        body: JSON.stringify({ query: '{ apiTokens { label expiresAt } }' }),
      });
      return ((await response.json()).data.apiTokens as { label: string; expiresAt: string }[]).find(
        (token) => token.label === 'Nightly export',
      )?.expiresAt;
    });
    expect(ends).toBe(expected);
    await page.context().close();
  });
});
