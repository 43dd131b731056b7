import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setRights } from '../src/operator/users.js';
import { ARTIFACTS, hasChromium, SIZES, servedInChromium, sidewaysScroll, violations } from './browser.js';
import { aClient, aUser, sessionOf, TEST_PASSWORD, tokenOf } from './builders.js';
import { recordSecrets } from './helpers.js';

// What users hit on the API Access page (issue 17's first part): long labels, the label's limit, all errors at
// once, where the focus goes, one name per page, axe, and the end date typed by keyboard.

describe.skipIf(!hasChromium)('the API Access page, as users met it', () => {
  const { gateway, base, browser } = servedInChromium();

  /** A new page at a size, logged in as a new user of two clients (by keyboard). */
  async function loggedIn(size: { width: number; height: number }): Promise<Page> {
    const em = (await gateway).em();
    const user = await aUser(em, { clients: [await aClient(em), await aClient(em)] });
    const page = await (await browser().newContext({ viewport: size })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base()}/`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    return page;
  }

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

      // Revoke by keyboard (the confirmation opens on Cancel); after it the focus is on the heading, and the
      // revoke is announced.
      await row.getByRole('button', { name: /Revoke/ }).focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog').getByRole('button', { name: 'Cancel' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
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

describe.skipIf(!hasChromium)('a token’s story on the API Access page', () => {
  const { gateway, base, browser } = servedInChromium();

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: usage, attention, detail with events, filters, Rotate by keyboard, axe`, async () => {
      const on = await gateway;
      const em = on.em();
      const user = await aUser(em, { clients: [await aClient(em)] });
      const session = await sessionOf(on, user);
      const soon = await tokenOf(on, session, {
        label: 'Ends soon',
        pages: ['CONNECTORS'],
        expiresAt: new Date(Date.now() + 3 * 86_400_000 - 60_000).toISOString(),
      });
      const lost = await tokenOf(on, session, { label: 'Reads runs', pages: ['RUNS', 'USERS'] });
      recordSecrets(`${soon.secret}\n${lost.secret}`);
      // Use: two requests, the second with a refused field (the token has CONNECTORS only); then the owner loses RUNS.
      await on.request('{ connectors { totalCount } }', { auth: { token: soon.secret } });
      await on.request('{ connectors { totalCount } users { totalCount } }', { auth: { token: soon.secret } });
      await setRights(em, user, { withdrawPages: ['RUNS'] });

      const page = await (await browser().newContext({ viewport: size })).newPage();
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on('pageerror', (error) => void errors.push(error.message));
      await page.goto(`${base()}/`);
      await page.evaluate((value) => sessionStorage.setItem('salure.session', value), session);
      await page.goto(`${base()}/`);
      await page.getByRole('heading', { name: 'API tokens' }).waitFor();

      // Attention, in one line: the end within 7 days, the lost page.
      await page.locator('tr', { hasText: 'Ends soon' }).getByText('Ends in 3 days.').waitFor();
      await page.locator('tr', { hasText: 'Reads runs' }).getByText('Lost Runs: you no longer have it.').waitFor();
      // The sparkline says what it shows.
      const spark = page.locator('tr', { hasText: 'Ends soon' }).locator('svg.usage-chart');
      expect(await spark.getAttribute('aria-label')).toBe('2 requests in the last 30 days, 1 refused.');
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}token-list-${size.width}.png`, fullPage: true });

      // Filter and order.
      await page.getByLabel('Label contains').fill('runs');
      expect(await page.locator('tbody tr').count()).toBe(1);
      await page.getByLabel('Label contains').fill('');
      await page.getByLabel('Page', { exact: true }).selectOption('CONNECTORS');
      expect(await page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('Ends soon')]);
      await page.getByLabel('Page', { exact: true }).selectOption('');
      await page.getByLabel('Order').selectOption('label');
      const labels = await page.locator('tbody tr button.link-like').allTextContents();
      expect(labels.map((label) => label.replace(' (details)', ''))).toEqual(['Ends soon', 'Reads runs']);

      // The detail, opened by keyboard: what it can read now and what it lost, its use and its events.
      await page.locator('tr', { hasText: 'Reads runs' }).locator('button.link-like').focus();
      await page.keyboard.press('Enter');
      const detail = page.locator('dialog.detail');
      await detail.getByText('Runs: you no longer have this page, so the token cannot read it either.').waitFor();
      await detail.locator('ol.events li', { hasText: 'token created' }).waitFor();
      expect(await detail.locator('dl.facts').textContent()).toContain('Can read nowUsers');
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}token-detail-${size.width}.png` });

      // Rotate by keyboard: Rotate, confirm, the new secret once, OK, the focus on the row.
      await detail.getByRole('button', { name: 'Rotate' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog').getByRole('button', { name: 'Rotate' }).focus();
      await page.keyboard.press('Enter');
      const rotated = await page.locator('#secret').inputValue();
      recordSecrets(rotated);
      expect(rotated).not.toBe(lost.secret);
      await page.getByRole('button', { name: 'OK', exact: true }).focus();
      await page.keyboard.press('Enter');
      // The list is drawn again (the old row is there until then): wait for the focus to reach the row.
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-token-id') === id, lost.id);
      expect((await on.request('{ viewer { kind } }', { auth: { token: lost.secret } })).status).toBe(401);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('adds a token with allowed addresses and a start, shown back in their canonical form', async () => {
    const on = await gateway;
    const em = on.em();
    const user = await aUser(em, { clients: [await aClient(em)] });
    const session = await sessionOf(on, user);
    const page = await (await browser().newContext({ viewport: SIZES[0] })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base()}/`);
    await page.evaluate((value) => sessionStorage.setItem('salure.session', value), session);
    await page.goto(`${base()}/`);
    await page.getByRole('button', { name: 'Add API token' }).click();
    await page.getByLabel('Label').fill('From the office');
    await page.getByLabel('Connectors').check();
    await page.getByText('Advanced: allowed addresses, not before').click();
    await page.getByLabel('Allowed addresses (optional)').fill('10.0.0.0/33');
    await page.getByLabel('Not before (optional)').fill('2030-01-31 08:00');
    await page.getByRole('button', { name: 'Save' }).click();
    // The API's own message, beside the field.
    await page.locator('#allowedIps-error').filter({ hasText: '10.0.0.0/33' }).waitFor();
    await page.getByLabel('Allowed addresses (optional)').fill('2001:0db8:0000::0001\n192.0.2.0/24');
    await page.getByRole('button', { name: 'Save' }).click();
    recordSecrets(await page.locator('#secret').inputValue());
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('tr', { hasText: 'From the office' }).locator('button.link-like').click();
    const facts = await page.locator('dialog.detail dl.facts').textContent();
    expect(facts).toContain('2001:db8::1, 192.0.2.0/24');
    expect(facts).toContain('2030');
    await page.context().close();
  });
});
