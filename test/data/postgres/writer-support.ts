import pg from 'pg';
import { afterAll } from 'vitest';
import type { ArticleRecord } from '../../../src/archive/record.ts';
import { generateDocumentSpec } from '../../../src/corpus/generate.ts';
import { type DocumentSpec, renderDocument } from '../../../src/corpus/render.ts';
import { migratePostgresDatabase } from '../../../src/data/postgres/migrate.ts';
import { postgresTypes } from '../../../src/data/postgres/values.ts';
import { parseDocument } from '../../../src/ingest/parse/document.ts';
import { createRunDatabase, dropDatabase, newRunId, postgresDatabaseUrl } from '../../support/postgres.ts';

/** Helpers of the PostgreSQL writer's tests: databases of their own, corpora, and the stored state read back. */

export interface FreshDatabase {
  url: string;
  /** Timestamps come back as the UTC text PostgreSQL stores, whatever the process's time zone. */
  pool: pg.Pool;
  /** Another pool on the database: other connections, as another process would have. */
  newPool(): pg.Pool;
}

/** A new, migrated database of its own, dropped (its pools ended) after the file's tests. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const name = await createRunDatabase(newRunId());
  const url = postgresDatabaseUrl(name);
  const pools: pg.Pool[] = [];
  const newPool = () => {
    const pool = new pg.Pool({ connectionString: url, max: 4, types: postgresTypes });
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  afterAll(async () => {
    await Promise.all(pools.map((each) => each.end()));
    await dropDatabase(name);
  });
  await migratePostgresDatabase(url);
  return { url, pool, newPool };
}

export async function rows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  return (await pool.query<Row>(text, values)).rows;
}

/** Empties every table and restarts the ids, as in a new database. */
export async function emptyTables(pool: pg.Pool): Promise<void> {
  await pool.query('TRUNCATE "Article", "ArticleSearch", "Author", "ArticleAuthor", "Figure", "Link" RESTART IDENTITY');
}

export function parsedRecord(spec: DocumentSpec): ArticleRecord {
  const result = parseDocument(renderDocument(spec));
  if (!result.ok) throw new Error(`test document refused: ${result.refusal.message}`);
  return result.article;
}

/** Documents `from` to `to` (excluded) of a generated corpus of `count`: their links name each other. */
export function corpusSpecs(from: number, to: number, options: { count: number; seed: number }): DocumentSpec[] {
  return Array.from({ length: to - from }, (_, offset) => generateDocumentSpec(from + offset, options));
}

/**
 * Everything an archive holds, by URL and slug rather than by id (ids depend on who wrote first),
 * sorted: two archives holding the same documents, however they were written, compare equal.
 */
export async function archiveState(pool: pg.Pool) {
  const [articles, authors, bylines, figures, links] = await Promise.all([
    rows(pool, 'SELECT "url", "contentHash" FROM "Article" ORDER BY "url"'),
    rows(pool, 'SELECT "slug", "name", "bio", "profileUrl" FROM "Author" ORDER BY "slug"'),
    rows(
      pool,
      `SELECT "article"."url", "author"."slug", "byline"."position" FROM "ArticleAuthor" AS "byline"
       JOIN "Article" AS "article" ON "article"."id" = "byline"."articleId"
       JOIN "Author" AS "author" ON "author"."id" = "byline"."authorId"
       ORDER BY 1, 3`,
    ),
    rows(
      pool,
      `SELECT "article"."url", "figure"."position", "figure"."src" FROM "Figure" AS "figure"
       JOIN "Article" AS "article" ON "article"."id" = "figure"."articleId" ORDER BY 1, 2`,
    ),
    rows(
      pool,
      `SELECT "source"."url", "link"."position", "link"."targetUrl", "target"."url" AS "resolvedUrl", "link"."firstToTarget"
       FROM "Link" AS "link"
       JOIN "Article" AS "source" ON "source"."id" = "link"."articleId"
       LEFT JOIN "Article" AS "target" ON "target"."id" = "link"."targetId"
       ORDER BY 1, 2`,
    ),
  ]);
  return { articles, authors, bylines, figures, links };
}

/** Links naming an archived article that do not point at it. */
export async function unresolvedLinks(pool: pg.Pool): Promise<unknown[]> {
  return rows(
    pool,
    `SELECT "link"."id", "link"."targetUrl" FROM "Link" AS "link" JOIN "Article" AS "target" ON "target"."url" = "link"."targetUrl"
     WHERE "link"."targetId" IS DISTINCT FROM "target"."id"`,
  );
}
