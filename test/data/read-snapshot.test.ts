import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { articleSpec, parsed } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

/**
 * Reads while another process re-ingests: every response must come from one committed state. Each
 * document carries its version in its body and in its links, so an article read half from the old
 * and half from the new version shows up as a body and links that disagree; new articles in one
 * section show up as counts that disagree with the page that lists them.
 */
const changed = 600;
const added = 80;

const url = (index: number) => `https://cn.nytimes.com/world/20240301/snapshot-${index}/`;
const addedUrl = (index: number) => `https://cn.nytimes.com/science/20240302/snapshot-new-${index}/`;

function versioned(index: number, version: number, documentUrl = url(index)) {
  return articleSpec({
    url: documentUrl,
    title: `快照${index}`,
    published: `2024-03-01 ${String(index % 24).padStart(2, '0')}:00:00`,
    body: [
      { paragraph: `第${version}版正文。` },
      { paragraph: `<a href="https://example.com/v${version}/${index}">第${version}版链接</a>` },
    ],
  });
}

beforeAll(async () => {
  await db.writer.write(Array.from({ length: changed }, (_, index) => parsed(renderDocument(versioned(index, 1)))));
});

function ingestVersionTwo(): { finished: Promise<string> } {
  const folder = mkdtempSync(join(tmpdir(), 'snapshot-ingest-'));
  for (let index = 0; index < changed; index += 1) {
    writeFileSync(join(folder, `${index}.txt`), renderDocument(versioned(index, 2)));
  }
  for (let index = 0; index < added; index += 1) {
    writeFileSync(join(folder, `new-${index}.txt`), renderDocument(versioned(index, 2, addedUrl(index))));
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { finished: new Promise((resolve) => child.on('exit', () => resolve(output))) };
}

const readQuery = /* GraphQL */ `
  query Read {
    articles(first: 100, where: { section: "world" }) {
      pageInfo { hasNextPage endCursor }
      edges { node { bodyText links { href } } }
    }
    section(slug: "science") {
      articleCount
      articles(first: 100) { totalCount edges { node { title } } }
    }
  }
`;

// Not the shared execute(): it compares with a second read through Prisma, which may see a later commit.
const app = createApp({ config: { ...testConfig, responseCache: { maxEntries: 0, maxBytes: 0 } }, db });

async function read(): Promise<{ data?: ReadResult; errors?: unknown }> {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: readQuery }),
  });
  return (await response.json()) as { data?: ReadResult; errors?: unknown };
}

interface ReadResult {
  articles: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { bodyText: string; links: { href: string }[] } }[];
  };
  section: { articleCount: number; articles: { totalCount: number; edges: unknown[] } } | null;
}

function tornArticles(result: ReadResult): number {
  return result.articles.edges.filter(({ node }) => {
    const bodyVersion = /第(\d)版正文/.exec(node.bodyText)?.[1];
    const linkVersion = /\/v(\d)\//.exec(node.links[0]?.href ?? '')?.[1];
    return bodyVersion === undefined || bodyVersion !== linkVersion;
  }).length;
}

function disagreeingCounts(result: ReadResult): number {
  const section = result.section;
  if (!section) return 0;
  const counts = [section.articleCount, section.articles.totalCount, section.articles.edges.length];
  return new Set(counts).size === 1 ? 0 : 1;
}

describe('one snapshot per request', () => {
  it('keeps reading the state of its first statement after another connection commits', async () => {
    const request = db.forRequest();
    const before = await request.prisma.article.count();
    await db.writer.write([parsed(renderDocument(versioned(0, 1, addedUrl(999))))]);
    expect(await request.prisma.article.count()).toBe(before);
    request.release();
    const next = db.forRequest();
    expect(await next.prisma.article.count()).toBe(before + 1);
    next.release();
    await db.prisma.article.delete({ where: { url: addedUrl(999) } });
  });

  it('never serves a torn article or counts that disagree with their page while another process writes', async () => {
    const ingest = ingestVersionTwo();
    let done = false;
    void ingest.finished.then(() => {
      done = true;
    });
    let responses = 0;
    let torn = 0;
    let disagreements = 0;
    let errors = 0;
    while (!done) {
      // In-process requests on SQLite can complete in microtasks alone: let the child's events in.
      await new Promise((resolve) => setImmediate(resolve));
      const response = await read();
      responses += 1;
      if (response.errors || !response.data) errors += 1;
      else {
        torn += tornArticles(response.data);
        disagreements += disagreeingCounts(response.data);
      }
    }
    expect(await ingest.finished).toContain(`ingested ${added}, updated ${changed}`);
    expect(responses).toBeGreaterThan(5);
    expect({ torn, disagreements, errors }).toEqual({ torn: 0, disagreements: 0, errors: 0 });
  }, 120_000);
});
