import type { SearchQuery, SearchTerm } from '../../archive/search-text.ts';
import { postgresTimestamp } from '../postgres/values.ts';
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
 * Search on PostgreSQL: the table "ArticleSearch" ("articleId", "document" tsvector, GIN-indexed),
 * the tokens of search-text.ts with positions and weights (title A, authors B, captions C, body D),
 * queried with a tsquery built from the same tokens (phrases with `<->`, exclusions with `!`) and
 * ranked by `ts_rank_cd`, the title weighing most.
 */

/** ts_rank_cd's weights, in its {D, C, B, A} order: body 0.1, captions 0.2, authors 0.3, title 1. */
const rankWeights = `'{0.1, 0.2, 0.3, 1.0}'`;
/** Divides the rank by 1 + log(document length), as BM25 discounts long documents. */
const rankNormalization = 1;

/** Lexemes are letters and digits (search-text.ts): quoted, nothing to escape. */
const phrase = (term: SearchTerm) => `(${term.tokens.map((token) => `'${token}'`).join(' <-> ')})`;

/** The tsquery, as input text for a `::tsquery` cast (no parser, no dictionary: the tokens are ours). */
export function tsquery(query: SearchQuery): string {
  return [...query.required.map(phrase), ...query.excluded.map((term) => `!${phrase(term)}`)].join(' & ');
}

/** `tsqueryParam`: the placeholder of the tsquery text, which the rank reads too. */
function matches(filter: SearchFilter, params: Parameters, tsqueryParam: string): string {
  const conditions = [`"ArticleSearch"."document" @@ ${tsqueryParam}::tsquery`];
  conditions.push(...filterConditions(filter, params, postgresTimestamp));
  return `FROM "ArticleSearch" JOIN "Article" ON "Article"."id" = "ArticleSearch"."articleId" WHERE ${conditions.join(' AND ')}`;
}

export const postgresSearchDialect: SearchDialect = {
  page({ query, filter, after, limit }: SearchPageRequest): Statement {
    const params = new Parameters('$n');
    const q = params.add(tsquery(query));
    const score = `ts_rank_cd(${rankWeights}, "ArticleSearch"."document", ${q}::tsquery, ${rankNormalization})`;
    const ranked = `SELECT "Article"."id" AS "id", "Article"."publishedAt" AS "publishedAt", ${score} AS "score" ${matches(filter, params, q)}`;
    // The score is a real (float4): a cursor's score compares as one.
    const beyond =
      after === null ? '' : `WHERE ${afterCondition(after, params, (value) => `${value}::real`, postgresTimestamp)}`;
    const sql = `SELECT "id", "publishedAt", "score" FROM (${ranked}) AS "ranked" ${beyond}
      ORDER BY "score" DESC, "publishedAt" DESC, "id" DESC LIMIT ${params.add(limit)}`;
    return { sql, params: params.values };
  },
  count(query: SearchQuery, filter: SearchFilter): Statement {
    const params = new Parameters('$n');
    const q = params.add(tsquery(query));
    return { sql: `SELECT count(*)::int4 AS "count" ${matches(filter, params, q)}`, params: params.values };
  },
  publishedAt: (value) => new Date(`${(value as string).replace(' ', 'T')}Z`),
};

/** The writer's statements on the index: rows bound as arrays, one statement per batch. */
export const postgresSearchIndexSql = {
  upsert: `INSERT INTO "ArticleSearch" ("articleId", "document") SELECT * FROM unnest($1::int4[], $2::tsvector[])
    ON CONFLICT ("articleId") DO UPDATE SET "document" = EXCLUDED."document"`,
  nextArticleIds: 'SELECT "id" FROM "Article" WHERE "id" > $1 ORDER BY "id" LIMIT $2',
  /** What re-indexing reads back of stored articles. */
  storedArticles: `SELECT "Article"."id", "Article"."title", "Article"."bodyText",
      ARRAY(SELECT "caption" FROM "Figure" WHERE "Figure"."articleId" = "Article"."id" ORDER BY "position") AS "captions",
      ARRAY(SELECT "Author"."name" FROM "ArticleAuthor" JOIN "Author" ON "Author"."id" = "ArticleAuthor"."authorId"
        WHERE "ArticleAuthor"."articleId" = "Article"."id" ORDER BY "ArticleAuthor"."position") AS "authors"
    FROM "Article" WHERE "Article"."id" = ANY($1::int4[])`,
  /** Articles of these authors, for re-indexing under an author's new name. */
  articlesOfAuthors: 'SELECT DISTINCT "articleId" AS "id" FROM "ArticleAuthor" WHERE "authorId" = ANY($1::int4[])',
};
