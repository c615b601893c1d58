import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { type Listening, listen } from '../../src/http/listen.ts';
import { seedText, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

// Debian's Chromium; `.ci/run` installs it. The flags keep it off the (closed) network.
const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser;
let listening: Listening;

beforeAll(async () => {
  await store(seedText);
  listening = await listen(createApp({ config: testConfig, db }), { host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
});

afterAll(async () => {
  await browser?.close();
  await listening?.close();
});

describe('GraphiQL in a browser', () => {
  it('runs the default query and shows the seed article', async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));

    await page.goto(listening.graphiqlUrl);
    await page.locator('.graphiql-query-editor').getByText('NewestArticles').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /execute query/i }).click();

    const result = page.locator('.graphiql-response');
    await result.getByText('美国高级官员将访华进行经贸谈判').waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('"leadFigure"');
    expect(failedRequests).toEqual([]);
    await page.close();
  });
});
