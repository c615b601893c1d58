/**
 * B1 on PostgreSQL: the home page, article page and author page queries of bench/lib/queries.ts,
 * written by hand with node-postgres, serialized to exactly the bytes the GraphQL server sends.
 *
 * Each request is one named (prepared) statement on a `pg.Pool`, in autocommit, so one statement is
 * also one snapshot: what a page needs besides its main row (bylines, figures, links, backlinks, an
 * author's articles) comes back in the same row, gathered by correlated subqueries into JSON arrays.
 * Positional arrays rather than objects, because JSON aggregates need no key order of their own: the
 * objects are built here in query order, and the key order the API actually sends is learned from it
 * (bench/lib/key-order.ts) and applied when serializing, as for SQLite.
 */
import pg from 'pg';
import { decodeArticleCursor, encodeArticleCursor } from '../../src/archive/cursor.ts';
import type { BodyBlock } from '../../src/archive/record.ts';
import { postgresTimestamp, postgresTypes } from '../../src/data/postgres/values.ts';
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

/** [name, slug] */
type Byline = [string, string];
/** [src, width, height, caption] */
type LeadFigure = [string, number | null, number | null, string | null];
/** [position, src, caption] */
type Figure = [number, string, string | null];
/** [href, text, kind, target slug, target title] */
type Link = [string, string, string, string | null, string | null];
/** [slug, title] */
type SlugTitle = [string, string];
/** [name, slug, the author's newest articles] */
type ArticleAuthor = [string, string, SlugTitle[] | null];
/** [articleId, slug, title, publishedAt, section] */
type BylineArticle = [number, string, string, string, string];

/** JSON arrays are null where a subquery found no rows (json_agg of nothing). */
interface ArticleListRow {
  id: number;
  slug: string;
  title: string;
  section: string;
  summary: string;
  publishedAt: string;
  authors: Byline[] | null;
  leadFigure: LeadFigure | null;
}

interface ArticleRow {
  id: number;
  title: string;
  url: string;
  publishedAt: string;
  section: string;
  summary: string;
  bodyHtml: string;
  /** JSONB, parsed by node-postgres. */
  blocks: BodyBlock[];
  figures: Figure[] | null;
  links: Link[] | null;
  backlinkCount: number;
  backlinks: SlugTitle[] | null;
  authors: ArticleAuthor[] | null;
}

interface AuthorRow {
  id: number;
  slug: string;
  name: string;
  bio: string | null;
  profileUrl: string | null;
  articleCount: number;
  articles: BylineArticle[] | null;
}

/**
 * DateTime columns are `TIMESTAMP(3)` holding UTC, read as text (the pool's type parsers): a column
 * reads `2024-08-13 00:51:28.12`, the same value inside a JSON aggregate `2024-08-13T00:51:28.12`.
 * Both are UTC without a zone, as the API's executor decodes them.
 */
function storedDate(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/** The position of a home page cursor as a timestamp parameter, or null for one this list never issued. */
export function homePageCursorPosition(cursor: string): { publishedAt: string; id: number } | null {
  const decoded = decodeArticleCursor(cursor);
  if (decoded === null || decoded.order !== listOrder) return null;
  return { publishedAt: postgresTimestamp(decoded.publishedAt), id: decoded.id };
}

const articleListColumns = `a."id", a."slug", a."title", a."section", a."summary", a."publishedAt",
  (SELECT json_agg(json_build_array(au."name", au."slug") ORDER BY aa."position")
   FROM "ArticleAuthor" aa JOIN "Author" au ON au."id" = aa."authorId"
   WHERE aa."articleId" = a."id") AS "authors",
  (SELECT json_build_array(f."src", f."width", f."height", f."caption")
   FROM "Figure" f WHERE f."articleId" = a."id" AND f."isLead"
   ORDER BY f."position" LIMIT 1) AS "leadFigure"`;

/** One more row than the page, to tell whether there is a next page. */
const newestArticles = `SELECT ${articleListColumns} FROM "Article" a
  ORDER BY a."publishedAt" DESC, a."id" DESC LIMIT ${homePageSize + 1}`;

/** A row comparison, which PostgreSQL turns into one range over the ("publishedAt", "id") index. */
const articlesAfter = `SELECT ${articleListColumns} FROM "Article" a
  WHERE (a."publishedAt", a."id") < ($1::timestamp(3), $2::integer)
  ORDER BY a."publishedAt" DESC, a."id" DESC LIMIT ${homePageSize + 1}`;

/**
 * A JSON aggregate's order comes from its own ORDER BY, not from the subquery it reads (which only
 * picks the page): the subqueries carry their sort keys out for it.
 */
const articleBySlug = `SELECT a."id", a."title", a."url", a."publishedAt", a."section", a."summary", a."bodyHtml",
  a."blocks",
  (SELECT json_agg(json_build_array(f."position", f."src", f."caption") ORDER BY f."position")
   FROM "Figure" f WHERE f."articleId" = a."id") AS "figures",
  (SELECT json_agg(json_build_array(l."href", l."text", l."kind", t."slug", t."title") ORDER BY l."position")
   FROM "Link" l LEFT JOIN "Article" t ON t."id" = l."targetId" WHERE l."articleId" = a."id") AS "links",
  (SELECT count(*)::integer FROM "Link" l WHERE l."targetId" = a."id" AND l."firstToTarget") AS "backlinkCount",
  (SELECT json_agg(json_build_array(b."slug", b."title")
     ORDER BY b."sourcePublishedAt" DESC, b."articleId" DESC, b."id" DESC)
   FROM (SELECT s."slug", s."title", l."sourcePublishedAt", l."articleId", l."id"
         FROM "Link" l JOIN "Article" s ON s."id" = l."articleId"
         WHERE l."targetId" = a."id" AND l."firstToTarget"
         ORDER BY l."sourcePublishedAt" DESC, l."articleId" DESC, l."id" DESC LIMIT ${backlinkPageSize}) b
  ) AS "backlinks",
  (SELECT json_agg(json_build_array(au."name", au."slug",
     (SELECT json_agg(json_build_array(w."slug", w."title") ORDER BY w."publishedAt" DESC, w."articleId" DESC)
      FROM (SELECT x."slug", x."title", y."publishedAt", y."articleId"
            FROM "ArticleAuthor" y JOIN "Article" x ON x."id" = y."articleId" WHERE y."authorId" = au."id"
            ORDER BY y."publishedAt" DESC, y."articleId" DESC LIMIT ${authorArticlePageSize}) w)
   ) ORDER BY aa."position")
   FROM "ArticleAuthor" aa JOIN "Author" au ON au."id" = aa."authorId" WHERE aa."articleId" = a."id") AS "authors"
  FROM "Article" a WHERE a."slug" = $1`;

/** articleCount and the unfiltered totalCount are one count, as the API's per-request loader makes them. */
const authorBySlug = `SELECT au."id", au."slug", au."name", au."bio", au."profileUrl",
  (SELECT count(*)::integer FROM "ArticleAuthor" c WHERE c."authorId" = au."id") AS "articleCount",
  (SELECT json_agg(json_build_array(p."articleId", p."slug", p."title", p."publishedAt", p."section")
     ORDER BY p."bylinePublishedAt" DESC, p."articleId" DESC)
   FROM (SELECT y."articleId", x."slug", x."title", x."publishedAt", x."section", y."publishedAt" AS "bylinePublishedAt"
         FROM "ArticleAuthor" y JOIN "Article" x ON x."id" = y."articleId" WHERE y."authorId" = au."id"
         ORDER BY y."publishedAt" DESC, y."articleId" DESC LIMIT ${authorPageSize + 1}) p) AS "articles"
  FROM "Author" au WHERE au."slug" = $1`;

/** Statement names: node-postgres prepares each once per pooled connection and then only executes it. */
const statements = {
  newestArticles: { name: 'b1_newest_articles', text: newestArticles },
  articlesAfter: { name: 'b1_articles_after', text: articlesAfter },
  articleBySlug: { name: 'b1_article_by_slug', text: articleBySlug },
  authorBySlug: { name: 'b1_author_by_slug', text: authorBySlug },
};

/**
 * The API's default DATABASE_POOL_SIZE, which the harness does not change: more connections than the
 * load's 8, so no request waits for one.
 */
const poolSize = 10;

export type PostgresAnswers = ReturnType<typeof openPostgresAnswers>;

export function openPostgresAnswers(databaseUrl: string, keyOrder: KeyOrder) {
  const serialize = (data: unknown) => JSON.stringify(applyKeyOrder({ data }, keyOrder));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: postgresTypes });

  async function rows<Row extends pg.QueryResultRow>(
    statement: { name: string; text: string },
    values: unknown[],
  ): Promise<Row[]> {
    return (await pool.query<Row>({ ...statement, values })).rows;
  }

  function homePageRows(after: string | null): Promise<ArticleListRow[]> | null {
    if (after === null) return rows(statements.newestArticles, []);
    const position = homePageCursorPosition(after);
    return position && rows(statements.articlesAfter, [position.publishedAt, position.id]);
  }

  /** The home page query's JSON, or null for a cursor this list never issued. */
  async function homePage(after: string | null): Promise<string | null> {
    const pending = homePageRows(after);
    if (pending === null) return null;
    const fetched = await pending;
    const edges = fetched.slice(0, homePageSize).map((row) => {
      const publishedAt = storedDate(row.publishedAt);
      const lead = row.leadFigure;
      return {
        cursor: encodeArticleCursor({ order: listOrder, publishedAt, id: row.id }),
        node: {
          id: globalId('Article', row.id),
          slug: row.slug,
          title: row.title,
          section: sectionJson(row.section),
          summary: row.summary,
          publishedAt: publishedAt.toISOString(),
          authors: (row.authors ?? []).map(([name, slug]) => ({ name, slug })),
          leadFigure: lead && { src: lead[0], width: lead[1], height: lead[2], caption: lead[3] },
        },
      };
    });
    const pageInfo = { hasNextPage: fetched.length > homePageSize, endCursor: edges.at(-1)?.cursor ?? null };
    return serialize({ articles: { pageInfo, edges } });
  }

  /** The article page query's JSON; `article` is null for an unknown slug. */
  async function articlePage(slug: string): Promise<string> {
    const [article] = await rows<ArticleRow>(statements.articleBySlug, [slug.replace(/^\/+|\/+$/g, '')]);
    if (article === undefined) return serialize({ article: null });
    const figures = new Map((article.figures ?? []).map(([position, src, caption]) => [position, { src, caption }]));
    return serialize({
      article: {
        id: globalId('Article', article.id),
        title: article.title,
        url: article.url,
        publishedAt: storedDate(article.publishedAt).toISOString(),
        section: sectionJson(article.section),
        summary: article.summary,
        bodyHtml: article.bodyHtml,
        blocks: blocksJson(article.blocks, figures),
        links: (article.links ?? []).map(([href, text, kind, targetSlug, targetTitle]) => ({
          href,
          text,
          kind,
          target: targetSlug === null ? null : { slug: targetSlug, title: targetTitle },
        })),
        backlinks: {
          totalCount: article.backlinkCount,
          edges: (article.backlinks ?? []).map(([slug, title]) => ({ node: { slug, title } })),
        },
        authors: (article.authors ?? []).map(([name, authorSlug, articles]) => ({
          name,
          slug: authorSlug,
          articles: { edges: (articles ?? []).map(([slug, title]) => ({ node: { slug, title } })) },
        })),
      },
    });
  }

  /** The author page query's JSON; `author` is null for an unknown slug. */
  async function authorPage(slug: string): Promise<string> {
    const [author] = await rows<AuthorRow>(statements.authorBySlug, [slug]);
    if (author === undefined) return serialize({ author: null });
    const fetched = author.articles ?? [];
    const page = fetched.slice(0, authorPageSize);
    const last = page.at(-1);
    return serialize({
      author: {
        id: globalId('Author', author.id),
        slug: author.slug,
        name: author.name,
        bio: author.bio,
        profileUrl: author.profileUrl,
        articleCount: author.articleCount,
        articles: {
          totalCount: author.articleCount,
          pageInfo: {
            hasNextPage: fetched.length > authorPageSize,
            endCursor: last ? bylineCursor(last[0], author.id) : null,
          },
          edges: page.map(([, articleSlug, title, publishedAt, section]) => ({
            node: {
              slug: articleSlug,
              title,
              publishedAt: storedDate(publishedAt).toISOString(),
              section: sectionJson(section),
            },
          })),
        },
      },
    });
  }

  return { homePage, articlePage, authorPage, close: () => pool.end() };
}
