import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnKeyOrder } from '../../bench/lib/key-order.ts';
import { homePageCursorPosition, openPostgresAnswers, type PostgresAnswers } from '../../bench/lib/postgres-answers.ts';
import {
  articlePageQuery,
  authorPageQuery,
  type GraphqlRequest,
  homePageQuery,
  requestBody,
} from '../../bench/lib/queries.ts';
import { encodeArticleCursor } from '../../src/archive/cursor.ts';
import { loadConfig } from '../../src/config.ts';
import { generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { type Database, openDatabase } from '../../src/data/database.ts';
import { migratePostgresDatabase } from '../../src/data/postgres/migrate.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { parseDocument } from '../../src/ingest/parse/document.ts';
import { createRunDatabase, dropDatabase, newRunId, postgresDatabaseUrl } from '../support/postgres.ts';

/**
 * B1 on PostgreSQL against the API on one small generated archive: every home page, article page and
 * author page must come out in the same bytes. Needs the PostgreSQL server of test/support/postgres.ts;
 * the test makes and drops its own database.
 */

function rawCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

describe('B1-PG home page cursors', () => {
  it('read back as timestamp text in UTC, as PostgreSQL compares it with the column', () => {
    const cursor = encodeArticleCursor({
      order: 'PUBLISHED_AT_DESC',
      publishedAt: new Date('2024-08-13T00:51:28.120Z'),
      id: 7,
    });
    expect(homePageCursorPosition(cursor)).toEqual({ publishedAt: '2024-08-13T00:51:28.120', id: 7 });
  });

  it.each([
    ['a cursor of the other order', rawCursor(['a1', 'PUBLISHED_AT_ASC', '2024-08-13T00:51:28.120Z', 7])],
    ['another cursor version', rawCursor(['a0', 'PUBLISHED_AT_DESC', '2024-08-13T00:51:28.120Z', 7])],
    ['text that is not a cursor', 'not a cursor'],
  ])('refuse %s', (_, cursor) => {
    expect(homePageCursorPosition(cursor)).toBeNull();
  });
});

/** Enough documents for several home pages, shared bylines, links between articles and backlink lists. */
const documents = 60;

describe('B1-PG answers', () => {
  let databaseName: string;
  let db: Database;
  let app: App;
  let answers: PostgresAnswers;

  async function apiBody(request: GraphqlRequest): Promise<string> {
    const response = await app.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: requestBody(request),
    });
    const text = await response.text();
    expect(JSON.parse(text)).not.toHaveProperty('errors');
    return text;
  }

  /** Every home page of the API, first to last, as [after, body]. */
  async function apiHomePages(): Promise<[string | null, string][]> {
    const pages: [string | null, string][] = [];
    let after: string | null = null;
    for (;;) {
      const body = await apiBody(
        after === null ? { query: homePageQuery } : { query: homePageQuery, variables: { after } },
      );
      pages.push([after, body]);
      const { pageInfo } = (
        JSON.parse(body) as { data: { articles: { pageInfo: { hasNextPage: boolean; endCursor: string } } } }
      ).data.articles;
      if (!pageInfo.hasNextPage) return pages;
      after = pageInfo.endCursor;
    }
  }

  const articleBody = (slug: string) => apiBody({ query: articlePageQuery, variables: { slug } });
  const authorBody = (slug: string) => apiBody({ query: authorPageQuery, variables: { slug } });

  let homePages: [string | null, string][];
  let slugs: string[];
  let authorSlugs: string[];

  beforeAll(async () => {
    databaseName = await createRunDatabase(newRunId());
    const url = postgresDatabaseUrl(databaseName);
    await migratePostgresDatabase(url);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATABASE_POOL_SIZE: '2' });
    db = await openDatabase(config);
    const records = Array.from({ length: documents }, (_, index) => {
      const result = parseDocument(renderDocument(generateDocumentSpec(index, { count: documents, seed: 1 })));
      if (!result.ok) throw new Error(`document ${index} refused: ${result.refusal.message}`);
      return result.article;
    });
    await db.writer.write(records);
    // The corpus publishes on whole seconds: milliseconds on some rows check that B1 reads and prints
    // them as the API does, in columns and inside JSON aggregates alike.
    await db.prisma.$executeRawUnsafe(
      `UPDATE "Article" SET "publishedAt" = "publishedAt" + interval '120 milliseconds' WHERE "id" % 3 = 0`,
    );
    await db.prisma.$executeRawUnsafe(
      `UPDATE "ArticleAuthor" SET "publishedAt" = "publishedAt" + interval '120 milliseconds' WHERE "articleId" % 3 = 0`,
    );
    await db.prisma.$executeRawUnsafe(
      `UPDATE "Link" SET "sourcePublishedAt" = "sourcePublishedAt" + interval '120 milliseconds' WHERE "articleId" % 3 = 0`,
    );
    app = createApp({ config: { ...config, responseCache: { maxEntries: 0, maxBytes: 0 } }, db });

    homePages = await apiHomePages();
    slugs = homePages.flatMap(([, body]) =>
      (JSON.parse(body) as { data: { articles: { edges: { node: { slug: string } }[] } } }).data.articles.edges.map(
        ({ node }) => node.slug,
      ),
    );
    const authors = await db.prisma.author.findMany({ select: { slug: true }, orderBy: { id: 'asc' } });
    authorSlugs = authors.map(({ slug }) => slug);
    // As the harness does: the key order is learned from a few of the API's answers.
    const learnedFrom = [
      homePages[0]?.[1] ?? '',
      ...(await Promise.all(slugs.slice(0, 3).map(articleBody))),
      ...(await Promise.all(authorSlugs.slice(0, 3).map(authorBody))),
    ];
    answers = openPostgresAnswers(url, learnKeyOrder(learnedFrom));
  });

  afterAll(async () => {
    await answers?.close();
    await db?.close();
    if (databaseName !== undefined) await dropDatabase(databaseName);
  });

  it('has pages, links and shared bylines to compare', () => {
    expect(homePages.length).toBeGreaterThan(2);
    expect(slugs).toHaveLength(documents);
    expect(authorSlugs.length).toBeLessThan(documents);
  });

  it('sends the API bytes for every home page, the empty one after the last cursor included', async () => {
    for (const [after, body] of homePages) expect(await answers.homePage(after)).toBe(body);
    const lastCursor = (
      JSON.parse(homePages.at(-1)?.[1] ?? '') as { data: { articles: { pageInfo: { endCursor: string } } } }
    ).data.articles.pageInfo.endCursor;
    expect(await answers.homePage(lastCursor)).toBe(
      await apiBody({ query: homePageQuery, variables: { after: lastCursor } }),
    );
  });

  it('sends the API bytes for every article page, with slashes around the slug too', async () => {
    for (const slug of slugs) expect(await answers.articlePage(slug)).toBe(await articleBody(slug));
    const slug = `/${slugs[0]}/`;
    expect(await answers.articlePage(slug)).toBe(await articleBody(slug));
  });

  it('sends the API bytes for every author page', async () => {
    for (const slug of authorSlugs) expect(await answers.authorPage(slug)).toBe(await authorBody(slug));
  });

  it('answers null for unknown slugs, as the API does', async () => {
    expect(await answers.articlePage('world/nothing-here')).toBe(await articleBody('world/nothing-here'));
    expect(await answers.authorPage('nobody')).toBe(await authorBody('nobody'));
  });

  it('refuses a cursor the list never issued', async () => {
    expect(await answers.homePage('not a cursor')).toBeNull();
  });
});
