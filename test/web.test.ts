import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, servedInChromium } from './browser.js';
import { aClient, aUser, TEST_PASSWORD } from './builders.js';
import { recordSecrets, startTestGateway } from './helpers.js';

describe.skipIf(!hasChromium)('the API Access page in a browser', () => {
  const { gateway, base: baseOf, browser } = servedInChromium();
  let page: Page;
  let base: string;

  beforeAll(async () => {
    base = baseOf();
    const context = await browser().newContext({ viewport: { width: 1280, height: 760 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
  });

  const graphqlFromPage = (authorization: string) =>
    page.evaluate(async (header) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: '{ viewer { kind pages } }' }),
      });
      return { status: response.status, body: await response.json() };
    }, authorization);

  it('logs in, creates a token, shows the secret once, lists it, and revokes it', async () => {
    const em = (await gateway).em();
    const [acme, globex] = [await aClient(em), await aClient(em)];
    const user = await aUser(em, { clients: [acme, globex], name: 'Ada Admin' });

    await page.goto(`${base}/`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login-error', { hasText: 'Wrong e-mail or password.' }).waitFor();
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    // The session lives in the page's sessionStorage, never in a cookie.
    expect(await page.context().cookies()).toEqual([]);

    // Validation errors appear next to their field.
    await page.getByRole('button', { name: 'Add API token' }).click();
    await page.getByLabel('Label').fill('   ');
    await page.getByLabel('Users').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#label-error', { hasText: 'Give the token a label.' }).waitFor();

    await page.getByLabel('Label').fill('Payroll export');
    await page.getByLabel('Users').uncheck();
    await page.getByLabel('Connectors').check();
    await page.getByLabel('Runs', { exact: true }).check();
    await page.getByLabel(globex.name).check();
    await page.getByLabel(/End date and time/).fill('2027-06-30 17:30');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.locator('#secret').waitFor();
    const secret = await page.locator('#secret').inputValue();
    recordSecrets(secret);
    expect(secret).toMatch(/^salure_[0-9A-Za-z]{49}$/);
    expect(await page.locator('dialog.secret').textContent()).toContain(`Authorization: SalureToken ${secret}`);
    await page.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.screenshot({ path: `${ARTIFACTS}secret-dialog.png` });
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('dialog.secret').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    const used = await graphqlFromPage(`SalureToken ${secret}`);
    expect(used.body).toEqual({ data: { viewer: { kind: 'API_TOKEN', pages: ['CONNECTORS', 'RUNS'] } } });

    const row = page.locator('tr', { hasText: 'Payroll export' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Connectors, Runs');
    expect(text).toContain(globex.name);
    expect(text).toContain('active');
    expect(text).toContain('2027');
    await page.screenshot({ path: `${ARTIFACTS}token-list.png` });

    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.locator('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Show revoked tokens').check();
    await page.locator('tr', { hasText: 'revoked' }).waitFor();
    expect((await graphqlFromPage(`SalureToken ${secret}`)).status).toBe(401);
  });

  it('reads well on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}token-list-phone.png`, fullPage: true });
  });
});

describe('serving the page', () => {
  it('answers / with the page and a strict Content-Security-Policy, and leaves /graphql to GraphQL', async () => {
    const { yoga } = await startTestGateway();
    const page = await yoga.fetch('http://gateway.test/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const asset = await yoga.fetch(`http://gateway.test${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await yoga.fetch('http://gateway.test/assets/../../package.json')).status).toBe(404);
    expect((await yoga.fetch('http://gateway.test/graphql?query={__typename}')).status).toBe(200);
  });
});
