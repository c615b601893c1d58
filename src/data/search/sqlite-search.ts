import type { SearchQuery, SearchTerm } from '../../archive/search-text.ts';
import { sqliteDateTime } from '../sqlite-values.ts';
import {
  afterCondition,
  filterConditions,
  Parameters,
  type SearchDialect,
  type SearchFilter,
  type SearchPageRequest,
  type Statement,
} from './search.ts';

/**
 * Search on SQLite: the FTS5 table "ArticleSearch" (rowid = the article's id; columns title, body,
 * captions, authors, each the space-joined tokens of search-text.ts under the `ascii` tokenizer, which
 * splits them on the spaces and nothing else), ranked by BM25 with the title weighing most. It keeps
 * its own copy of the tokens (see its migration for why not contentless).
 */

/** bm25() column weights, in the table's column order: title, body, captions, authors. */
const bm25 = 'bm25("ArticleSearch", 10.0, 1.0, 2.0, 3.0)';

/** Each token quoted (FTS5 then reads it as a string, never as an operator); a phrase's tokens in one string. */
const phrase = (term: SearchTerm) => `"${term.tokens.join(' ')}"`;

/** The FTS5 query: every required term AND-ed, then each excluded one NOT-ed. */
export function ftsQuery(query: SearchQuery): string {
  const required = `(${query.required.map(phrase).join(' AND ')})`;
  return [required, ...query.excluded.map(phrase)].join(' NOT ');
}

function matches(query: SearchQuery, filter: SearchFilter, params: Parameters): string {
  const conditions = [`"ArticleSearch" MATCH ${params.add(ftsQuery(query))}`];
  conditions.push(...filterConditions(filter, params, sqliteDateTime));
  return `FROM "ArticleSearch" JOIN "Article" ON "Article"."id" = "ArticleSearch"."rowid" WHERE ${conditions.join(' AND ')}`;
}

export const sqliteSearchDialect: SearchDialect = {
  page({ query, filter, after, limit }: SearchPageRequest): Statement {
    const params = new Parameters('?');
    const ranked = `SELECT "Article"."id" AS "id", "Article"."publishedAt" AS "publishedAt", -${bm25} AS "score" ${matches(query, filter, params)}`;
    const beyond = after === null ? '' : `WHERE ${afterCondition(after, params, (value) => value, sqliteDateTime)}`;
    const sql = `SELECT "id", "publishedAt", "score" FROM (${ranked}) ${beyond}
      ORDER BY "score" DESC, "publishedAt" DESC, "id" DESC LIMIT ${params.add(limit)}`;
    return { sql, params: params.values };
  },
  count(query: SearchQuery, filter: SearchFilter): Statement {
    const params = new Parameters('?');
    return { sql: `SELECT count(*) AS "count" ${matches(query, filter, params)}`, params: params.values };
  },
  publishedAt: (value) => new Date(value as string),
};

const inList = 'IN (SELECT value FROM json_each(?))';

/**
 * The writer's statements on the index. Rows are inserted one prepared statement each, as the writer
 * inserts figures and links: better-sqlite3 has no round trip to save, and one statement over a JSON
 * array of the batch measured 20 % slower (0.066 against 0.053 ms per article, binding and parsing the
 * JSON text twice the size of the article's body).
 */
export const sqliteSearchIndexSql = {
  delete: `DELETE FROM "ArticleSearch" WHERE "rowid" ${inList}`,
  insert: 'INSERT INTO "ArticleSearch" ("rowid", "title", "body", "captions", "authors") VALUES (?, ?, ?, ?, ?)',
  /** The ids of the next `limit` articles after an id: a batch of a rebuild. */
  nextArticleIds: 'SELECT "id" FROM "Article" WHERE "id" > ? ORDER BY "id" LIMIT ?',
  /** What re-indexing reads back of stored articles. */
  storedArticles: `SELECT "Article"."id", "Article"."title", "Article"."bodyText",
      (SELECT json_group_array("caption") FROM (SELECT "caption" FROM "Figure"
        WHERE "Figure"."articleId" = "Article"."id" ORDER BY "position")) AS "captions",
      (SELECT json_group_array("name") FROM (SELECT "Author"."name" FROM "ArticleAuthor"
        JOIN "Author" ON "Author"."id" = "ArticleAuthor"."authorId"
        WHERE "ArticleAuthor"."articleId" = "Article"."id" ORDER BY "ArticleAuthor"."position")) AS "authors"
    FROM "Article" WHERE "Article"."id" ${inList}`,
  /** Entries whose article is gone. */
  deleteOrphans: 'DELETE FROM "ArticleSearch" WHERE "rowid" NOT IN (SELECT "id" FROM "Article")',
  /** Articles of these authors, for re-indexing under an author's new name. */
  articlesOfAuthors: `SELECT DISTINCT "articleId" AS "id" FROM "ArticleAuthor" WHERE "authorId" ${inList}`,
};
