import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, servedInChromium } from './browser.js';

// The REST API's reference page (/api/docs) as a user meets it: in Chromium, with no internet.

describe.skipIf(!hasChromium)('the REST API docs in a browser', () => {
  const { base: baseOf, browser } = servedInChromium();
  let page: Page;
  let base: string;
  const requested: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    base = baseOf();
    page = await (await browser().newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (request) => void requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => void errors.push(error.message));
  });

  it('renders every route and the token scheme from the gateway alone, with no error', async () => {
    const response = await page.goto(`${base}/api/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByText('salure-gateway REST API').first().waitFor();
    for (const path of ['/api/v1/me', '/api/v1/runs', '/api/v1/runs/{id}', '/api/v1/connectors']) {
      await page
        .locator('.opblock-summary-path', { hasText: new RegExp(`^${path.replace(/[{}]/g, '\\$&')}$`) })
        .first()
        .waitFor();
    }
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .waitFor();
    const elsewhere = requested.filter((url) => !url.startsWith(base) && !/^(blob|data):/.test(url));
    expect(elsewhere).toEqual([]);
    expect(requested).toContain(`${base}/api/v1/openapi.json`);
    expect(errors).toEqual([]);
  });
});
