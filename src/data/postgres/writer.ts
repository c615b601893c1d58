import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { ArticleRecord } from '../../archive/record.ts';
import { recordSearchColumns, type StoredSearchRow, storedSearchColumns, tsvectorOf } from '../search/index-rows.ts';
import { postgresSearchIndexSql } from '../search/postgres-search.ts';
import {
  type ArticleWrite,
  AuthorBook,
  type AuthorRow,
  authorKeys,
  type ChangeRow,
  type DeletedRow,
  deleteChanges,
  type FigureRow,
  type LinkRow,
  linkRows,
  linkTargetUrls,
  planArticleWrites,
  renamedAuthorIds,
  type StoredArticle,
  type StoreOutcome,
  sequentialOutcomes,
  writeChanges,
} from '../write/plan.ts';
import type { ArticleWriter, DeletedArticle, ReindexedBatch } from '../write/writer.ts';
import { postgresTimestamp } from './values.ts';

/**
 * The PostgreSQL writer: a batch is one READ COMMITTED transaction on a pooled connection of the
 * primary, executing the plan of `plan.ts` in a fixed number of set-wise statements (each table's
 * rows bound as arrays and expanded by `unnest`), whatever the batch's size.
 *
 * Several processes may write at once. PostgreSQL cannot lock a row that does not exist yet, so a
 * batch first takes transaction-scoped advisory locks on the URLs it reads: exclusive on its own
 * documents' URLs, shared on the URLs its links name. Two batches storing one document, or one storing
 * an article while another stores a link to it, therefore run one after the other, and the later one
 * reads what the earlier committed: outcomes and link targets come out as if the batches had been
 * written serially, while batches about different documents run side by side. Authors are shared by
 * nearly every batch, so they are not locked up front but upserted (`ON CONFLICT ("slug")`). What
 * locking cannot rule out (a deadlock, a write from outside this writer) fails the attempt, and the
 * batch is retried whole in a fresh transaction. A delete locks the URLs of the articles it removes
 * the same way, so it never interleaves with a batch storing them or linking to them.
 *
 * The change feed is appended last, under one more advisory lock held until COMMIT: sequence numbers
 * are then handed out in commit order, so a reader polling `sequence > n` never sees a later change
 * commit before an earlier one.
 */

export interface WriterHooks {
  /** Runs inside the batch's transaction, just before COMMIT (only for a batch that changed something). */
  inTransaction?(client: pg.PoolClient): Promise<void>;
  /** Runs after COMMIT (only for a batch that changed something); if it throws, `write` rejects though the batch is stored. */
  afterCommit?(): Promise<void>;
}

const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 20;
const MAX_BACKOFF_MS = 1000;

/** SQLSTATEs of a transaction that lost a race; the same batch can succeed on a fresh attempt. */
const serializationFailure = '40001';
const deadlockDetected = '40P01';
const uniqueViolation = '23505';

/**
 * The batch's plan was decided on rows that changed before it was written: a new article's URL was
 * stored meanwhile by a writer that takes no advisory locks (say, Prisma). The next attempt reads it.
 */
class StalePlanError extends Error {
  override name = 'StalePlanError';
}

function isRetryable(error: unknown, attempt: number): boolean {
  if (error instanceof StalePlanError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === serializationFailure || code === deadlockDetected) return true;
  // A unique violation a race caused is gone on the next attempt, which reads the winner's row; one
  // that persists is in the data itself (two URLs with one slug) and fails the batch at once.
  return code === uniqueViolation && attempt === 1;
}

interface BatchResult<T> {
  value: T;
  changed: boolean;
}

type BatchWork<T> = (batch: Batch) => Promise<BatchResult<T>>;

export class PostgresArticleWriter implements ArticleWriter {
  readonly #pool: pg.Pool;
  readonly #hooks: WriterHooks;
  #closed = false;

  /** The pool belongs to the database that opened it: the writer borrows a connection per batch. */
  constructor(pool: pg.Pool, hooks: WriterHooks = {}) {
    this.#pool = pool;
    this.#hooks = hooks;
  }

  async write(records: readonly ArticleRecord[]): Promise<StoreOutcome[]> {
    if (records.length === 0) return [];
    return this.#run((batch) => batch.store(records));
  }

  async delete(ids: readonly number[]): Promise<DeletedArticle[]> {
    if (ids.length === 0) return [];
    return this.#run((batch) => batch.delete(ids));
  }

  async reindexSearch(afterId: number, limit: number): Promise<ReindexedBatch> {
    return this.#run((batch) => batch.reindexSearch(afterId, limit));
  }

  /** Refuses further batches; the pool is closed by its owner, after the batches in flight. */
  close(): void {
    this.#closed = true;
  }

  async #run<T>(work: BatchWork<T>): Promise<T> {
    if (this.#closed) throw new Error('the article writer is closed');
    const result = await this.#retrying(work);
    if (result.changed) await this.#hooks.afterCommit?.();
    return result.value;
  }

  async #retrying<T>(work: BatchWork<T>): Promise<BatchResult<T>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#once(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error, attempt)) throw error;
        // Fully jittered, so that two writers that collided do not collide again in step.
        await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1)));
      }
    }
  }

  async #once<T>(work: BatchWork<T>): Promise<BatchResult<T>> {
    const client = await this.#pool.connect();
    let result: BatchResult<T>;
    try {
      // Explicitly READ COMMITTED: each statement must see what the writers it waited for committed.
      // Under a server default of REPEATABLE READ the snapshot would date from before the locks.
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      result = await work(new Batch(client));
      if (result.changed) await this.#hooks.inTransaction?.(client);
      await client.query('COMMIT');
    } catch (error) {
      await rollBackAndRelease(client);
      throw error;
    }
    client.release();
    return result;
  }
}

/** A connection whose transaction cannot even be rolled back is broken: it leaves the pool. */
async function rollBackAndRelease(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error as Error);
  }
}

/** A column of a bulk statement: its SQL type and how a row gives its value. */
interface Column<Row> {
  name: string;
  type: string;
  value: (row: Row) => unknown;
}

const quoted = (columns: readonly Column<never>[]) => columns.map(({ name }) => `"${name}"`).join(', ');

/** `unnest($1::text[], $2::int4[], …)`: one array parameter per column, read back as rows. */
const unnestFrom = (columns: readonly Column<never>[]) =>
  `unnest(${columns.map(({ type }, index) => `$${index + 1}::${type}[]`).join(', ')})`;

const insertSql = (table: string, columns: readonly Column<never>[]) =>
  `INSERT INTO "${table}" (${quoted(columns)}) SELECT * FROM ${unnestFrom(columns)}`;

/** Updates rows by `id`, the first column, to the other columns' values. */
function updateSql(table: string, columns: readonly Column<never>[]): string {
  const assignments = columns.slice(1).map(({ name }) => `"${name}" = "new"."${name}"`);
  return `UPDATE "${table}" SET ${assignments.join(', ')} FROM ${unnestFrom(columns)} AS "new"(${quoted(columns)})
    WHERE "${table}"."id" = "new"."id"`;
}

function columnArrays<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): unknown[][] {
  return columns.map(({ value }) => rows.map(value));
}

const nullableTimestamp = (value: Date | null) => (value === null ? null : postgresTimestamp(value));

/** An article as one batch writes it: `id` only when it exists, `stamp` the batch's time. */
interface ArticleRow {
  id: number | null;
  record: ArticleRecord;
  stamp: string;
}

const articleContent: Column<ArticleRow>[] = [
  { name: 'url', type: 'text', value: ({ record }) => record.url },
  { name: 'slug', type: 'text', value: ({ record }) => record.slug },
  { name: 'title', type: 'text', value: ({ record }) => record.title },
  { name: 'section', type: 'text', value: ({ record }) => record.section },
  { name: 'language', type: 'text', value: ({ record }) => record.language },
  { name: 'publishedAt', type: 'timestamp(3)', value: ({ record }) => postgresTimestamp(record.publishedAt) },
  { name: 'capturedAt', type: 'timestamp(3)', value: ({ record }) => nullableTimestamp(record.capturedAt) },
  { name: 'summary', type: 'text', value: ({ record }) => record.summary },
  { name: 'bodyHtml', type: 'text', value: ({ record }) => record.bodyHtml },
  { name: 'bodyText', type: 'text', value: ({ record }) => record.bodyText },
  { name: 'blocks', type: 'jsonb', value: ({ record }) => JSON.stringify(record.blocks) },
  { name: 'originalUrl', type: 'text', value: ({ record }) => record.originalUrl },
  { name: 'credits', type: 'jsonb', value: ({ record }) => JSON.stringify(record.credits) },
  { name: 'contentHash', type: 'text', value: ({ record }) => record.contentHash },
  // Prisma's @updatedAt and @default(now()) are applied by Prisma's client only.
  { name: 'updatedAt', type: 'timestamp(3)', value: ({ stamp }) => stamp },
];

const articleId: Column<ArticleRow> = { name: 'id', type: 'int4', value: ({ id }) => id };
const articleInsert: Column<ArticleRow>[] = [
  ...articleContent,
  { name: 'createdAt', type: 'timestamp(3)', value: ({ stamp }) => stamp },
];
const articleUpdate: Column<ArticleRow>[] = [articleId, ...articleContent];

const authorFooter: Column<AuthorRow>[] = [
  { name: 'name', type: 'text', value: (row) => row.name },
  { name: 'bio', type: 'text', value: (row) => row.bio },
  { name: 'profileUrl', type: 'text', value: (row) => row.profileUrl },
];
const authorId: Column<AuthorRow> = { name: 'id', type: 'int4', value: (row) => row.id };
const authorInsert: Column<AuthorRow>[] = [
  authorId,
  { name: 'slug', type: 'text', value: (row) => row.slug },
  ...authorFooter,
];
const authorUpdate: Column<AuthorRow>[] = [authorId, ...authorFooter];

interface BylineRow {
  articleId: number;
  authorId: number;
  position: number;
  publishedAt: Date;
}

const bylineColumns: Column<BylineRow>[] = [
  { name: 'articleId', type: 'int4', value: (row) => row.articleId },
  { name: 'authorId', type: 'int4', value: (row) => row.authorId },
  { name: 'position', type: 'int4', value: (row) => row.position },
  { name: 'publishedAt', type: 'timestamp(3)', value: (row) => postgresTimestamp(row.publishedAt) },
];

const figureColumns: Column<FigureRow>[] = [
  { name: 'articleId', type: 'int4', value: (row) => row.articleId },
  { name: 'position', type: 'int4', value: (row) => row.position },
  { name: 'isLead', type: 'bool', value: (row) => row.isLead },
  { name: 'src', type: 'text', value: (row) => row.src },
  { name: 'width', type: 'int4', value: (row) => row.width },
  { name: 'height', type: 'int4', value: (row) => row.height },
  { name: 'caption', type: 'text', value: (row) => row.caption },
  { name: 'credit', type: 'text', value: (row) => row.credit },
];

const linkColumns: Column<LinkRow>[] = [
  { name: 'articleId', type: 'int4', value: (row) => row.articleId },
  { name: 'position', type: 'int4', value: (row) => row.position },
  { name: 'href', type: 'text', value: (row) => row.href },
  { name: 'text', type: 'text', value: (row) => row.text },
  { name: 'title', type: 'text', value: (row) => row.title },
  { name: 'kind', type: '"LinkKind"', value: (row) => row.kind },
  { name: 'targetUrl', type: 'text', value: (row) => row.targetUrl },
  { name: 'targetId', type: 'int4', value: (row) => row.targetId },
  { name: 'firstToTarget', type: 'bool', value: (row) => row.firstToTarget },
  { name: 'sourcePublishedAt', type: 'timestamp(3)', value: (row) => postgresTimestamp(row.sourcePublishedAt) },
];

/**
 * The first key of the advisory locks on URLs: any constant every writer of the archive shares. Two-key
 * locks have a key space of their own, so the migration runner's one-key lock never meets these.
 */
const urlLockSpace = 0x55_524c;
/** The first key of the change feed's advisory lock (its second key is 0). */
const changeFeedLockSpace = 0x43_4847;

const changeColumns: Column<ChangeRow & { at: string }>[] = [
  { name: 'type', type: '"ChangeType"', value: (row) => row.type },
  { name: 'articleId', type: 'int4', value: (row) => row.articleId },
  { name: 'url', type: 'text', value: (row) => row.url },
  { name: 'section', type: 'text', value: (row) => row.section },
  { name: 'at', type: 'timestamp(3)', value: (row) => row.at },
];

const sql = {
  // One statement takes all the batch's locks, shared and exclusive, in the order of the arrays.
  lockUrls: `SELECT CASE WHEN "exclusive" THEN pg_advisory_xact_lock($1, "key") ELSE pg_advisory_xact_lock_shared($1, "key") END
    FROM unnest($2::int4[], $3::bool[]) AS "keys"("key", "exclusive")`,
  storedArticles: 'SELECT "id", "url", "contentHash" FROM "Article" WHERE "url" = ANY($1::text[])',
  authors: `SELECT "id", "slug", "name", "bio", "profileUrl" FROM "Author"
    WHERE "slug" = ANY($1::text[]) OR "name" = ANY($2::text[]) ORDER BY "id"`,
  newAuthorIds: `SELECT nextval(pg_get_serial_sequence('"Author"', 'id'))::int4 AS "id"
    FROM generate_series(1, $1::int4) ORDER BY "id"`,
  // Another batch may insert the same new author meanwhile: this one then waits for it to commit and
  // takes its row, as it would have read it had it started later. A bare byline (no bio, no profile)
  // leaves the footer that row has.
  insertAuthors: `${insertSql('Author', authorInsert)}
    ON CONFLICT ("slug") DO UPDATE SET ${authorFooter
      .map(
        ({ name }) =>
          `"${name}" = CASE WHEN EXCLUDED."bio" IS NULL AND EXCLUDED."profileUrl" IS NULL THEN "Author"."${name}" ELSE EXCLUDED."${name}" END`,
      )
      .join(', ')}
    RETURNING "id", "slug"`,
  updateAuthors: updateSql('Author', authorUpdate),
  insertArticles: `${insertSql('Article', articleInsert)} ON CONFLICT ("url") DO NOTHING RETURNING "id", "url"`,
  updateArticles: updateSql('Article', articleUpdate),
  deleteBylines: 'DELETE FROM "ArticleAuthor" WHERE "articleId" = ANY($1::int4[])',
  deleteFigures: 'DELETE FROM "Figure" WHERE "articleId" = ANY($1::int4[])',
  deleteLinks: 'DELETE FROM "Link" WHERE "articleId" = ANY($1::int4[])',
  articleIds: 'SELECT "id", "url" FROM "Article" WHERE "url" = ANY($1::text[])',
  insertBylines: insertSql('ArticleAuthor', bylineColumns),
  insertFigures: insertSql('Figure', figureColumns),
  insertLinks: insertSql('Link', linkColumns),
  // Links stored before their target article was archived point at it from now on. The `+ 0` keeps
  // PostgreSQL off the targetId index: on tables not yet analyzed (a first ingest) it would scan every
  // unresolved link of the archive (most are external) once per URL of the batch.
  resolvePendingLinks: `UPDATE "Link" SET "targetId" = "Article"."id" FROM "Article"
    WHERE "Article"."url" = ANY($1::text[]) AND "Link"."targetUrl" = "Article"."url" AND "Link"."targetId" + 0 IS NULL`,
  articleUrls: 'SELECT "url" FROM "Article" WHERE "id" = ANY($1::int4[])',
  // Bylines, figures and the article's own links go with it (ON DELETE CASCADE); links from other
  // articles stay, their targetId cleared (ON DELETE SET NULL), and their targetUrl kept, so they
  // point at the article again if it is stored anew.
  deleteArticles: 'DELETE FROM "Article" WHERE "id" = ANY($1::int4[]) RETURNING "id", "url", "section"',
  // The lock is taken before the first row is numbered; sequence numbers follow the rows' order
  // (`ordinality`), which is the batch's record order.
  insertChanges: `WITH "feed" AS (SELECT pg_advisory_xact_lock(${changeFeedLockSpace}, 0))
    INSERT INTO "Change" (${quoted(changeColumns)})
    SELECT ${quoted(changeColumns)} FROM "feed", ${unnestFrom(changeColumns)} WITH ORDINALITY AS "c"(${quoted(changeColumns)}, "n")
    ORDER BY "n"`,
};

/** A URL's lock key: a hash, so two URLs may share one, which only makes their batches wait for each other. */
function urlLockKey(url: string): number {
  return createHash('sha1').update(url).digest().readInt32BE(0);
}

/**
 * Each key once (exclusive wins), in ascending order: every batch takes its locks in the same order,
 * so batches waiting for each other's locks never wait in a circle.
 */
function urlLocks(records: readonly ArticleRecord[]): { keys: number[]; exclusive: boolean[] } {
  const locks = new Map<number, boolean>();
  const lock = (url: string, exclusive: boolean) => {
    const key = urlLockKey(url);
    locks.set(key, exclusive || locks.get(key) === true);
  };
  for (const record of records) {
    lock(record.url, true);
    for (const { targetUrl } of record.links) if (targetUrl !== null) lock(targetUrl, false);
  }
  return sortedLocks(locks);
}

function sortedLocks(locks: ReadonlyMap<number, boolean>): { keys: number[]; exclusive: boolean[] } {
  const keys = [...locks.keys()].sort((a, b) => a - b);
  return { keys, exclusive: keys.map((key) => locks.get(key) === true) };
}

type StoredAuthor = Omit<AuthorRow, 'footerChanged' | 'renamed'>;

const bySlug = (a: AuthorRow, b: AuthorRow) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** One attempt at a batch, inside its transaction. */
class Batch {
  readonly #client: pg.PoolClient;
  readonly #stamp = postgresTimestamp(new Date());

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async store(records: readonly ArticleRecord[]): Promise<BatchResult<StoreOutcome[]>> {
    const { keys, exclusive } = urlLocks(records);
    await this.#query(sql.lockUrls, [urlLockSpace, keys, exclusive]);
    const urls = [...new Set(records.map((record) => record.url))];
    const stored = await this.#query<StoredArticle>(sql.storedArticles, [urls]);
    const outcomes = sequentialOutcomes(records, stored);
    const changed = records.filter((_, index) => outcomes[index] !== 'unchanged');
    if (changed.length === 0) return { value: outcomes, changed: false };

    const { slugs, bareNames } = authorKeys(changed);
    const authors = new AuthorBook(await this.#query<StoredAuthor>(sql.authors, [slugs, bareNames]));
    const writes = planArticleWrites(changed, stored, authors);
    await this.#saveAuthors(authors.rows);
    const articleIds = await this.#saveArticles(writes);
    const targetIds = await this.#linkTargets(writes);
    await this.#insertChildren(writes, articleIds, targetIds);
    await this.#query(sql.resolvePendingLinks, [writes.map(({ record }) => record.url)]);
    await this.#indexWrites(writes, articleIds, authors.rows);
    await this.#appendChanges(writeChanges(records, outcomes, articleIds));
    return { value: outcomes, changed: true };
  }

  /**
   * Locks the articles' URLs before deleting them (their ids never change hands, so the URLs read
   * first are still theirs): a batch storing one of them or linking to one waits, or is waited for.
   */
  async delete(ids: readonly number[]): Promise<BatchResult<DeletedArticle[]>> {
    const idList = [...new Set(ids)];
    const urls = await this.#query<{ url: string }>(sql.articleUrls, [idList]);
    const { keys, exclusive } = sortedLocks(new Map(urls.map(({ url }) => [urlLockKey(url), true])));
    await this.#query(sql.lockUrls, [urlLockSpace, keys, exclusive]);
    const removed = await this.#query<DeletedRow>(sql.deleteArticles, [idList]);
    const changes = deleteChanges(ids, removed);
    await this.#appendChanges(changes);
    return { value: changes.map(({ articleId, url }) => ({ id: articleId, url })), changed: changes.length > 0 };
  }

  /**
   * Re-indexes the next `limit` articles after `afterId` from their stored rows, their URLs locked as
   * a delete locks them: a batch storing one of them meanwhile is waited for (or waits), so an older
   * read never overwrites its newer entry.
   */
  async reindexSearch(afterId: number, limit: number): Promise<BatchResult<ReindexedBatch>> {
    const ids = (await this.#query<{ id: number }>(postgresSearchIndexSql.nextArticleIds, [afterId, limit])).map(
      ({ id }) => id,
    );
    const urls = await this.#query<{ url: string }>(sql.articleUrls, [ids]);
    const { keys, exclusive } = sortedLocks(new Map(urls.map(({ url }) => [urlLockKey(url), true])));
    await this.#query(sql.lockUrls, [urlLockSpace, keys, exclusive]);
    await this.#reindexStored(ids);
    // Entries of deleted articles went with them (ON DELETE CASCADE): nothing to sweep.
    return { value: { indexed: ids.length, lastId: ids.at(-1) ?? null }, changed: ids.length > 0 };
  }

  /**
   * The batch's articles enter the index as written (an updated one's entry replaced); articles of
   * other batches whose author was renamed are re-indexed from their stored rows.
   */
  async #indexWrites(
    writes: readonly ArticleWrite[],
    articleIds: Map<string, number>,
    authors: readonly AuthorRow[],
  ): Promise<void> {
    const ids = writes.map(({ record }) => idOf(articleIds, record.url));
    const documents = writes.map(({ record, authors: byline }) =>
      tsvectorOf(
        recordSearchColumns(
          record,
          byline.map((author) => author.name),
        ),
      ),
    );
    await this.#query(postgresSearchIndexSql.upsert, [ids, documents]);
    const renamed = renamedAuthorIds(authors);
    if (renamed.length === 0) return;
    const written = new Set(ids);
    const others = await this.#query<{ id: number }>(postgresSearchIndexSql.articlesOfAuthors, [renamed]);
    await this.#reindexStored(others.map(({ id }) => id).filter((id) => !written.has(id)));
  }

  async #reindexStored(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.#query<StoredSearchRow>(postgresSearchIndexSql.storedArticles, [ids]);
    await this.#query(postgresSearchIndexSql.upsert, [
      rows.map((row) => row.id),
      rows.map((row) => tsvectorOf(storedSearchColumns(row))),
    ]);
  }

  async #appendChanges(changes: readonly ChangeRow[]): Promise<void> {
    await this.#bulk(
      sql.insertChanges,
      changeColumns,
      changes.map((change) => ({ ...change, at: this.#stamp })),
    );
  }

  async #query<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
    return (await this.#client.query<Row>(text, values)).rows;
  }

  /** A bulk statement, skipped when it has no rows. */
  async #bulk<Row>(text: string, columns: readonly Column<Row>[], rows: readonly Row[]): Promise<void> {
    if (rows.length > 0) await this.#query(text, columnArrays(columns, rows));
  }

  async #saveAuthors(rows: readonly AuthorRow[]): Promise<void> {
    const created = rows.filter((row) => row.id === null);
    if (created.length > 0) await this.#createAuthors(created);
    const changed = rows.filter((row) => !created.includes(row) && row.footerChanged);
    await this.#bulk(sql.updateAuthors, authorUpdate, changed.sort(bySlug));
  }

  /**
   * New authors get their ids in the order the batch met them, as storing one by one (and the SQLite
   * writer) would number them, but are inserted in slug order, as changed ones are updated: batches
   * that write the same authors lock their rows in the same order.
   */
  async #createAuthors(created: readonly AuthorRow[]): Promise<void> {
    const ids = await this.#query<{ id: number }>(sql.newAuthorIds, [created.length]);
    created.forEach((row, index) => {
      row.id = ids[index]?.id ?? null;
    });
    const stored = await this.#query<{ id: number; slug: string }>(
      sql.insertAuthors,
      columnArrays(authorInsert, [...created].sort(bySlug)),
    );
    // The row another batch inserted first keeps its own id.
    const storedIds = new Map(stored.map(({ id, slug }) => [slug, id]));
    for (const row of created) row.id = storedIds.get(row.slug) ?? null;
  }

  /** Creates the new articles and updates the changed ones in place, clearing their children; answers ids by URL. */
  async #saveArticles(writes: readonly ArticleWrite[]): Promise<Map<string, number>> {
    const rows = writes.map(({ record, existingId }) => ({ id: existingId, record, stamp: this.#stamp }));
    const created = rows.filter((row) => row.id === null);
    const updated = rows.filter((row) => row.id !== null);
    const articleIds = new Map<string, number>();
    for (const { id, record } of updated) if (id !== null) articleIds.set(record.url, id);
    if (created.length > 0) {
      const inserted = await this.#query<{ id: number; url: string }>(
        sql.insertArticles,
        columnArrays(articleInsert, created),
      );
      if (inserted.length < created.length) throw new StalePlanError('another writer stored a new article first');
      for (const { id, url } of inserted) articleIds.set(url, id);
    }
    if (updated.length > 0) {
      await this.#bulk(sql.updateArticles, articleUpdate, updated);
      const replaced = [updated.map((row) => row.id)];
      await this.#query(sql.deleteBylines, replaced);
      await this.#query(sql.deleteFigures, replaced);
      await this.#query(sql.deleteLinks, replaced);
    }
    return articleIds;
  }

  /** Ids of the archived articles, this batch's included, that the links name. */
  async #linkTargets(writes: readonly ArticleWrite[]): Promise<Map<string, number>> {
    const urls = linkTargetUrls(writes);
    if (urls.length === 0) return new Map();
    const rows = await this.#query<{ id: number; url: string }>(sql.articleIds, [urls]);
    return new Map(rows.map((row) => [row.url, row.id]));
  }

  async #insertChildren(
    writes: readonly ArticleWrite[],
    articleIds: Map<string, number>,
    targetIds: Map<string, number>,
  ): Promise<void> {
    const bylines: BylineRow[] = [];
    const figures: FigureRow[] = [];
    const links: LinkRow[] = [];
    for (const { record, authors } of writes) {
      const articleId = idOf(articleIds, record.url);
      authors.forEach((author, position) => {
        if (author.id === null) throw new Error(`author ${author.slug} was written but has no id`);
        bylines.push({ articleId, authorId: author.id, position, publishedAt: record.publishedAt });
      });
      for (const figure of record.figures) figures.push({ ...figure, articleId });
      links.push(...linkRows(record, articleId, targetIds));
    }
    await this.#bulk(sql.insertBylines, bylineColumns, bylines);
    await this.#bulk(sql.insertFigures, figureColumns, figures);
    await this.#bulk(sql.insertLinks, linkColumns, links);
  }
}

function idOf(articleIds: Map<string, number>, url: string): number {
  const id = articleIds.get(url);
  if (id === undefined) throw new Error(`article ${url} was written but has no id`);
  return id;
}
