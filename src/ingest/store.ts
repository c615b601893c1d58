import { setTimeout as sleep } from 'node:timers/promises';
import type { ArticleRecord, AuthorRecord } from '../archive/record.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { chunks, insertStatements, MAX_BOUND_PARAMETERS, type Row, updateStatement } from './sql.ts';

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Prisma's default of 5 s suits requests; a batch of hundreds of documents can take longer on a busy machine. */
const BATCH_TRANSACTION_TIMEOUT_MS = 60_000;

/** An author as the batch leaves it: a row loaded from the database, or one still to be created (no id yet). */
interface AuthorRow {
  id: number | null;
  slug: string;
  name: string;
  bio: string | null;
  profileUrl: string | null;
  footerChanged: boolean;
}

/** The content an article ends the batch with, and the authors its bylines resolved to. */
interface ArticleWrite {
  record: ArticleRecord;
  existingId: number | null;
  authors: AuthorRow[];
}

/**
 * Writes one parsed article in one transaction, keyed by URL: an identical content hash leaves the
 * row untouched; a changed one updates the same row and replaces its figures, links and bylines.
 */
export async function storeArticle(prisma: PrismaClient, record: ArticleRecord): Promise<StoreOutcome> {
  const [outcome] = await storeArticles(prisma, [record]);
  if (outcome === undefined) throw new Error(`no outcome was reported for ${record.url}`);
  return outcome;
}

/**
 * Writes parsed articles in one transaction of set-based statements (plus one UPDATE per changed
 * article), with the outcomes and the end state of storing them one by one in this order: a URL that
 * occurs twice is created or updated by the first and updated or unchanged by the second, whose
 * content stays. Links are resolved to their target articles whichever of the two arrives first.
 */
export async function storeArticles(prisma: PrismaClient, records: ArticleRecord[]): Promise<StoreOutcome[]> {
  if (records.length === 0) return [];
  return prisma.$transaction((tx) => storeInTransaction(tx, records), { timeout: BATCH_TRANSACTION_TIMEOUT_MS });
}

/** Where an SQLite error code can sit: on a better-sqlite3 error, a Prisma driver adapter error, or a Prisma error. */
interface SqliteErrorCodes {
  code?: unknown;
  cause?: { originalCode?: unknown };
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT…): another connection holds the write lock. */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, cause, meta } = error as SqliteErrorCodes;
  const codes = [code, cause?.originalCode, meta?.driverAdapterError?.cause?.originalCode];
  return codes.some((value) => typeof value === 'string' && value.startsWith('SQLITE_BUSY'));
}

/** The database stayed locked by other writers for longer than `retryWhileBusy` waits. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

export interface BusyRetryOptions {
  /** Called before each wait with how long the work has been waiting for the lock so far. */
  onWaiting?: (waitedMs: number) => void;
  /** How long to keep trying in all. */
  maxWaitMs?: number;
  clock?: RetryClock;
}

/** Time and chance, which tests replace. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), like Math.random. */
  random(): number;
}

const systemClock: RetryClock = { now: () => performance.now(), sleep: (ms) => sleep(ms), random: Math.random };

/** Many batches of another writer; a lock held longer than this is a stuck process, worth an error. */
const MAX_BUSY_WAIT_MS = 180_000;
const FIRST_BACKOFF_MS = 50;
/**
 * Kept short: every attempt already waits up to the connection's busy timeout, polling for the lock,
 * while a long sleep would miss the gaps between another writer's batches.
 */
const MAX_BACKOFF_MS = 1000;

/**
 * Runs `work` (a whole transaction) again while it fails because another connection holds the write
 * lock, sleeping an exponentially growing, fully jittered delay in between so that writers that
 * collided do not collide again in step. Any other error is rethrown at once.
 */
export async function retryWhileBusy<T>(work: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const { onWaiting, maxWaitMs = MAX_BUSY_WAIT_MS, clock = systemClock } = options;
  const started = clock.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
      const waitedMs = clock.now() - started;
      if (waitedMs >= maxWaitMs) {
        const seconds = Math.round(waitedMs / 1000);
        throw new DatabaseBusyError(`the database stayed locked by another writer for ${seconds} s`, { cause: error });
      }
      onWaiting?.(waitedMs);
      await clock.sleep(clock.random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt));
    }
  }
}

async function storeInTransaction(tx: TransactionClient, records: ArticleRecord[]): Promise<StoreOutcome[]> {
  await takeWriteLock(tx);
  const stored = await tx.article.findMany({
    where: { url: { in: [...new Set(records.map((record) => record.url))] } },
    select: { id: true, url: true, contentHash: true },
  });
  const outcomes = sequentialOutcomes(records, stored);
  const changed = records.filter((_, index) => outcomes[index] !== 'unchanged');
  if (changed.length === 0) return outcomes;

  const authors = await loadAuthors(tx, changed);
  const writes = planArticleWrites(changed, stored, authors);
  await saveAuthors(tx, authors);
  const articleIds = await saveArticles(tx, writes);
  await insertRows(tx, 'ArticleAuthor', bylineRows(writes, articleIds));
  await insertRows(tx, 'Figure', figureRows(writes, articleIds));
  await insertRows(tx, 'Link', linkRows(writes, articleIds, await findTargets(tx, writes)));
  await resolvePendingLinks(tx, [...articleIds.keys()]);
  return outcomes;
}

/**
 * Prisma begins interactive transactions with a plain (deferred) BEGIN. Were a read first, the first
 * write would have to upgrade the transaction's read lock, and SQLite refuses that at once, without
 * the busy timeout's wait, when another connection holds the write lock (SQLITE_BUSY) or has committed
 * since the read (SQLITE_BUSY_SNAPSHOT). A write that matches no row takes the lock as BEGIN IMMEDIATE
 * would, waiting for it, and the reads that follow see the latest commit.
 */
async function takeWriteLock(tx: TransactionClient): Promise<void> {
  await tx.$executeRaw`UPDATE "Article" SET "id" = "id" WHERE false`;
}

/** Each record is compared with its URL's content just before it: the stored row or an earlier record. */
function sequentialOutcomes(records: ArticleRecord[], stored: { url: string; contentHash: string }[]): StoreOutcome[] {
  const hashByUrl = new Map(stored.map((article) => [article.url, article.contentHash]));
  return records.map((record) => {
    const previousHash = hashByUrl.get(record.url);
    hashByUrl.set(record.url, record.contentHash);
    if (previousHash === record.contentHash) return 'unchanged';
    return previousHash === undefined ? 'created' : 'updated';
  });
}

/**
 * Resolves every byline in document order, as storing one by one would; the last record of a URL
 * decides its content, but earlier ones still leave their authors behind.
 */
function planArticleWrites(
  changed: ArticleRecord[],
  stored: { id: number; url: string }[],
  authors: AuthorBook,
): ArticleWrite[] {
  const storedIds = new Map(stored.map((article) => [article.url, article.id]));
  const writes = new Map<string, ArticleWrite>();
  for (const record of changed) {
    const bylineAuthors = record.authors.map((author) => authors.resolve(author));
    writes.set(record.url, { record, existingId: storedIds.get(record.url) ?? null, authors: bylineAuthors });
  }
  return [...writes.values()];
}

/**
 * The authors a batch can touch, in the order a `findFirst` by name meets them (by id, new ones
 * last), so that bylines resolve in memory exactly as they would against the database one by one.
 */
class AuthorBook {
  readonly #rows: AuthorRow[];
  readonly #bySlug: Map<string, AuthorRow>;

  constructor(rows: AuthorRow[]) {
    this.#rows = rows;
    this.#bySlug = new Map(rows.map((row) => [row.slug, row]));
  }

  get rows(): readonly AuthorRow[] {
    return this.#rows;
  }

  resolve(author: AuthorRecord): AuthorRow {
    const hasFooter = hasFooterDetails(author);
    if (!hasFooter) {
      // A bare byline says nothing new: reuse the author an earlier footer named, whatever its slug.
      const known = this.#rows.find((row) => row.name === author.name);
      if (known) return known;
    }
    const existing = this.#bySlug.get(author.slug);
    if (!existing) return this.#add(author);
    if (hasFooter) updateFooterDetails(existing, author);
    return existing;
  }

  #add(author: AuthorRecord): AuthorRow {
    const row = { id: null, ...author, footerChanged: false };
    this.#rows.push(row);
    this.#bySlug.set(row.slug, row);
    return row;
  }
}

function hasFooterDetails(author: AuthorRecord): boolean {
  return author.bio !== null || author.profileUrl !== null;
}

function updateFooterDetails(row: AuthorRow, author: AuthorRecord): void {
  if (row.name === author.name && row.bio === author.bio && row.profileUrl === author.profileUrl) return;
  row.name = author.name;
  row.bio = author.bio;
  row.profileUrl = author.profileUrl;
  row.footerChanged = true;
}

/** Every stored author a byline of these records could resolve to: by slug, and by name for bare bylines. */
async function loadAuthors(tx: TransactionClient, records: ArticleRecord[]): Promise<AuthorBook> {
  const bylines = records.flatMap((record) => record.authors);
  const slugs = new Set(bylines.map((author) => author.slug));
  const bareNames = new Set(bylines.filter((author) => !hasFooterDetails(author)).map((author) => author.name));
  const rows = await tx.author.findMany({
    where: { OR: [{ slug: { in: [...slugs] } }, { name: { in: [...bareNames] } }] },
    select: { id: true, slug: true, name: true, bio: true, profileUrl: true },
    orderBy: { id: 'asc' },
  });
  return new AuthorBook(rows.map((row) => ({ ...row, footerChanged: false })));
}

async function saveAuthors(tx: TransactionClient, authors: AuthorBook): Promise<void> {
  const created = authors.rows.filter((row) => row.id === null);
  if (created.length > 0) {
    const ids = await tx.author.createManyAndReturn({
      data: created.map(({ slug, name, bio, profileUrl }) => ({ slug, name, bio, profileUrl })),
      select: { id: true, slug: true },
    });
    const idBySlug = new Map(ids.map((row) => [row.slug, row.id]));
    for (const row of created) row.id = idBySlug.get(row.slug) ?? null;
  }
  for (const row of authors.rows) {
    if (row.id === null || !row.footerChanged) continue;
    await tx.author.update({
      where: { id: row.id },
      data: { name: row.name, bio: row.bio, profileUrl: row.profileUrl },
    });
  }
}

/** Creates the new articles and updates the changed ones in place, clearing their children; answers ids by URL. */
async function saveArticles(tx: TransactionClient, writes: ArticleWrite[]): Promise<Map<string, number>> {
  const now = new Date();
  const created = writes.filter((write) => write.existingId === null).map((write) => write.record);
  const articleIds = await createArticles(tx, created, now);
  const replacedIds: number[] = [];
  for (const { record, existingId } of writes) {
    if (existingId === null) continue;
    await tx.$executeRaw(updateStatement('Article', existingId, articleRow(record, now)));
    articleIds.set(record.url, existingId);
    replacedIds.push(existingId);
  }
  if (replacedIds.length > 0) await deleteChildren(tx, replacedIds);
  return articleIds;
}

async function createArticles(
  tx: TransactionClient,
  records: ArticleRecord[],
  now: Date,
): Promise<Map<string, number>> {
  const articleIds = new Map<string, number>();
  const rows = records.map((record) => ({ ...articleRow(record, now), createdAt: now }));
  for (const statement of insertStatements('Article', rows)) {
    const created = await tx.$queryRaw<{ id: number; url: string }[]>`${statement} RETURNING "id", "url"`;
    for (const { id, url } of created) articleIds.set(url, id);
  }
  return articleIds;
}

/** The columns Prisma writes for an article, Json values serialized as it stores them. */
function articleRow(record: ArticleRecord, now: Date): Row {
  return {
    url: record.url,
    slug: record.slug,
    title: record.title,
    section: record.section,
    language: record.language,
    publishedAt: record.publishedAt,
    capturedAt: record.capturedAt,
    summary: record.summary,
    bodyHtml: record.bodyHtml,
    bodyText: record.bodyText,
    blocks: JSON.stringify(record.blocks),
    originalUrl: record.originalUrl,
    credits: JSON.stringify(record.credits),
    contentHash: record.contentHash,
    updatedAt: now,
  };
}

async function deleteChildren(tx: TransactionClient, articleIds: number[]): Promise<void> {
  const ofArticles = { where: { articleId: { in: articleIds } } };
  await tx.articleAuthor.deleteMany(ofArticles);
  await tx.figure.deleteMany(ofArticles);
  await tx.link.deleteMany(ofArticles);
}

function idOf(articleIds: Map<string, number>, record: ArticleRecord): number {
  const id = articleIds.get(record.url);
  if (id === undefined) throw new Error(`article ${record.url} was written but has no id`);
  return id;
}

function bylineRows(writes: ArticleWrite[], articleIds: Map<string, number>): Prisma.ArticleAuthorCreateManyInput[] {
  return writes.flatMap(({ record, authors }) =>
    authors.map((author, position) => {
      if (author.id === null) throw new Error(`author ${author.slug} was written but has no id`);
      return { articleId: idOf(articleIds, record), authorId: author.id, position, publishedAt: record.publishedAt };
    }),
  );
}

function figureRows(writes: ArticleWrite[], articleIds: Map<string, number>): Prisma.FigureCreateManyInput[] {
  return writes.flatMap(({ record }) =>
    record.figures.map((figure) => ({ articleId: idOf(articleIds, record), ...figure })),
  );
}

/** Ids of the archived articles, this batch's included, that the links name. */
async function findTargets(tx: TransactionClient, writes: ArticleWrite[]): Promise<Map<string, number>> {
  const targetUrls = new Set(writes.flatMap(({ record }) => record.links.flatMap((link) => link.targetUrl ?? [])));
  if (targetUrls.size === 0) return new Map();
  const targets = await tx.article.findMany({
    where: { url: { in: [...targetUrls] } },
    select: { id: true, url: true },
  });
  return new Map(targets.map((target) => [target.url, target.id]));
}

function linkRows(
  writes: ArticleWrite[],
  articleIds: Map<string, number>,
  targetIds: Map<string, number>,
): Prisma.LinkCreateManyInput[] {
  return writes.flatMap(({ record }) => {
    const articleId = idOf(articleIds, record);
    const seenTargets = new Set<string>();
    return record.links.map((link) => {
      const firstToTarget = link.targetUrl !== null && !seenTargets.has(link.targetUrl);
      if (link.targetUrl) seenTargets.add(link.targetUrl);
      return {
        articleId,
        ...link,
        targetId: link.targetUrl ? (targetIds.get(link.targetUrl) ?? null) : null,
        firstToTarget,
        sourcePublishedAt: record.publishedAt,
      };
    });
  });
}

async function insertRows(tx: TransactionClient, table: Prisma.ModelName, rows: Row[]): Promise<void> {
  for (const statement of insertStatements(table, rows)) await tx.$executeRaw(statement);
}

/** Links stored before their target article was archived: they point at it now. */
async function resolvePendingLinks(tx: TransactionClient, urls: string[]): Promise<void> {
  for (const chunk of chunks(urls, MAX_BOUND_PARAMETERS)) {
    await tx.$executeRaw`
      UPDATE "Link"
      SET "targetId" = (SELECT "Article"."id" FROM "Article" WHERE "Article"."url" = "Link"."targetUrl")
      WHERE "Link"."targetId" IS NULL AND "Link"."targetUrl" IN (${Prisma.join(chunk)})`;
  }
}
