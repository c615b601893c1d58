import type { SearchQuery } from '../../archive/search-text.ts';

/**
 * Full-text search over the articles' index (`ArticleSearch`: an FTS5 table on SQLite, a tsvector
 * table on PostgreSQL), provider-neutral: what a search asks and answers. The SQL of each provider is
 * in `sqlite-search.ts` and `postgres-search.ts`; the writers keep the index (`index-rows.ts`).
 */

/** ArticleWhere's filters, as search applies them. */
export interface SearchFilter {
  section?: string | null;
  authorSlug?: string | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
}

/** Where a hit stands in the ranking: best score first, then newest, then highest id. */
export interface SearchPosition {
  /** Relevance, larger is better: BM25 on SQLite, ts_rank_cd on PostgreSQL. */
  score: number;
  publishedAt: Date;
  id: number;
}

export type SearchHit = SearchPosition;

export interface SearchPageRequest {
  query: SearchQuery;
  filter: SearchFilter;
  /** Hits strictly after this one in ranking order; null: from the best. */
  after: SearchPosition | null;
  limit: number;
}

/** A search in one request's snapshot. */
export interface ArticleSearch {
  page(request: SearchPageRequest): Promise<SearchHit[]>;
  count(query: SearchQuery, filter: SearchFilter): Promise<number>;
}

/** A statement's SQL and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** What differs between the providers: the SQL, and how a row's publishedAt and score read. */
export interface SearchDialect {
  page(request: SearchPageRequest): Statement;
  count(query: SearchQuery, filter: SearchFilter): Statement;
  publishedAt(value: unknown): Date;
}

type Run = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export function createArticleSearch(dialect: SearchDialect, run: Run): ArticleSearch {
  return {
    async page(request) {
      if (request.limit === 0) return [];
      const { sql, params } = dialect.page(request);
      const rows = await run(sql, params);
      return rows.map((row) => ({
        id: Number(row.id),
        publishedAt: dialect.publishedAt(row.publishedAt),
        score: Number(row.score),
      }));
    },
    async count(query, filter) {
      const { sql, params } = dialect.count(query, filter);
      const [row] = await run(sql, params);
      return Number(row?.count ?? 0);
    },
  };
}

/**
 * A statement's parameters as its SQL text is written, left to right: `add` answers the placeholder
 * (`?` on SQLite, `$n` on PostgreSQL), so a condition and its value are written together.
 */
export class Parameters {
  readonly values: unknown[] = [];
  readonly #numbered: boolean;

  constructor(style: '?' | '$n') {
    this.#numbered = style === '$n';
  }

  add(value: unknown): string {
    this.values.push(value);
    return this.#numbered ? `$${this.values.length}` : '?';
  }
}

/** The filter's conditions on "Article", for either provider (`dateValue`: a DateTime as the column stores it). */
export function filterConditions(
  filter: SearchFilter,
  params: Parameters,
  dateValue: (value: Date) => string,
): string[] {
  const conditions: string[] = [];
  if (filter.section != null) conditions.push(`"Article"."section" = ${params.add(filter.section)}`);
  if (filter.publishedAfter != null) {
    conditions.push(`"Article"."publishedAt" >= ${params.add(dateValue(filter.publishedAfter))}`);
  }
  if (filter.publishedBefore != null) {
    conditions.push(`"Article"."publishedAt" < ${params.add(dateValue(filter.publishedBefore))}`);
  }
  if (filter.authorSlug != null) {
    conditions.push(`EXISTS (SELECT 1 FROM "ArticleAuthor" JOIN "Author" ON "Author"."id" = "ArticleAuthor"."authorId"
      WHERE "ArticleAuthor"."articleId" = "Article"."id" AND "Author"."slug" = ${params.add(filter.authorSlug)})`);
  }
  return conditions;
}

/**
 * Hits ranked after `position`: lower score, or the same score and older, or the same score and time
 * and a lower id. `score`, `publishedAt` and `id` name the columns of the ranked rows.
 */
export function afterCondition(
  position: SearchPosition,
  params: Parameters,
  score: (placeholder: string) => string,
  dateValue: (value: Date) => string,
): string {
  const s1 = score(params.add(position.score));
  const s2 = score(params.add(position.score));
  const d1 = params.add(dateValue(position.publishedAt));
  const d2 = params.add(dateValue(position.publishedAt));
  const id = params.add(position.id);
  return `("score" < ${s1} OR ("score" = ${s2} AND ("publishedAt" < ${d1} OR ("publishedAt" = ${d2} AND "id" < ${id}))))`;
}
