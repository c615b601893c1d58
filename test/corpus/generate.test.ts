import { describe, expect, it } from 'vitest';
import {
  articleUrl,
  CORPUS_AUTHORS,
  CORPUS_SECTIONS,
  type CorpusOptions,
  generateDocumentSpec,
} from '../../src/corpus/generate.ts';
import { type DocumentSpec, renderDocument } from '../../src/corpus/render.ts';
import { SECTIONS, TITLE_OUTCOMES } from '../../src/corpus/vocabulary.ts';
import { parseDocument } from '../../src/ingest/parse/document.ts';
import { nameSlug } from '../../src/ingest/parse/names.ts';

const options: CorpusOptions = { count: 500, seed: 1 };
const specs = Array.from({ length: options.count }, (_, index) => generateDocumentSpec(index, options));
const urls = new Set(specs.map((spec) => spec.url));

const ARTICLE_URL = /^https:\/\/cn\.nytimes\.com\/([a-z-]+)\/(\d{8})\/([a-z\d-]+)\/$/;
const INTERNAL_HREF = /href="(https:\/\/cn\.nytimes\.com\/[^"]+)"/g;

function paragraphs(spec: DocumentSpec): string[] {
  return spec.body.flatMap((block) => ('paragraph' in block ? [block.paragraph] : []));
}

function internalLinks(spec: DocumentSpec): string[] {
  return paragraphs(spec).flatMap((paragraph) => [...paragraph.matchAll(INTERNAL_HREF)].map((match) => match[1] ?? ''));
}

function share(predicate: (spec: DocumentSpec) => boolean): number {
  return specs.filter(predicate).length / specs.length;
}

/** The feed writes Beijing wall-clock time (UTC+8). */
function publishedUtcMs(published: string): number {
  const [year, month, day, hour, minute, second] = published.split(/[-: ]/).map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second) - 8 * 3_600_000;
}

describe('generateDocumentSpec', () => {
  it('is a pure function of seed, index and count, whatever the generation order', () => {
    expect(generateDocumentSpec(42, options)).toEqual(specs[42]);
    const forward = specs.slice(0, 50).map(renderDocument);
    const backward = Array.from({ length: 50 }, (_, offset) => 49 - offset)
      .map((index) => renderDocument(generateDocumentSpec(index, options)))
      .reverse();
    expect(backward).toEqual(forward);
  });

  it('gives another corpus for another seed', () => {
    const other = generateDocumentSpec(0, { ...options, seed: 2 });
    expect(renderDocument(other)).not.toBe(renderDocument(generateDocumentSpec(0, options)));
  });

  it('gives every document its own cn.nytimes.com URL, dated by its publish day, which articleUrl knows', () => {
    expect(urls.size).toBe(specs.length);
    specs.forEach((spec, index) => {
      const [, section, day] = ARTICLE_URL.exec(spec.url) ?? [];
      expect(CORPUS_SECTIONS).toContain(section);
      expect(day).toBe(spec.published.slice(0, 10).replaceAll('-', ''));
      expect(articleUrl(index, options)).toBe(spec.url);
    });
  });

  it('draws on at least 40 authors and 8 sections', () => {
    const bylines = new Set(specs.flatMap((spec) => spec.authors.map((author) => author.byline)));
    const sections = new Set(specs.map((spec) => ARTICLE_URL.exec(spec.url)?.[1]));
    expect(bylines.size).toBeGreaterThanOrEqual(40);
    expect(sections.size).toBeGreaterThanOrEqual(8);
  });

  it('writes two-author bylines for a minority of articles, never the same author twice', () => {
    expect(share((spec) => spec.authors.length === 2)).toBeGreaterThan(0.08);
    expect(share((spec) => spec.authors.length === 2)).toBeLessThan(0.25);
    expect(share((spec) => spec.authors.length < 1 || spec.authors.length > 2)).toBe(0);
    for (const spec of specs) expect(new Set(spec.authors).size).toBe(spec.authors.length);
  });

  it('spells authors upper case in the byline and as the parser slugs them in the footer', () => {
    for (const author of CORPUS_AUTHORS) {
      if (author.footerName === undefined) continue;
      expect(author.byline).toBe(author.footerName.toUpperCase());
      if (author.profileSlug !== undefined) expect(author.profileSlug).toBe(nameSlug(author.footerName));
    }
    expect(CORPUS_AUTHORS).toContainEqual(
      expect.objectContaining({
        byline: 'JAVIER C. HERNÁNDEZ',
        footerName: 'Javier C. Hernández',
        profileSlug: 'javier-c-hernandez',
      }),
    );
    expect(new Set(CORPUS_AUTHORS.map((author) => nameSlug(author.byline))).size).toBe(CORPUS_AUTHORS.length);
  });

  it('spreads publish times over 2019–2024, with some exactly shared', () => {
    const years = new Set(specs.map((spec) => spec.published.slice(0, 4)));
    expect([...years].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    const times = specs.map((spec) => spec.published);
    expect(new Set(times).size).toBeLessThan(times.length);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('captures each document a few minutes after its Beijing-time publication', () => {
    for (const spec of specs) {
      const delay = (spec.capturedAtMs ?? 0) - publishedUtcMs(spec.published);
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('writes Chinese titles of 8 to 20 characters', () => {
    for (const spec of specs) expect(spec.title).toMatch(/^\p{Script=Han}{8,20}$/u);
  });

  it('keeps every title ingredient Chinese and short enough for the topic-first title form', () => {
    for (const section of SECTIONS) {
      for (const topic of section.topics) expect(topic.zh).toMatch(/^\p{Script=Han}{4,16}$/u);
      for (const actor of section.actors) expect(actor).toMatch(/^\p{Script=Han}+$/u);
    }
    for (const outcome of TITLE_OUTCOMES) expect(outcome).toMatch(/^\p{Script=Han}{4}$/u);
  });

  it('builds 4 to 12 paragraphs of 2 to 5 sentences', () => {
    for (const spec of specs) {
      const texts = paragraphs(spec);
      expect(texts.length).toBeGreaterThanOrEqual(4);
      expect(texts.length).toBeLessThanOrEqual(12);
      for (const text of texts) {
        const sentences = text.replace(/<[^>]*>/g, '').split('。').length - 1;
        expect(sentences).toBeGreaterThanOrEqual(2);
        expect(sentences).toBeLessThanOrEqual(5);
      }
    }
  });

  it('links about a third of paragraphs to other articles of the same corpus', () => {
    const all = specs.flatMap(paragraphs);
    const linked = all.filter((paragraph) => paragraph.includes('href="https://cn.nytimes.com/'));
    expect(linked.length / all.length).toBeGreaterThan(0.25);
    expect(linked.length / all.length).toBeLessThan(0.42);
    for (const spec of specs) {
      for (const href of internalLinks(spec)) {
        expect(urls.has(href)).toBe(true);
        expect(href).not.toBe(spec.url);
      }
    }
  });

  it('links only within a small corpus', () => {
    const small = { count: 3, seed: 7 };
    const smallUrls = [0, 1, 2].map((index) => articleUrl(index, small));
    for (const index of [0, 1, 2]) {
      const spec = generateDocumentSpec(index, small);
      for (const href of internalLinks(spec)) {
        expect(smallUrls).toContain(href);
        expect(href).not.toBe(spec.url);
      }
    }
    expect(internalLinks(generateDocumentSpec(0, { count: 1, seed: 7 }))).toEqual([]);
  });

  it('puts lead figures on most articles and sometimes inline figures, headings, quotes and external links', () => {
    expect(share((spec) => spec.leadFigure !== undefined)).toBeGreaterThan(0.6);
    expect(share((spec) => spec.leadFigure !== undefined)).toBeLessThan(0.8);
    for (const figure of specs.flatMap((spec) => spec.leadFigure ?? [])) {
      expect(figure.src).toMatch(
        /^https:\/\/static01\.nyt\.com\/images\/\d{4}\/\d\d\/\d\d\/multimedia\/([\w-]+)\/\1-master1050\.jpg$/,
      );
      expect(figure.width).toBe(1050);
      expect(figure.height).toBeGreaterThan(0);
    }
    expect(share((spec) => spec.body.some((block) => 'image' in block))).toBeGreaterThan(0.1);
    expect(share((spec) => spec.body.some((block) => 'heading' in block))).toBeGreaterThan(0.03);
    expect(share((spec) => spec.body.some((block) => 'quote' in block))).toBeGreaterThan(0.03);
    expect(
      share((spec) => paragraphs(spec).some((text) => text.includes('href="https://www.nytimes.com/'))),
    ).toBeGreaterThan(0.1);
  });

  it('ends with credits and, on most articles, the English original', () => {
    for (const spec of specs) expect(spec.credits?.at(-1)).toMatch(/^翻译：/);
    expect(share((spec) => spec.credits?.some((line) => line.endsWith('对本文有报道贡献。')) ?? false)).toBeGreaterThan(
      0.05,
    );
    expect(share((spec) => spec.originalUrl !== undefined)).toBeGreaterThan(0.8);
    for (const spec of specs) {
      if (spec.originalUrl)
        expect(spec.originalUrl).toMatch(/^https:\/\/www\.nytimes\.com\/\d{4}\/\d\d\/\d\d\/[a-z/]+\/[a-z\d-]+\.html$/);
    }
  });

  it('refuses positions outside the corpus and seeds outside 32 bits', () => {
    expect(() => generateDocumentSpec(500, options)).toThrow(RangeError);
    expect(() => generateDocumentSpec(-1, options)).toThrow(RangeError);
    expect(() => generateDocumentSpec(0, { count: 1, seed: -1 })).toThrow(RangeError);
    expect(() => articleUrl(0, { count: 0, seed: 1 })).toThrow(RangeError);
  });
});

describe('rendered corpus documents', () => {
  it('parse back to the generated title, URL, dates, authors, credits and links', () => {
    for (const spec of specs.slice(0, 60)) {
      const result = parseDocument(renderDocument(spec));
      if (!result.ok) throw new Error(`${spec.url} refused: ${result.refusal.message}`);
      const { article } = result;
      expect(article.title).toBe(spec.title);
      expect(article.url).toBe(spec.url);
      expect(article.publishedAt.getTime()).toBe(publishedUtcMs(spec.published));
      expect(article.capturedAt?.getTime()).toBe(spec.capturedAtMs);
      expect(article.authors.map((author) => author.slug)).toEqual(
        spec.authors.map((author) => nameSlug(author.byline)),
      );
      expect(article.credits).toEqual(spec.credits);
      expect(article.originalUrl).toBe(spec.originalUrl ?? null);
      const targets = article.links.filter((link) => link.kind === 'ARTICLE').map((link) => link.targetUrl);
      expect(targets).toEqual(internalLinks(spec));
    }
  });
});
