import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { articleSpec, parsed } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { childTimeoutMs, serveInChild } from '../support/served.ts';
import { startIngest, summaryOf, temporaryDirectory } from './cli.ts';
import { robustnessCounts } from './record.ts';

/**
 * A served API (the real server, `src/cli/serve.ts`, as a child process) read in a loop while an ingest
 * CLI process writes a bulk corpus and re-ingests a set of versioned articles. Every response must be
 * a success and come from one committed state (test/data/read-snapshot.test.ts's checks, over HTTP):
 * - torn articles: each versioned document carries its version in its body and in its link, so an
 *   article read half before and half after its update shows a body and links that disagree;
 * - counts that disagree within a response: a section's `articleCount`, its connection's `totalCount`
 *   and its edges; the home page's `totalCount` and the sum of its sections' counts;
 * - counts that go backwards between two responses to the same request (the ingest only adds).
 */
const counts = robustnessCounts('reader-during-ingest');

const versioned = 300;
const added = 80;
const bulk = 1200;

const url = (index: number) => `https://cn.nytimes.com/robustness/20240301/versioned-${index}/`;
const addedUrl = (index: number) => `https://cn.nytimes.com/robustnessnew/20240302/added-${index}/`;

function versionedSpec(index: number, version: number, documentUrl = url(index)) {
  return articleSpec({
    url: documentUrl,
    title: `版本${index}`,
    published: `2024-03-01 ${String(index % 24).padStart(2, '0')}:00:00`,
    body: [
      { paragraph: `第${version}版正文。` },
      { paragraph: `<a href="https://example.com/v${version}/${index}">第${version}版链接</a>` },
    ],
  });
}

beforeAll(async () => {
  await db.writer.write(
    Array.from({ length: versioned }, (_, index) => parsed(renderDocument(versionedSpec(index, 1)))),
  );
});

function writeIngestFolder(): string {
  const folder = join(temporaryDirectory('reader-loop-'), 'documents');
  mkdirSync(folder);
  for (let index = 0; index < versioned; index += 1) {
    writeFileSync(join(folder, `v-${index}.txt`), renderDocument(versionedSpec(index, 2)));
  }
  for (let index = 0; index < added; index += 1) {
    writeFileSync(join(folder, `n-${index}.txt`), renderDocument(versionedSpec(index, 2, addedUrl(index))));
  }
  for (let index = 0; index < bulk; index += 1) {
    writeFileSync(
      join(folder, corpusFileName(index)),
      renderDocument(generateDocumentSpec(index, { count: bulk, seed: 303 })),
    );
  }
  return folder;
}

const queries = {
  versioned: /* GraphQL */ `
    query Versioned {
      articles(first: 100, where: { section: "robustness" }) { edges { node { bodyText links { href } } } }
      section(slug: "robustnessnew") { articleCount articles(first: 100) { totalCount edges { node { title } } } }
    }
  `,
  home: /* GraphQL */ `
    query Home {
      articles(first: 20) { totalCount edges { node { slug title section { slug } authors { name } leadFigure { src } } } }
      sections { slug articleCount }
    }
  `,
  article: /* GraphQL */ `
    query Page($slug: String!) { article(slug: $slug) { title bodyText bodyHtml links { href } authors { name } } }
  `,
  counts: /* GraphQL */ `
    query Counts { articles { totalCount } section(slug: "robustness") { articleCount } }
  `,
};

interface Node {
  bodyText: string;
  links: { href: string }[];
}
type Data = Record<string, unknown>;

function tornArticles(nodes: Node[]): number {
  return nodes.filter((node) => {
    const bodyVersion = /第(\d)版正文/.exec(node.bodyText)?.[1];
    const linkVersion = /\/v(\d)\//.exec(node.links[0]?.href ?? '')?.[1];
    return bodyVersion === undefined || bodyVersion !== linkVersion;
  }).length;
}

describe('a reader loop during a bulk ingest', () => {
  it('gets no error and no torn or inconsistent response', { timeout: childTimeoutMs * 3 }, async () => {
    const folder = writeIngestFolder();
    const served = await serveInChild('serve', { RATE_LIMIT_PER_MINUTE: '0', LOG_REQUESTS: '0' });
    const endpoint = `http://127.0.0.1:${served.port}/graphql`;

    let responses = 0;
    let errors = 0;
    let torn = 0;
    let inconsistent = 0;
    let backwards = 0;
    const problems: string[] = [];
    const lastTotal = new Map<string, number>();

    async function ask(name: keyof typeof queries, variables: Data = {}): Promise<Data | null> {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: queries[name], variables }),
      });
      responses += 1;
      const body = (await response.json()) as { data?: Data; errors?: unknown[] };
      if (response.status !== 200 || body.errors || !body.data) {
        errors += 1;
        if (problems.length < 5) problems.push(`${name}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
        return null;
      }
      return body.data;
    }

    function notBackwards(key: string, value: number): void {
      const last = lastTotal.get(key) ?? 0;
      if (value < last) {
        backwards += 1;
        if (problems.length < 5) problems.push(`${key} went from ${last} to ${value}`);
      }
      lastTotal.set(key, Math.max(last, value));
    }

    async function round(index: number): Promise<void> {
      const [versionedData, home, page, countData] = await Promise.all([
        ask('versioned'),
        ask('home'),
        ask('article', { slug: `robustness/20240301/versioned-${index % versioned}` }),
        ask('counts'),
      ]);
      if (versionedData) {
        const articles = versionedData.articles as { edges: { node: Node }[] };
        torn += tornArticles(articles.edges.map((edge) => edge.node));
        if (articles.edges.length !== 100) inconsistent += 1;
        const section = versionedData.section as {
          articleCount: number;
          articles: { totalCount: number; edges: unknown[] };
        } | null;
        if (section) {
          if (new Set([section.articleCount, section.articles.totalCount, section.articles.edges.length]).size !== 1) {
            inconsistent += 1;
            if (problems.length < 5) problems.push(`section counts ${JSON.stringify(section).slice(0, 200)}`);
          }
          notBackwards('robustnessnew articleCount', section.articleCount);
        }
      }
      if (home) {
        const articles = home.articles as { totalCount: number; edges: unknown[] };
        const sections = home.sections as { articleCount: number }[];
        const sum = sections.reduce((total, section) => total + section.articleCount, 0);
        if (sum !== articles.totalCount || articles.edges.length !== Math.min(20, articles.totalCount)) {
          inconsistent += 1;
          if (problems.length < 5) problems.push(`home: totalCount ${articles.totalCount}, sections ${sum}`);
        }
        notBackwards('home totalCount', articles.totalCount);
      }
      if (page) {
        const article = page.article as (Node & { bodyHtml: string }) | null;
        if (article === null) inconsistent += 1;
        else {
          torn += tornArticles([article]);
          if (!article.bodyHtml.includes(/第(\d)版正文/.exec(article.bodyText)?.[0] ?? '\u0000')) inconsistent += 1;
        }
      }
      if (countData) {
        notBackwards('articles totalCount', (countData.articles as { totalCount: number }).totalCount);
        const section = countData.section as { articleCount: number } | null;
        if (section?.articleCount !== versioned) inconsistent += 1;
      }
    }

    const ingest = startIngest([folder], testConfig.database.url);
    let done = false;
    void ingest.finished.then(() => {
      done = true;
    });
    let rounds = 0;
    while (!done) {
      await round(rounds);
      rounds += 1;
    }
    const run = await ingest.finished;
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run)).toEqual({ created: added + bulk, updated: versioned, unchanged: 0, refused: 0 });
    await round(rounds);

    const finalCounts = await ask('counts');
    expect(finalCounts).toEqual({
      articles: { totalCount: versioned + added + bulk },
      section: { articleCount: versioned },
    });
    const serverErrors = served.logLines().filter((line) => Number(line.level) >= 50);
    expect(served.child.exitCode, 'the server is still running').toBeNull();

    counts.add('reader loop: responses', responses);
    counts.add('reader loop: documents ingested meanwhile', added + bulk + versioned);
    counts.set('reader loop: errors', errors);
    counts.set('torn reads', torn);
    counts.set('inconsistent responses', inconsistent + backwards);
    counts.add('unhandled errors', serverErrors.length);

    expect(rounds, 'the loop read while the ingest wrote').toBeGreaterThan(3);
    expect({ errors, torn, inconsistent, backwards, serverErrors, problems }).toEqual({
      errors: 0,
      torn: 0,
      inconsistent: 0,
      backwards: 0,
      serverErrors: [],
      problems: [],
    });
  });
});
