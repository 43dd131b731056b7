import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setAdministration } from '../src/operator/users.js';
import { ARTIFACTS, hasChromium, SIZES, servedInChromium, sidewaysScroll, violations } from './browser.js';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { errorCodes, recordSecrets } from './helpers.js';

// The Organisation view of the API Access page (issue 28): an administrator of two clients reviews what reads one
// of them, approves a request, removes the client from a token, revokes in bulk, makes and rotates a service token
// and sets the policy; the owner sees the notices. Driven like a user, at both sizes, with axe after each step.

const SET_POLICY = `mutation($clientId: ID!, $input: ClientTokenPolicyInput!) {
  setClientTokenPolicy(clientId: $clientId, input: $input) { approval }
}`;
const VIEWER = '{ viewer { pages } }';
const CONNECTORS = 'query($clientId: ID) { connectors(clientId: $clientId) { totalCount } }';

describe.skipIf(!hasChromium)('the Organisation view', () => {
  const { gateway, base, browser } = servedInChromium();

  /** A page at `size` with `session` in its sessionStorage, on the API tokens list. */
  async function pageOf(session: string, size: { width: number; height: number }): Promise<Page> {
    const page = await (await browser().newContext({ viewport: size })).newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => void errors.push(error.message));
    page.on('close', () => expect(errors).toEqual([]));
    await page.goto(`${base()}/`);
    await page.evaluate((value) => sessionStorage.setItem('salure.session', value), session);
    await page.goto(`${base()}/`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    return page;
  }

  /** Fills the reason dialog and confirms with `confirm`; waits for the dialog to go. */
  async function giveReason(page: Page, confirm: string, reason: string) {
    const dialog = page.locator('dialog');
    await dialog.getByLabel('Reason').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
    await page.locator('#reason-error', { hasText: 'Give a reason' }).waitFor();
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  const expectClean = async (page: Page) => {
    expect(await violations(page)).toEqual([]);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  };

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: inventory, requests, removal, bulk revoke, service tokens, policy, notices`, async () => {
      const on = await gateway;
      const em = on.em();
      const [acme, globex, initech] = [await aClient(em), await aClient(em), await aClient(em)];
      const admin = await aUser(em, { clients: [acme, globex], pages: ['CONNECTORS', 'RUNS'], name: 'Ada Admin' });
      await setAdministration(em, admin, { grantClients: [acme.id, globex.id] });
      const member = await aUser(em, {
        clients: [acme, globex, initech],
        pages: ['CONNECTORS', 'RUNS'],
        name: 'Mo Member',
      });
      const memberSession = await sessionOf(on, member);
      const adminSession = await sessionOf(on, admin);
      const nightly = await tokenOf(on, memberSession, {
        label: 'Nightly sync',
        pages: ['RUNS'],
        clientIds: [acme.id],
      });
      const all = await tokenOf(on, memberSession, { label: 'All clients', pages: ['RUNS'] });
      const globexOnly = await tokenOf(on, memberSession, {
        label: 'Globex only',
        pages: ['RUNS'],
        clientIds: [globex.id],
      });
      await on.data(SET_POLICY, {
        variables: { clientId: acme.id, input: { approval: 'ALWAYS' } },
        auth: { session: adminSession },
      });
      const waiting = await tokenOf(on, memberSession, {
        label: 'Waiting token',
        pages: ['CONNECTORS'],
        clientIds: [acme.id],
      });
      recordSecrets([nightly, all, globexOnly, waiting].map((token) => token.secret).join('\n'));
      const status = async (secret: string) => (await on.request(VIEWER, { auth: { token: secret } })).status;

      // A user who administers nothing has no Organisation view.
      const memberPage = await pageOf(memberSession, size);
      expect(await memberPage.getByRole('navigation', { name: 'API Access' }).count()).toBe(0);

      const page = await pageOf(adminSession, size);
      await page.getByRole('button', { name: 'Organisation' }).click();
      await page.getByRole('heading', { name: 'Organisation', level: 1 }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('org-title');
      await page.getByLabel('Client', { exact: true }).selectOption({ label: acme.name });
      await page.locator('#status', { hasText: `Showing ${acme.name}.` }).waitFor();
      const inventory = page.locator('table.inventory');
      const row = (table: typeof inventory, label: string) => table.locator('tr', { hasText: label });
      await row(inventory, 'Waiting token').waitFor();
      // Every token that reads Acme; of its other clients those Ada administers are named, the rest counted.
      expect(await inventory.locator('tbody tr').count()).toBe(3);
      expect(await row(inventory, 'All clients').textContent()).toContain(`${acme.name}, ${globex.name} and 1 other`);
      expect(await row(inventory, 'All clients').textContent()).not.toContain(initech.name);
      expect(await row(inventory, 'Nightly sync').textContent()).toContain('Mo Member');
      expect(await page.locator('main').textContent()).not.toContain('Globex only');
      await page.screenshot({ path: `${ARTIFACTS}organisation-${size.width}.png`, fullPage: true });
      await page.locator('section', { has: inventory }).screenshot({ path: `${ARTIFACTS}inventory-${size.width}.png` });
      await expectClean(page);

      // Filters are the API's: pending only, then back.
      await page.getByLabel('Status', { exact: true }).selectOption('PENDING');
      await page.locator('#inventory-summary', { hasText: '1 of 1 tokens shown.' }).waitFor();
      await page.getByLabel('Status', { exact: true }).selectOption('LIVE');
      await page.locator('#inventory-summary', { hasText: '3 of 3 tokens shown.' }).waitFor();
      await page.getByLabel('Kind').selectOption('service');
      await page.getByText('No token matches the filter.').waitFor();
      await page.getByLabel('Kind').selectOption('');
      await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Mo Member' });
      await page.locator('#inventory-summary', { hasText: '3 of 3 tokens shown.' }).waitFor();
      await page.getByLabel('Owner', { exact: true }).selectOption('');

      // The request: approved with a reason; it reads Acme from then on.
      const requests = page.locator('table.requests');
      const connectors = () =>
        on.request(CONNECTORS, { variables: { clientId: acme.id }, auth: { token: waiting.secret } });
      expect(errorCodes(await connectors())).toEqual([['connectors', 'FORBIDDEN']]);
      await requests.getByLabel('Select Waiting token').check();
      await page.getByRole('button', { name: 'Approve selected' }).click();
      await giveReason(page, 'Approve', 'Checked with payroll');
      await page.locator('#status', { hasText: '1 request approved.' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('requests-title');
      await page.getByText('No requests wait for a decision.').waitFor();
      expect(errorCodes(await connectors())).toEqual([]);
      await expectClean(page);

      // Acme removed from a token that reads all the owner's clients: the owner keeps the others.
      await row(inventory, 'All clients')
        .getByRole('button', { name: `Remove client ${acme.name} from All clients` })
        .click();
      await giveReason(page, `Remove ${acme.name}`, 'Acme data not needed');
      await page.locator('#status', { hasText: `no longer reads ${acme.name}` }).waitFor();
      await row(inventory, 'All clients').waitFor({ state: 'detached' });
      expect(await status(all.secret)).toBe(200);

      // Two revoked at once, with one reason.
      await row(inventory, 'Nightly sync').getByLabel('Select Nightly sync').check();
      await row(inventory, 'Waiting token').getByLabel('Select Waiting token').check();
      await page.getByRole('button', { name: 'Revoke selected (2)' }).click();
      await giveReason(page, 'Revoke', 'Pipeline retired');
      await page.locator('#status', { hasText: '2 tokens revoked.' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('inventory-title');
      await page.getByText('No token matches the filter.').waitFor();
      expect([await status(nightly.secret), await status(waiting.secret)]).toEqual([401, 401]);
      await expectClean(page);

      // A service token of Acme: made (the secret once), used, rotated (the old secret refused).
      await page.getByRole('button', { name: 'Add service token' }).click();
      const dialog = page.locator('dialog');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('#service-label-error', { hasText: 'Give the token a label.' }).waitFor();
      await dialog.getByLabel('Label').fill('Payroll pipeline');
      await dialog.getByLabel('Connectors').check();
      await expectClean(page);
      await dialog.getByRole('button', { name: 'Save' }).click();
      const first = await page.locator('#secret').inputValue();
      recordSecrets(first);
      await page.getByRole('button', { name: 'OK', exact: true }).click();
      await page.locator('#status', { hasText: 'The service token was created.' }).waitFor();
      const services = page.locator('table.service');
      expect(await row(services, 'Payroll pipeline').textContent()).toContain(`Service token of ${acme.name}`);
      expect(await on.request(VIEWER, { auth: { token: first } })).toMatchObject({ status: 200 });
      await row(services, 'Payroll pipeline')
        .getByRole('button', { name: /Rotate/ })
        .click();
      await page.locator('dialog').getByRole('button', { name: 'Rotate' }).click();
      const second = await page.locator('#secret').inputValue();
      recordSecrets(second);
      await page.getByRole('button', { name: 'OK', exact: true }).click();
      await page.locator('#status', { hasText: 'The service token was rotated.' }).waitFor();
      // After OK the focus is on the token's row.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-token-id'))).toBeTruthy();
      expect([await status(first), await status(second)]).toEqual([401, 200]);

      // The policy: a wrong number is refused beside its field; a lifetime limit blocks the endless service token.
      await page.getByLabel('Idle limit in days').fill('0');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.locator('#policy-idleDays-error', { hasText: 'from 1 to 3650' }).waitFor();
      await page.getByLabel('Idle limit in days').fill('');
      await page.getByLabel('Maximum lifetime in days').fill('30');
      await page.getByLabel('Never', { exact: true }).check();
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.locator('#status', { hasText: `The token policy of ${acme.name} was saved.` }).waitFor();
      expect(await page.getByLabel('Maximum lifetime in days').inputValue()).toBe('30');
      await row(services, 'Payroll pipeline').locator('.status.blocked').waitFor();
      await expectClean(page);
      await page.screenshot({ path: `${ARTIFACTS}organisation-after-${size.width}.png`, fullPage: true });

      // The owner sees what the administrator did, on their page.
      await memberPage.reload();
      const notices = memberPage.locator('ul.notices');
      await notices.locator('strong', { hasText: 'API token "Nightly sync" was revoked' }).waitFor();
      await notices.locator('strong', { hasText: 'API token "Waiting token": reading' }).first().waitFor();
      await expectClean(memberPage);
      await page.context().close();
      await memberPage.context().close();
    });
  }
});
