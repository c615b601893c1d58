/**
 * B1's answers: the home page, article page and author page queries of bench/lib/queries.ts, written
 * by hand with better-sqlite3 prepared statements, serialized to exactly the bytes the GraphQL server
 * sends. The objects are built in query order; the key order the API actually sends is learned from it
 * (see bench/lib/key-order.ts) and applied when serializing.
 */
import Database from 'better-sqlite3';
import { decodeArticleCursor, encodeArticleCursor } from '../../src/archive/cursor.ts';
import type { BodyBlock } from '../../src/archive/record.ts';
import { sqliteDateTime } from '../../src/data/sqlite-values.ts';
import {
  authorArticlePageSize,
  backlinkPageSize,
  blocksJson,
  bylineCursor,
  globalId,
  listOrder,
  sectionJson,
} from './answer-parts.ts';
import { applyKeyOrder, type KeyOrder } from './key-order.ts';
import { authorPageSize, homePageSize } from './queries.ts';

interface ArticleListRow {
  id: number;
  slug: string;
  title: string;
  section: string;
  summary: string;
  publishedAt: string;
}

interface BylineRow {
  articleId: number;
  name: string;
  slug: string;
}

interface LeadFigureRow {
  articleId: number;
  src: string;
  width: number | null;
  height: number | null;
  caption: string | null;
}

interface ArticleRow {
  id: number;
  title: string;
  url: string;
  publishedAt: string;
  section: string;
  summary: string;
  bodyHtml: string;
  blocks: string;
}

interface FigureRow {
  position: number;
  src: string;
  caption: string | null;
}

interface LinkRow {
  href: string;
  text: string;
  kind: string;
  targetSlug: string | null;
  targetTitle: string | null;
}

interface AuthorRow {
  id: number;
  name: string;
  slug: string;
}

interface SlugTitle {
  slug: string;
  title: string;
}

interface AuthorProfileRow {
  id: number;
  slug: string;
  name: string;
  bio: string | null;
  profileUrl: string | null;
}

interface BylineArticleRow {
  articleId: number;
  slug: string;
  title: string;
  publishedAt: string;
  section: string;
}

/**
 * DateTime columns hold `2024-08-13T00:51:28.000+00:00`, what the Prisma adapter writes (its default
 * `iso8601` format); the API prints `toISOString()`.
 */
function isoDateTime(stored: string): string {
  return new Date(stored).toISOString();
}

/** The cursor the API gives a row of the home page list, from the row as stored. */
export function homePageCursor(row: { publishedAt: string; id: number }): string {
  return encodeArticleCursor({ order: listOrder, publishedAt: new Date(row.publishedAt), id: row.id });
}

/** The position of a home page cursor in the stored DateTime format, or null for one this list never issued. */
export function homePageCursorPosition(cursor: string): { publishedAt: string; id: number } | null {
  const decoded = decodeArticleCursor(cursor);
  if (decoded === null || decoded.order !== listOrder) return null;
  return { publishedAt: sqliteDateTime(decoded.publishedAt), id: decoded.id };
}

function groupBy<Row extends { articleId: number }>(rows: Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.articleId);
    if (group) group.push(row);
    else groups.set(row.articleId, [row]);
  }
  return groups;
}

export type SqliteAnswers = ReturnType<typeof openSqliteAnswers>;

export function openSqliteAnswers(databasePath: string, keyOrder: KeyOrder) {
  const serialize = (data: unknown) => JSON.stringify(applyKeyOrder({ data }, keyOrder));
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  const listColumns = 'id, slug, title, section, summary, publishedAt';
  const newestArticles = database.prepare<[number], ArticleListRow>(
    `SELECT ${listColumns} FROM Article ORDER BY publishedAt DESC, id DESC LIMIT ?`,
  );
  const articlesAfter = database.prepare<[string, number, number], ArticleListRow>(
    `SELECT ${listColumns} FROM Article WHERE (publishedAt, id) < (?, ?) ORDER BY publishedAt DESC, id DESC LIMIT ?`,
  );
  // The page's ids go in as one JSON array, so that one prepared statement serves every page size.
  const pageBylines = database.prepare<[string], BylineRow>(
    `SELECT aa.articleId, au.name, au.slug FROM ArticleAuthor aa JOIN Author au ON au.id = aa.authorId
     WHERE aa.articleId IN (SELECT value FROM json_each(?)) ORDER BY aa.articleId, aa.position`,
  );
  const pageLeadFigures = database.prepare<[string], LeadFigureRow>(
    `SELECT articleId, src, width, height, caption FROM Figure
     WHERE articleId IN (SELECT value FROM json_each(?)) AND isLead = 1 ORDER BY articleId, position`,
  );
  const articleBySlug = database.prepare<[string], ArticleRow>(
    'SELECT id, title, url, publishedAt, section, summary, bodyHtml, blocks FROM Article WHERE slug = ?',
  );
  const articleFigures = database.prepare<[number], FigureRow>(
    'SELECT position, src, caption FROM Figure WHERE articleId = ? ORDER BY position',
  );
  const articleLinks = database.prepare<[number], LinkRow>(
    `SELECT l.href, l.text, l.kind, t.slug AS targetSlug, t.title AS targetTitle
     FROM Link l LEFT JOIN Article t ON t.id = l.targetId WHERE l.articleId = ? ORDER BY l.position`,
  );
  const backlinkCount = database
    .prepare<[number], number>('SELECT count(*) FROM Link WHERE targetId = ? AND firstToTarget = 1')
    .pluck();
  const backlinks = database.prepare<[number, number], SlugTitle>(
    `SELECT a.slug, a.title FROM Link l JOIN Article a ON a.id = l.articleId WHERE l.targetId = ? AND l.firstToTarget = 1
     ORDER BY l.sourcePublishedAt DESC, l.articleId DESC, l.id DESC LIMIT ?`,
  );
  const bylineAuthors = database.prepare<[number], AuthorRow>(
    `SELECT au.id, au.name, au.slug FROM ArticleAuthor aa JOIN Author au ON au.id = aa.authorId
     WHERE aa.articleId = ? ORDER BY aa.position`,
  );
  const authorArticles = database.prepare<[number, number], SlugTitle>(
    `SELECT a.slug, a.title FROM ArticleAuthor aa JOIN Article a ON a.id = aa.articleId WHERE aa.authorId = ?
     ORDER BY aa.publishedAt DESC, aa.articleId DESC LIMIT ?`,
  );
  const authorBySlug = database.prepare<[string], AuthorProfileRow>(
    'SELECT id, slug, name, bio, profileUrl FROM Author WHERE slug = ?',
  );
  const bylineCount = database
    .prepare<[number], number>('SELECT count(*) FROM ArticleAuthor WHERE authorId = ?')
    .pluck();
  const bylineArticles = database.prepare<[number, number], BylineArticleRow>(
    `SELECT aa.articleId, a.slug, a.title, a.publishedAt, a.section FROM ArticleAuthor aa JOIN Article a ON a.id = aa.articleId
     WHERE aa.authorId = ? ORDER BY aa.publishedAt DESC, aa.articleId DESC LIMIT ?`,
  );

  function homePageRows(after: string | null): ArticleListRow[] | null {
    if (after === null) return newestArticles.all(homePageSize + 1);
    const position = homePageCursorPosition(after);
    return position && articlesAfter.all(position.publishedAt, position.id, homePageSize + 1);
  }

  /** The home page query's JSON, or null for a cursor this list never issued. */
  function homePage(after: string | null): string | null {
    const rows = homePageRows(after);
    if (rows === null) return null;
    const page = rows.slice(0, homePageSize);
    const ids = JSON.stringify(page.map((row) => row.id));
    const bylines = groupBy(pageBylines.all(ids));
    const leadFigures = groupBy(pageLeadFigures.all(ids));
    const edges = page.map((row) => {
      const lead = leadFigures.get(row.id)?.[0];
      return {
        cursor: homePageCursor(row),
        node: {
          id: globalId('Article', row.id),
          slug: row.slug,
          title: row.title,
          section: sectionJson(row.section),
          summary: row.summary,
          publishedAt: isoDateTime(row.publishedAt),
          authors: (bylines.get(row.id) ?? []).map(({ name, slug }) => ({ name, slug })),
          leadFigure: lead ? { src: lead.src, width: lead.width, height: lead.height, caption: lead.caption } : null,
        },
      };
    });
    const pageInfo = { hasNextPage: rows.length > homePageSize, endCursor: edges.at(-1)?.cursor ?? null };
    return serialize({ articles: { pageInfo, edges } });
  }

  function blocksOf(article: ArticleRow) {
    const figures = new Map(articleFigures.all(article.id).map((figure) => [figure.position, figure]));
    return blocksJson(JSON.parse(article.blocks) as BodyBlock[], figures);
  }

  function linksOf(article: ArticleRow) {
    return articleLinks.all(article.id).map((link) => ({
      href: link.href,
      text: link.text,
      kind: link.kind,
      target: link.targetSlug === null ? null : { slug: link.targetSlug, title: link.targetTitle },
    }));
  }

  function authorsOf(article: ArticleRow) {
    return bylineAuthors.all(article.id).map((author) => ({
      name: author.name,
      slug: author.slug,
      articles: { edges: authorArticles.all(author.id, authorArticlePageSize).map((node) => ({ node })) },
    }));
  }

  /** The article page query's JSON; `article` is null for an unknown slug. */
  function articlePage(slug: string): string {
    const article = articleBySlug.get(slug.replace(/^\/+|\/+$/g, ''));
    if (article === undefined) return serialize({ article: null });
    return serialize({
      article: {
        id: globalId('Article', article.id),
        title: article.title,
        url: article.url,
        publishedAt: isoDateTime(article.publishedAt),
        section: sectionJson(article.section),
        summary: article.summary,
        bodyHtml: article.bodyHtml,
        blocks: blocksOf(article),
        links: linksOf(article),
        backlinks: {
          totalCount: backlinkCount.get(article.id),
          edges: backlinks.all(article.id, backlinkPageSize).map((node) => ({ node })),
        },
        authors: authorsOf(article),
      },
    });
  }

  function authorArticlesPage(authorId: number) {
    const rows = bylineArticles.all(authorId, authorPageSize + 1);
    const page = rows.slice(0, authorPageSize);
    const last = page.at(-1);
    return {
      pageInfo: {
        hasNextPage: rows.length > authorPageSize,
        endCursor: last ? bylineCursor(last.articleId, authorId) : null,
      },
      edges: page.map((row) => ({
        node: {
          slug: row.slug,
          title: row.title,
          publishedAt: isoDateTime(row.publishedAt),
          section: sectionJson(row.section),
        },
      })),
    };
  }

  /** The author page query's JSON; `author` is null for an unknown slug. */
  function authorPage(slug: string): string {
    const author = authorBySlug.get(slug);
    if (author === undefined) return serialize({ author: null });
    // articleCount and the unfiltered totalCount are one count, as the API's per-request loader makes them.
    const count = bylineCount.get(author.id);
    return serialize({
      author: {
        id: globalId('Author', author.id),
        slug: author.slug,
        name: author.name,
        bio: author.bio,
        profileUrl: author.profileUrl,
        articleCount: count,
        articles: { totalCount: count, ...authorArticlesPage(author.id) },
      },
    });
  }

  return { homePage, articlePage, authorPage };
}
