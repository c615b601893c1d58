import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocumentSpec } from '../../src/corpus/generate.ts';
import { createApp } from '../../src/http/app.ts';
import { type Listening, listen } from '../../src/http/listen.ts';
import { articleSpec, seedText, store, storeSpecs } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { keepOnHost, launchChromium, screenshot } from './chromium.ts';

// Two hand-written articles the walk follows (the newer links to the older), on top of the seed and a
// small generated corpus. The newer one's title tries to inject markup: the reader must show it as text.
const linked = {
  title: '读者测试：被链接的文章',
  url: 'https://cn.nytimes.com/china/20300101/reader-target/',
  slug: 'china/20300101/reader-target',
};
const newest = {
  title: '读者测试：最新文章 <img src=x onerror=alert(1)>',
  url: 'https://cn.nytimes.com/business/20300102/reader-source/',
};

let browser: Browser;
let listening: Listening;
let origin: string;

beforeAll(async () => {
  await store(seedText);
  const corpus = { count: 30, seed: 7 };
  await storeSpecs(Array.from({ length: corpus.count }, (_, index) => generateDocumentSpec(index, corpus)));
  await storeSpecs([
    articleSpec({
      title: linked.title,
      url: linked.url,
      published: '2030-01-01 08:00:00',
      authors: [{ byline: 'LIN QIU', footerName: 'Lin Qiu', bio: '是时报驻北京记者。', profileSlug: 'lin-qiu' }],
      body: [{ paragraph: '被链接的文章的<em>第一段</em>。' }, { paragraph: '第二段。' }],
    }),
    articleSpec({
      title: newest.title,
      url: newest.url,
      published: '2030-01-02 08:00:00',
      authors: [{ byline: 'MEI LAN', footerName: 'Mei Lan', bio: '是时报记者。', profileSlug: 'mei-lan' }],
      leadFigure: {
        src: 'https://static01.nyt.com/images/2030/01/02/lead.jpg',
        width: 1050,
        height: 700,
        caption: '头图说明。',
        credit: 'PHOTO BY READER TEST',
      },
      body: [
        {
          paragraph: `请看<a href="${linked.url}">被链接的文章</a>，以及<a href="https://example.com/x">外部链接</a>。`,
        },
        { heading: '读者小标题', level: 2 },
        { quote: '这是一段引语。' },
        { image: 'https://static01.nyt.com/images/2030/01/02/inline.jpg', caption: '内文图片说明' },
        { paragraph: '最后一段。' },
      ],
    }),
  ]);
  listening = await listen(createApp({ config: testConfig, db }), { host: '127.0.0.1', port: 0 });
  origin = new URL(listening.graphiqlUrl).origin;
  const page = await fetch(`${origin}/`);
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}: ${await page.text()}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await listening?.close();
});

/** Waits until the reader has rendered the page the URL names. */
async function rendered(page: Page): Promise<void> {
  await page.locator('main#page:not([aria-busy])').waitFor({ timeout: 30_000 });
}

/**
 * Clicks, then waits for the page the click asked for: the reader renders on `hashchange`, which may
 * fire after the click returns, so "not busy" alone could still be the previous page.
 */
async function navigate(page: Page, click: () => Promise<void>): Promise<void> {
  const before = await page.locator('main#page').getAttribute('data-navigation');
  await click();
  await page.waitForFunction(
    (previous) => {
      const main = document.getElementById('page');
      return main !== null && !main.hasAttribute('aria-busy') && main.dataset.navigation !== previous;
    },
    before,
    { timeout: 30_000 },
  );
}

describe('the reader in a browser', () => {
  // A browser loading and running a whole app: minutes, not seconds, on a loaded 2-core machine.
  it('walks home → article → internal link → author → section', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const blocked = await keepOnHost(page, new URL(origin).host);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const assets: Response[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/reader/')) assets.push(response);
    });
    const main = page.locator('main');

    // Home: newest first under the section tabs, a page at a time.
    await page.goto(`${origin}/`);
    await rendered(page);
    const titles = main.locator('.teaser h3');
    expect(await titles.first().textContent()).toBe(newest.title);
    expect(await titles.nth(1).textContent()).toBe(linked.title);
    expect(await titles.count()).toBe(10);
    expect(await main.locator('.count').first().textContent()).toBe('33 articles in the archive');
    const tabs = main.locator('nav.tabs');
    expect(await tabs.locator('[aria-current="page"]').textContent()).toBe('All');
    expect(await tabs.textContent()).toContain('中国');
    // The title that carries markup is text, not an element.
    expect(await main.locator('.teaser img').count()).toBe(0);
    await screenshot(page, 'reader', '1-home');

    await navigate(page, () => main.getByRole('link', { name: 'Older →' }).click());
    const secondPage = await titles.allTextContents();
    expect(secondPage).toHaveLength(10);
    expect(secondPage).not.toContain(newest.title);
    await navigate(page, () => main.getByRole('link', { name: '← Newer' }).click());
    expect(await titles.first().textContent()).toBe(newest.title);

    // The article: blocks, figures with caption and credit, an internal and an external link.
    await navigate(page, () => titles.first().getByRole('link').click());
    const article = main.locator('article');
    expect(await article.locator('h1').textContent()).toBe(newest.title);
    expect(await article.locator('h1 img').count()).toBe(0);
    expect(await page.title()).toBe(`${newest.title} · News archive`);
    expect(await article.locator('.meta').textContent()).toBe('Mei Lan · 2030年1月2日 08:00');
    expect(await article.locator('figure.lead figcaption').textContent()).toBe('头图说明。PHOTO BY READER TEST');
    expect(await article.locator('.body h2').textContent()).toBe('读者小标题');
    expect(await article.locator('.body blockquote').textContent()).toBe('这是一段引语。');
    expect(await article.locator('.body figure.inline figcaption').textContent()).toBe('内文图片说明');
    expect(await article.locator('.credits p').allTextContents()).toEqual([
      'Mei Lan是时报记者。',
      '翻译：纽约时报中文网',
    ]);
    const internal = article.getByRole('link', { name: '被链接的文章' });
    expect(await internal.getAttribute('href')).toBe(`#/article/${linked.slug}`);
    const outside = article.getByRole('link', { name: '外部链接' });
    expect([await outside.getAttribute('href'), await outside.getAttribute('target')]).toEqual([
      'https://example.com/x',
      '_blank',
    ]);
    await screenshot(page, 'reader', '2-article');

    // The internal link stays in the reader; the linked article lists its backlink.
    await navigate(page, () => internal.click());
    expect(new URL(page.url()).hash).toBe(`#/article/${linked.slug}`);
    expect(await article.locator('h1').textContent()).toBe(linked.title);
    expect(await article.locator('.body').textContent()).toBe('被链接的文章的第一段。第二段。');
    const backlinks = main.locator('aside.backlinks');
    expect(await backlinks.locator('h2').textContent()).toBe('Linked from 1 article');
    expect(await backlinks.locator('.teaser h3').allTextContents()).toEqual([newest.title]);
    await screenshot(page, 'reader', '3-linked-article');

    // Its author, and from the author's list the article's section.
    await navigate(page, () => article.locator('.meta').getByRole('link', { name: 'Lin Qiu' }).click());
    expect(await main.locator('h1').textContent()).toBe('Lin Qiu');
    expect(await main.locator('.bio').textContent()).toBe('Lin Qiu是时报驻北京记者。');
    expect(await titles.allTextContents()).toEqual([linked.title]);
    await screenshot(page, 'reader', '4-author');

    await navigate(page, () => main.locator('.teaser').getByRole('link', { name: '中国' }).click());
    expect(new URL(page.url()).hash).toBe('#/section/china');
    expect(await main.locator('h1').textContent()).toBe('中国');
    expect(await tabs.locator('[aria-current="page"]').textContent()).toMatch(/^中国\d+$/);
    expect(await titles.first().textContent()).toBe(linked.title);
    await screenshot(page, 'reader', '5-section');

    expect(pageErrors).toEqual([]);
    // Nothing but article images (on their publisher's host) was asked of another host.
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((url) => url.startsWith('https://static01.nyt.com/images/'))).toBe(true);
    // The bundle is content-hashed, compressed and cacheable for a year.
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const response of assets) {
      expect(response.url()).toMatch(/\/reader\/main-[A-Z0-9]+\.(js|css)$/);
      const headers = await response.allHeaders();
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(headers['content-encoding']).toBe('br');
    }
    await page.close();
  });

  it('says when a page does not exist', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/#/article/world/19990101/nothing-here`);
    await rendered(page);
    expect(await page.locator('main h1').textContent()).toBe('Not found');
    expect(await page.locator('main').textContent()).toContain(
      'No article “world/19990101/nothing-here” is in the archive.',
    );
    await page.close();
  });
});
