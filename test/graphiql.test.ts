import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, servedInChromium } from './browser.js';
import { aClientWithData, aUser, sessionOf, tokenOf } from './builders.js';

// GraphiQL as a user meets it: in Chromium, on a machine with no internet, served by the gateway itself.

describe.skipIf(!hasChromium)('GraphiQL in a browser', () => {
  const { gateway, base: baseOf, browser } = servedInChromium();
  let page: Page;
  let base: string;
  /** Every request the page made, and every error it logged (a refused Content-Security-Policy shows there). */
  const requested: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    base = baseOf();
    page = await (await browser().newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000); // a step that fails says which, inside the test's own time
    page.on('request', (request) => void requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => void errors.push(error.message));
  });
  it('renders from the gateway alone, opens with the examples and the docs, and runs a query with a header', async () => {
    const on = await gateway;
    const { client } = await aClientWithData(on.em());
    const user = await aUser(on.em(), { clients: [client] });
    const token = await tokenOf(on, await sessionOf(on, user), { label: 'graphiql', pages: ['CONNECTORS'] });

    const response = await page.goto(`${base}/graphql`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.locator('.graphiql-container .monaco-editor').first().waitFor();

    // The first visit: the example operations as tabs, the Headers editor open, the schema's descriptions.
    const tabs = await page.locator('.graphiql-tab-button').allTextContents();
    expect(tabs).toEqual(['LogIn', 'CreateToken', 'ReadPages', 'RunsPage']);
    await page.locator('.graphiql-doc-explorer a', { hasText: /^Query$/ }).click(); // the docs pane, root type
    await page
      .getByText(/Page CONNECTORS: the connections to HR and payroll systems/)
      .first()
      .waitFor();

    // Run ReadPages with the token: its Headers editor holds a placeholder, replaced as a user would.
    await page.locator('.graphiql-tab-button', { hasText: 'ReadPages' }).click();
    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = page.locator('.graphiql-editor-tool .monaco-editor').last();
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `SalureToken ${token.secret}` }));
    await page.keyboard.press('Shift+End'); // what the editor closed on its own, after the cursor
    await page.keyboard.press('Delete');
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await result.getByText('"totalCount": 2').first().waitFor(); // the client's two connectors
    await result.getByText('"users": null').waitFor(); // a page the token lacks
    await page.screenshot({ path: `${ARTIFACTS}graphiql.png` });

    // Nothing came from elsewhere: every request was to the gateway (or the page's own blob: workers).
    const elsewhere = requested.filter((url) => !url.startsWith(base) && !/^(blob|data):/.test(url));
    expect(elsewhere).toEqual([]);
    expect(requested.filter((url) => url.startsWith(`${base}/assets/`)).length).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });
});
