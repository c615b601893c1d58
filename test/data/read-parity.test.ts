import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import {
  ArticlePageDocument,
  AuthorPageDocument,
  HomePageDocument,
  NodeLookupDocument,
  SectionPageDocument,
} from '../generated/graphql.ts';
import { parsed } from '../support/archive.ts';
import { db } from '../support/database.ts';
import { execute } from '../support/execute.ts';

/**
 * The read executor against Prisma on a generated corpus (bylines, figures, links between articles,
 * several sections): every example operation and every other query shape the schema can plan, with
 * pages walked by cursor in both directions. `execute()` runs each through both and compares.
 */
const corpus = { count: 120, seed: 7 };

beforeAll(async () => {
  const records = Array.from({ length: corpus.count }, (_, index) =>
    parsed(renderDocument(generateDocumentSpec(index, corpus))),
  );
  await db.writer.write(records);
});

async function ok<Result>(response: Promise<{ data?: Result | null; errors?: unknown }>): Promise<Result> {
  const { data, errors } = await response;
  expect(errors).toBeUndefined();
  return data as Result;
}

const articleSlugs = async () =>
  (await db.prisma.article.findMany({ select: { slug: true }, orderBy: { id: 'asc' } })).map(({ slug }) => slug);
const authorSlugs = async () =>
  (await db.prisma.author.findMany({ select: { slug: true }, orderBy: { id: 'asc' } })).map(({ slug }) => slug);
const sections = async () => (await db.prisma.article.groupBy({ by: ['section'] })).map(({ section }) => section);

describe('the read executor answers as Prisma does', () => {
  it('on the home page, walked page by page', async () => {
    let after: string | null | undefined;
    let pages = 0;
    do {
      const page = await ok(execute(HomePageDocument, { first: 17, after }));
      after = page.articles.pageInfo.hasNextPage ? page.articles.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(corpus.count / 17));
  });

  it('on every article page', async () => {
    for (const slug of await articleSlugs()) await ok(execute(ArticlePageDocument, { slug }));
  });

  it('on every author page, walked page by page', async () => {
    for (const slug of await authorSlugs()) {
      let after: string | null | undefined;
      do {
        const page = await ok(execute(AuthorPageDocument, { slug, first: 4, after }));
        const articles = page.author?.articles;
        after = articles?.pageInfo.hasNextPage ? articles.pageInfo.endCursor : null;
      } while (after);
    }
  });

  it('on every section, in both orders and within a date range', async () => {
    for (const slug of await sections()) {
      for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const) {
        await ok(execute(SectionPageDocument, { slug, orderBy, first: 5 }));
        await ok(
          execute(SectionPageDocument, {
            slug,
            orderBy,
            where: { publishedAfter: '2024-03-01', publishedBefore: '2024-09-01' },
          }),
        );
      }
    }
  });

  it('on node lookups of articles, authors and ids with no record', async () => {
    const articles = await db.prisma.article.findMany({ select: { id: true }, take: 5 });
    const authors = await db.prisma.author.findMany({ select: { id: true }, take: 5 });
    const ids = [
      ...articles.map(({ id }) => `Article:${id}`),
      ...authors.map(({ id }) => `Author:${id}`),
      'Article:99999',
    ];
    for (const id of ids) await ok(execute(NodeLookupDocument, { id: Buffer.from(id).toString('base64') }));
  });

  it('on the author list, walked forward page by page', async () => {
    const query = /* GraphQL */ `
      query Authors($after: String) {
        authors(first: 7, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { slug name articleCount } }
        }
      }
    `;
    type Page = { authors: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Page = await ok(execute<Page, { after: string | null }>(query, { after }));
      after = page.authors.pageInfo.hasNextPage ? page.authors.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBeGreaterThan(1);
  });

  it('on backward pages: last and before, on articles and authors', async () => {
    const query = /* GraphQL */ `
      query Backward($before: String, $authorsBefore: String) {
        articles(last: 7, before: $before) {
          pageInfo { hasPreviousPage startCursor }
          edges { cursor node { title publishedAt } }
        }
        authors(last: 3, before: $authorsBefore) {
          pageInfo { hasPreviousPage startCursor }
          edges { cursor node { name slug articleCount } }
        }
      }
    `;
    let variables: { before?: string | null; authorsBefore?: string | null } = {};
    for (let page = 0; page < 4; page += 1) {
      const data = await ok(
        execute<
          {
            articles: { pageInfo: { startCursor: string | null } };
            authors: { pageInfo: { startCursor: string | null } };
          },
          typeof variables
        >(query, variables),
      );
      variables = { before: data.articles.pageInfo.startCursor, authorsBefore: data.authors.pageInfo.startCursor };
    }
  });

  it('on filters, backlinks, links by kind, counts and the section list', async () => {
    const [authorSlug] = await authorSlugs();
    const [section] = await sections();
    const query = /* GraphQL */ `
      query Shapes($authorSlug: String, $section: String) {
        sections { slug articleCount }
        byAuthor: articles(first: 10, where: { authorSlug: $authorSlug }) {
          totalCount
          edges { node { title authors { name } } }
        }
        inSection: articles(first: 10, orderBy: PUBLISHED_AT_ASC, where: { section: $section, publishedAfter: "2024-01-01" }) {
          totalCount
          edges {
            node {
              title
              credits
              capturedAt
              originalUrl
              leadFigure { src width height caption credit isLead position }
              links(kind: ARTICLE) { href kind target { title section { slug name articleCount } } }
              external: links(kind: EXTERNAL) { href title }
              backlinks(first: 2) { totalCount edges { cursor node { title } } }
              filteredBacklinks: backlinks(first: 5, where: { section: $section }) { totalCount edges { node { slug } } }
              blocks { __typename ... on FigureBlock { figure { src } } ... on HeadingBlock { level text } }
            }
          }
        }
        authors(first: 100) { totalCount edges { node { slug name bio profileUrl articleCount } } }
      }
    `;
    await ok(execute(query, { authorSlug, section }));
  });

  it('on nested pages after a cursor: the backlinks and the bylines of every article', async () => {
    const query = /* GraphQL */ `
      query Nested($first: Int!, $after: String) {
        articles(first: $first, after: $after) {
          pageInfo { endCursor hasNextPage }
          edges {
            node {
              backlinks(first: 1) { pageInfo { endCursor } edges { node { title } } }
              authors { articles(first: 2) { pageInfo { endCursor hasNextPage } edges { node { title } } } }
            }
          }
        }
      }
    `;
    const first = await ok(
      execute<
        { articles: { edges: { node: { authors: { articles: { pageInfo: { endCursor: string | null } } }[] } }[] } },
        { first: number; after?: string }
      >(query, { first: 30 }),
    );
    const cursors = first.articles.edges.flatMap(({ node }) =>
      node.authors.flatMap(({ articles }) => articles.pageInfo.endCursor ?? []),
    );
    expect(cursors.length).toBeGreaterThan(0);
    const byline = /* GraphQL */ `
      query Byline($slug: String!, $after: String) {
        author(slug: $slug) { articles(first: 2, after: $after) { edges { cursor node { title } } } }
      }
    `;
    const [slug] = await authorSlugs();
    for (const after of cursors.slice(0, 10)) await ok(execute(byline, { slug, after }));
  });
});
