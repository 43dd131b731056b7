import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, warnIfNoChromium } from './browser.js';
import { startTestGateway } from './helpers.js';

// The REST API's reference page (/api/docs) as a user meets it: in Chromium, with no internet.
warnIfNoChromium('test/api-docs.test.ts');

describe.skipIf(!hasChromium)('the REST API docs in a browser', () => {
  const gateway = startTestGateway();
  const server = createServer();
  let browser: Browser;
  let page: Page;
  let base: string;
  const requested: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server.on('request', (await gateway).yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (request) => void requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => void errors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
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
