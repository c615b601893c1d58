import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { type Listening, listen } from '../../src/http/listen.ts';
import { seedText, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { launchChromium, screenshot } from './chromium.ts';

const seedTitle = '美国高级官员将访华进行经贸谈判';
const seedSlug = 'world/20240813/us-china-working-group-trade';

let browser: Browser;
let listening: Listening;

beforeAll(async () => {
  await store(seedText);
  listening = await listen(createApp({ config: testConfig, db }), { host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await listening?.close();
});

/**
 * Runs the editor's operation until the response shows `expected`. Right after a tab switch GraphiQL
 * may still hold the previous tab's operation name for a moment (its own error: "Cannot infer
 * operation ReaderHome"); a person never clicks that fast, the test may, so it clicks again then.
 */
async function executeUntil(page: Page, expected: string): Promise<void> {
  const result = page.locator('.graphiql-response');
  for (let attempt = 1; ; attempt += 1) {
    await page.getByRole('button', { name: /execute query/i }).click();
    const answered = result.getByText(expected).first();
    const stale = result.getByText('Cannot infer operation').first();
    await answered.or(stale).waitFor({ timeout: 30_000 });
    if (await answered.isVisible()) return;
    if (attempt === 3) throw new Error(`GraphiQL kept answering: ${await result.textContent()}`);
    await page.waitForTimeout(500);
  }
}

describe('GraphiQL in a browser', () => {
  // A browser loading and running a whole app: minutes, not seconds, on a loaded 2-core machine.
  it('opens on the reader operations with their variables filled, and runs them', { timeout: 120_000 }, async () => {
    // Tall enough for Monaco, which renders only the lines in view, to lay out the whole first response.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    const assets: Response[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/graphiql/')) assets.push(response);
    });

    await page.goto(listening.graphiqlUrl);
    const tabs = page.locator('.graphiql-tab-button');
    await tabs.first().waitFor({ timeout: 30_000 });
    expect(await tabs.allTextContents()).toEqual(['ReaderHome', 'ReaderArticle', 'ReaderAuthor', 'ReaderSection']);

    // The first tab, as the editors show it: the home operation with its fragments, first: 5.
    const editor = page.locator('.graphiql-query-editor');
    await editor.getByText('query ReaderHome').first().waitFor({ timeout: 30_000 });
    const variables = page.locator('.graphiql-editor-tool');
    await variables.getByText('"first": 5').waitFor();
    const result = page.locator('.graphiql-response');
    await executeUntil(page, seedTitle);
    // Monaco lays text out with no-break spaces.
    expect(await result.textContent()).toMatch(/"totalCount":\s1\b/);

    // The article tab opens on the newest article, the seed.
    await tabs.getByText('ReaderArticle').click();
    await editor.getByText('query ReaderArticle').first().waitFor();
    await variables.getByText(`"slug": "${seedSlug}"`).waitFor();
    await executeUntil(page, '"ParagraphBlock"');
    expect(await result.textContent()).toContain(seedTitle);

    // The author and section tabs open on that article's author and section.
    await tabs.getByText('ReaderAuthor').click();
    await variables.getByText('"slug": "alan-rappeport"').waitFor();
    await tabs.getByText('ReaderSection').click();
    await variables.getByText('"slug": "world"').waitFor();

    // The explorer plugin shows the schema's root fields.
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    await page.locator('.graphiql-explorer-articles').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'graphiql', 'tabs-and-explorer');

    expect(failedRequests).toEqual([]);
    // Every bundle file came from a content-hashed URL, compressed and cacheable for a year.
    const paths = new Set(assets.map((response) => new URL(response.url()).pathname.replace(/[0-9a-f]{16}/, 'HASH')));
    expect([...paths].sort()).toEqual([
      '/graphiql/HASH/graphiql.css',
      '/graphiql/HASH/monacoeditorwork/editor.worker.bundle.js',
      '/graphiql/HASH/monacoeditorwork/graphql.worker..bundle.js',
      '/graphiql/HASH/monacoeditorwork/json.worker.bundle.js',
      '/graphiql/HASH/yoga-graphiql.umd.js',
    ]);
    for (const response of assets) {
      const headers = await response.allHeaders();
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(headers['content-encoding']).toBe('br');
    }
    await page.close();
  });

  it('answers each encoding a client accepts, and 404 for a stale hash', async () => {
    const page = await (await fetch(listening.graphiqlUrl, { headers: { accept: 'text/html' } })).text();
    const stylesheet = page.match(/href="(\/graphiql\/[0-9a-f]{16}\/graphiql\.css)"/)?.[1];
    expect(stylesheet).toBeDefined();
    const url = new URL(stylesheet ?? '', listening.graphiqlUrl);
    const encodings = [];
    for (const accept of ['br;q=0.5, gzip', 'gzip, deflate, br', 'identity']) {
      const response = await fetch(url, { headers: { 'accept-encoding': accept } });
      encodings.push([response.headers.get('content-encoding'), response.headers.get('vary')]);
      // fetch decodes whatever it was sent: the same stylesheet every time.
      expect(await response.text()).toContain('.graphiql-container');
    }
    expect(encodings).toEqual([
      ['gzip', 'Accept-Encoding'],
      ['br', 'Accept-Encoding'],
      [null, 'Accept-Encoding'],
    ]);
    const stale = await fetch(new URL('/graphiql/0000000000000000/graphiql.css', listening.graphiqlUrl));
    expect(stale.status).toBe(404);
  });
});
