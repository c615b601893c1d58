import SQLite from 'better-sqlite3';
import type { ArticleRecord } from '../../archive/record.ts';
import {
  type FtsRow,
  ftsRow,
  recordSearchColumns,
  type StoredSearchRow,
  storedSearchColumns,
} from '../search/index-rows.ts';
import { sqliteSearchIndexSql } from '../search/sqlite-search.ts';
import { sqliteDateTime } from '../sqlite-values.ts';
import {
  type ArticleWrite,
  AuthorBook,
  type AuthorRow,
  authorKeys,
  type ChangeRow,
  type DeletedRow,
  deleteChanges,
  linkRows,
  linkTargetUrls,
  planArticleWrites,
  renamedAuthorIds,
  type StoredArticle,
  type StoreOutcome,
  sequentialOutcomes,
  writeChanges,
} from './plan.ts';
import type { ArticleWriter, DeletedArticle, ReindexedBatch } from './writer.ts';

/**
 * The SQLite writer: a batch is one `BEGIN IMMEDIATE` transaction of prepared statements on the
 * writer's own connection. Prisma's client would spend ~3 ms binding the CJK text of one article;
 * better-sqlite3 binds it in ~0.1 ms. Values are written as Prisma stores them (DateTime as ISO text
 * with an offset, Json as text, booleans as 0/1), so Prisma and the read executor read them back.
 */

function nullableDateTime(value: Date | null): string | null {
  return value === null ? null : sqliteDateTime(value);
}

const articleColumns = [
  'url',
  'slug',
  'title',
  'section',
  'language',
  'publishedAt',
  'capturedAt',
  'summary',
  'bodyHtml',
  'bodyText',
  'blocks',
  'originalUrl',
  'credits',
  'contentHash',
  'updatedAt',
] as const;

function articleValues(record: ArticleRecord, now: string): unknown[] {
  return [
    record.url,
    record.slug,
    record.title,
    record.section,
    record.language,
    sqliteDateTime(record.publishedAt),
    nullableDateTime(record.capturedAt),
    record.summary,
    record.bodyHtml,
    record.bodyText,
    JSON.stringify(record.blocks),
    record.originalUrl,
    JSON.stringify(record.credits),
    record.contentHash,
    now,
  ];
}

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
const inList = 'IN (SELECT value FROM json_each(?))';

class Statements {
  readonly begin: SQLite.Statement;
  readonly commit: SQLite.Statement;
  readonly rollback: SQLite.Statement;
  readonly storedArticles: SQLite.Statement;
  readonly authors: SQLite.Statement;
  readonly insertAuthor: SQLite.Statement;
  readonly updateAuthor: SQLite.Statement;
  readonly insertArticle: SQLite.Statement;
  readonly updateArticle: SQLite.Statement;
  readonly deleteBylines: SQLite.Statement;
  readonly deleteFigures: SQLite.Statement;
  readonly deleteLinks: SQLite.Statement;
  readonly insertByline: SQLite.Statement;
  readonly insertFigure: SQLite.Statement;
  readonly insertLink: SQLite.Statement;
  readonly articleIds: SQLite.Statement;
  readonly resolvePendingLinks: SQLite.Statement;
  readonly insertChange: SQLite.Statement;
  readonly deletedArticles: SQLite.Statement;
  readonly deleteArticles: SQLite.Statement;
  readonly deleteSearchRows: SQLite.Statement;
  readonly insertSearchRows: SQLite.Statement;
  readonly nextArticleIds: SQLite.Statement;
  readonly storedSearchRows: SQLite.Statement;
  readonly deleteOrphanSearchRows: SQLite.Statement;
  readonly articlesOfAuthors: SQLite.Statement;

  constructor(db: SQLite.Database) {
    // IMMEDIATE takes the write lock up front (waiting up to the busy timeout): a deferred transaction
    // that reads first cannot wait for it later and fails at its first write instead.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.storedArticles = db.prepare(`SELECT "id", "url", "contentHash" FROM "Article" WHERE "url" ${inList}`);
    this.authors = db.prepare(
      `SELECT "id", "slug", "name", "bio", "profileUrl" FROM "Author" WHERE "slug" ${inList} OR "name" ${inList} ORDER BY "id"`,
    );
    this.insertAuthor = db.prepare('INSERT INTO "Author" ("slug", "name", "bio", "profileUrl") VALUES (?, ?, ?, ?)');
    this.updateAuthor = db.prepare('UPDATE "Author" SET "name" = ?, "bio" = ?, "profileUrl" = ? WHERE "id" = ?');
    this.insertArticle = db.prepare(
      `INSERT INTO "Article" (${quoted(articleColumns)}, "createdAt") VALUES (${placeholders(articleColumns.length + 1)})`,
    );
    this.updateArticle = db.prepare(
      `UPDATE "Article" SET ${articleColumns.map((column) => `"${column}" = ?`).join(', ')} WHERE "id" = ?`,
    );
    this.deleteBylines = db.prepare(`DELETE FROM "ArticleAuthor" WHERE "articleId" ${inList}`);
    this.deleteFigures = db.prepare(`DELETE FROM "Figure" WHERE "articleId" ${inList}`);
    this.deleteLinks = db.prepare(`DELETE FROM "Link" WHERE "articleId" ${inList}`);
    this.insertByline = db.prepare(
      'INSERT INTO "ArticleAuthor" ("articleId", "authorId", "position", "publishedAt") VALUES (?, ?, ?, ?)',
    );
    this.insertFigure = db.prepare(
      'INSERT INTO "Figure" ("articleId", "position", "isLead", "src", "width", "height", "caption", "credit") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertLink = db.prepare(
      `INSERT INTO "Link" ("articleId", "position", "href", "text", "title", "kind", "targetUrl", "targetId", "firstToTarget", "sourcePublishedAt") VALUES (${placeholders(10)})`,
    );
    this.articleIds = db.prepare(`SELECT "id", "url" FROM "Article" WHERE "url" ${inList}`);
    // Links stored before their target article was archived point at it from now on. The unary `+`
    // keeps SQLite off the targetId index, which it would otherwise scan for every unresolved link of
    // the whole archive (most external links), instead of seeking the batch's URLs in targetUrl's.
    this.resolvePendingLinks = db.prepare(
      `UPDATE "Link" SET "targetId" = (SELECT "Article"."id" FROM "Article" WHERE "Article"."url" = "Link"."targetUrl")
       WHERE +"Link"."targetId" IS NULL AND "Link"."targetUrl" ${inList}`,
    );
    this.insertChange = db.prepare(
      'INSERT INTO "Change" ("type", "articleId", "url", "section", "at") VALUES (?, ?, ?, ?, ?)',
    );
    this.deletedArticles = db.prepare(`SELECT "id", "url", "section" FROM "Article" WHERE "id" ${inList}`);
    // Bylines, figures and the article's own links go with it (ON DELETE CASCADE); links from other
    // articles stay, their targetId cleared (ON DELETE SET NULL), and their targetUrl kept, so they
    // point at the article again if it is stored anew.
    this.deleteArticles = db.prepare(`DELETE FROM "Article" WHERE "id" ${inList}`);
    // The search index (an FTS5 table) has no foreign key: its entries are replaced and deleted here.
    this.deleteSearchRows = db.prepare(sqliteSearchIndexSql.delete);
    this.insertSearchRows = db.prepare(sqliteSearchIndexSql.insert);
    this.nextArticleIds = db.prepare(sqliteSearchIndexSql.nextArticleIds).pluck();
    this.storedSearchRows = db.prepare(sqliteSearchIndexSql.storedArticles);
    this.deleteOrphanSearchRows = db.prepare(sqliteSearchIndexSql.deleteOrphans);
    this.articlesOfAuthors = db.prepare(sqliteSearchIndexSql.articlesOfAuthors).pluck();
  }
}

export class SqliteArticleWriter implements ArticleWriter {
  readonly #db: SQLite.Database;
  readonly #statements: Statements;

  /** `busyTimeoutMs`: how long a batch waits for another writer's lock before failing with SQLITE_BUSY. */
  constructor(file: string, busyTimeoutMs: number) {
    this.#db = new SQLite(file, { fileMustExist: true, timeout: busyTimeoutMs });
    // A batch writes a few MB of pages; checkpointing after every commit (the default threshold of
    // 4 MB) copied them into the database file batch by batch. Every 64 MB costs a third less per commit.
    this.#db.pragma('wal_autocheckpoint = 16384');
    this.#statements = new Statements(this.#db);
  }

  async write(records: readonly ArticleRecord[]): Promise<StoreOutcome[]> {
    if (records.length === 0) return [];
    return this.#transaction(() => this.#store(records));
  }

  async delete(ids: readonly number[]): Promise<DeletedArticle[]> {
    if (ids.length === 0) return [];
    return this.#transaction(() => {
      const idList = JSON.stringify([...new Set(ids)]);
      const removed = this.#statements.deletedArticles.all(idList) as DeletedRow[];
      this.#statements.deleteSearchRows.run(idList);
      this.#statements.deleteArticles.run(idList);
      const changes = deleteChanges(ids, removed);
      this.#appendChanges(changes, sqliteDateTime(new Date()));
      return changes.map(({ articleId, url }) => ({ id: articleId, url }));
    });
  }

  async reindexSearch(afterId: number, limit: number): Promise<ReindexedBatch> {
    return this.#transaction(() => {
      const ids = this.#statements.nextArticleIds.all(afterId, limit) as number[];
      this.#reindexStored(ids);
      // The last batch also drops the entries of articles that are gone.
      if (ids.length < limit) this.#statements.deleteOrphanSearchRows.run();
      return { indexed: ids.length, lastId: ids.at(-1) ?? null };
    });
  }

  close(): void {
    this.#db.close();
  }

  /** Replaces the index entries of these articles by what their stored rows say. */
  #reindexStored(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const rows = this.#statements.storedSearchRows.all(JSON.stringify(ids)) as (Omit<
      StoredSearchRow,
      'captions' | 'authors'
    > & { captions: string; authors: string })[];
    const ftsRows = rows.map((row) =>
      ftsRow(
        row.id,
        storedSearchColumns({ ...row, captions: JSON.parse(row.captions), authors: JSON.parse(row.authors) }),
      ),
    );
    this.#replaceSearchRows(ids, ftsRows);
  }

  #replaceSearchRows(ids: readonly number[], rows: readonly FtsRow[]): void {
    if (ids.length > 0) this.#statements.deleteSearchRows.run(JSON.stringify(ids));
    for (const row of rows) this.#statements.insertSearchRows.run(...row);
  }

  #transaction<T>(work: () => T): T {
    const statements = this.#statements;
    statements.begin.run();
    try {
      const result = work();
      statements.commit.run();
      return result;
    } catch (error) {
      if (this.#db.inTransaction) statements.rollback.run();
      throw error;
    }
  }

  #appendChanges(changes: readonly ChangeRow[], now: string): void {
    for (const change of changes) {
      this.#statements.insertChange.run(change.type, change.articleId, change.url, change.section, now);
    }
  }

  #store(records: readonly ArticleRecord[]): StoreOutcome[] {
    const statements = this.#statements;
    const urls = JSON.stringify([...new Set(records.map((record) => record.url))]);
    const stored = statements.storedArticles.all(urls) as StoredArticle[];
    const outcomes = sequentialOutcomes(records, stored);
    const changed = records.filter((_, index) => outcomes[index] !== 'unchanged');
    if (changed.length === 0) return outcomes;

    const { slugs, bareNames } = authorKeys(changed);
    const authors = new AuthorBook(
      statements.authors.all(JSON.stringify(slugs), JSON.stringify(bareNames)) as ConstructorParameters<
        typeof AuthorBook
      >[0],
    );
    const writes = planArticleWrites(changed, stored, authors);
    const now = sqliteDateTime(new Date());
    this.#saveAuthors(authors);
    const articleIds = this.#saveArticles(writes, now);
    const targetIds = this.#linkTargets(writes);
    for (const write of writes) this.#insertChildren(write, idOf(articleIds, write), targetIds);
    statements.resolvePendingLinks.run(JSON.stringify(writes.map(({ record }) => record.url)));
    this.#indexWrites(writes, articleIds, authors.rows);
    this.#appendChanges(writeChanges(records, outcomes, articleIds), now);
    return outcomes;
  }

  /**
   * The batch's articles enter the index as written (an updated one's entries replaced); articles of
   * other batches whose author was renamed are re-indexed from their stored rows.
   */
  #indexWrites(writes: readonly ArticleWrite[], articleIds: Map<string, number>, authors: readonly AuthorRow[]): void {
    const ids = writes.map((write) => idOf(articleIds, write));
    const replaced = writes.filter((write) => write.existingId !== null).map((write) => idOf(articleIds, write));
    const rows = writes.map((write, index) =>
      ftsRow(
        ids[index] as number,
        recordSearchColumns(
          write.record,
          write.authors.map((author) => author.name),
        ),
      ),
    );
    this.#replaceSearchRows(replaced, rows);
    const renamed = renamedAuthorIds(authors);
    if (renamed.length === 0) return;
    const written = new Set(ids);
    const others = (this.#statements.articlesOfAuthors.all(JSON.stringify(renamed)) as number[]).filter(
      (id) => !written.has(id),
    );
    this.#reindexStored(others);
  }

  #saveAuthors(authors: AuthorBook): void {
    for (const row of authors.rows) {
      if (row.id === null) {
        row.id = Number(this.#statements.insertAuthor.run(row.slug, row.name, row.bio, row.profileUrl).lastInsertRowid);
      } else if (row.footerChanged) {
        this.#statements.updateAuthor.run(row.name, row.bio, row.profileUrl, row.id);
      }
    }
  }

  /** Creates the new articles and updates the changed ones in place, clearing their children; answers ids by URL. */
  #saveArticles(writes: readonly ArticleWrite[], now: string): Map<string, number> {
    const statements = this.#statements;
    const articleIds = new Map<string, number>();
    const replacedIds: number[] = [];
    for (const { record, existingId } of writes) {
      if (existingId === null) {
        const { lastInsertRowid } = statements.insertArticle.run(...articleValues(record, now), now);
        articleIds.set(record.url, Number(lastInsertRowid));
      } else {
        statements.updateArticle.run(...articleValues(record, now), existingId);
        articleIds.set(record.url, existingId);
        replacedIds.push(existingId);
      }
    }
    if (replacedIds.length > 0) {
      const ids = JSON.stringify(replacedIds);
      statements.deleteBylines.run(ids);
      statements.deleteFigures.run(ids);
      statements.deleteLinks.run(ids);
    }
    return articleIds;
  }

  /** Ids of the archived articles, this batch's included, that the links name. */
  #linkTargets(writes: readonly ArticleWrite[]): Map<string, number> {
    const urls = linkTargetUrls(writes);
    if (urls.length === 0) return new Map();
    const rows = this.#statements.articleIds.all(JSON.stringify(urls)) as { id: number; url: string }[];
    return new Map(rows.map((row) => [row.url, row.id]));
  }

  #insertChildren({ record, authors }: ArticleWrite, articleId: number, targetIds: Map<string, number>): void {
    const statements = this.#statements;
    const publishedAt = sqliteDateTime(record.publishedAt);
    authors.forEach((author, position) => {
      if (author.id === null) throw new Error(`author ${author.slug} was written but has no id`);
      statements.insertByline.run(articleId, author.id, position, publishedAt);
    });
    for (const figure of record.figures) {
      statements.insertFigure.run(
        articleId,
        figure.position,
        figure.isLead ? 1 : 0,
        figure.src,
        figure.width,
        figure.height,
        figure.caption,
        figure.credit,
      );
    }
    for (const link of linkRows(record, articleId, targetIds)) {
      statements.insertLink.run(
        articleId,
        link.position,
        link.href,
        link.text,
        link.title,
        link.kind,
        link.targetUrl,
        link.targetId,
        link.firstToTarget ? 1 : 0,
        publishedAt,
      );
    }
  }
}

function idOf(articleIds: Map<string, number>, { record }: ArticleWrite): number {
  const id = articleIds.get(record.url);
  if (id === undefined) throw new Error(`article ${record.url} was written but has no id`);
  return id;
}
