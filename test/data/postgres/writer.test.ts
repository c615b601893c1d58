import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ArticleRecord } from '../../../src/archive/record.ts';
import type { DocumentSpec } from '../../../src/corpus/render.ts';
import { migrateSqliteDatabase } from '../../../src/data/migrate.ts';
import { PostgresArticleWriter } from '../../../src/data/postgres/writer.ts';
import { SqliteArticleWriter } from '../../../src/data/write/sqlite-writer.ts';
import { PrismaClient } from '../../../src/generated/prisma-postgres/client.ts';
import { articleSpec } from '../../support/archive.ts';
import {
  archiveState,
  corpusSpecs,
  emptyTables,
  type FreshDatabase,
  freshDatabase,
  parsedRecord,
  rows,
  unresolvedLinks,
} from './writer-support.ts';

let database: FreshDatabase;
let writer: PostgresArticleWriter;

beforeAll(async () => {
  database = await freshDatabase();
  writer = new PostgresArticleWriter(database.pool);
});

async function store(spec: DocumentSpec): Promise<string | undefined> {
  return (await writer.write([parsedRecord(spec)]))[0];
}

interface ArticleRow {
  id: number;
  title: string;
  createdAt: string;
  updatedAt: string;
}

async function articleRow(url: string): Promise<ArticleRow> {
  const [row] = await rows<ArticleRow>(
    database.pool,
    'SELECT "id", "title", "createdAt", "updatedAt" FROM "Article" WHERE "url" = $1',
    [url],
  );
  if (row === undefined) throw new Error(`${url} is not stored`);
  return row;
}

async function children(articleId: number) {
  const [figures, links, authors] = await Promise.all([
    rows(database.pool, 'SELECT "src" FROM "Figure" WHERE "articleId" = $1 ORDER BY "position"', [articleId]),
    rows(database.pool, 'SELECT "href" FROM "Link" WHERE "articleId" = $1 ORDER BY "position"', [articleId]),
    rows(
      database.pool,
      `SELECT "Author"."name" FROM "ArticleAuthor" JOIN "Author" ON "Author"."id" = "ArticleAuthor"."authorId"
       WHERE "articleId" = $1 ORDER BY "position"`,
      [articleId],
    ),
  ]);
  return { figures, links, authors };
}

describe('the PostgreSQL writer, one document at a time', () => {
  it('creates once, then reports identical content as unchanged', async () => {
    const spec = articleSpec();
    expect(await store(spec)).toBe('created');
    expect(await store(spec)).toBe('unchanged');
    expect(await rows(database.pool, 'SELECT "id" FROM "Article" WHERE "url" = $1', [spec.url])).toHaveLength(1);
  });

  it('updates changed content in the same row and replaces its figures, links and bylines', async () => {
    const spec = articleSpec({
      authors: [{ byline: 'KEITH BRADSHER' }, { byline: 'AMY QIN' }],
      leadFigure: { src: 'https://static01.nyt.com/a.jpg', caption: '旧图' },
      body: [{ paragraph: '<a href="https://example.com/old">旧链接</a>' }],
    });
    expect(await store(spec)).toBe('created');
    const before = await articleRow(spec.url);
    expect(await children(before.id)).toEqual({
      figures: [{ src: 'https://static01.nyt.com/a.jpg' }],
      links: [{ href: 'https://example.com/old' }],
      authors: [{ name: 'Keith Bradsher' }, { name: 'Amy Qin' }],
    });

    const changed = { ...spec, title: '新标题', authors: [{ byline: 'AMY QIN' }], leadFigure: undefined };
    expect(await store({ ...changed, body: [{ paragraph: '新段落。' }] })).toBe('updated');
    const after = await articleRow(spec.url);
    expect(after).toMatchObject({ id: before.id, title: '新标题', createdAt: before.createdAt });
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(await children(after.id)).toEqual({ figures: [], links: [], authors: [{ name: 'Amy Qin' }] });
  });

  it('resolves link targets whichever document is stored first', async () => {
    const target = articleSpec();
    const earlier = articleSpec({ body: [{ paragraph: `<a href="${target.url}">目标</a>` }] });
    await store(earlier);
    const pendingQuery = 'SELECT "targetId" FROM "Link" WHERE "targetUrl" = $1 ORDER BY "id"';
    expect(await rows(database.pool, pendingQuery, [target.url])).toEqual([{ targetId: null }]);

    await store(target);
    await store(articleSpec({ body: [{ paragraph: `<a href="${target.url.replace('https:', 'http:')}">目标</a>` }] }));
    const { id } = await articleRow(target.url);
    expect(await rows(database.pool, pendingQuery, [target.url])).toEqual([{ targetId: id }, { targetId: id }]);
  });

  it('keeps an author spelled by a footer when a later byline has no footer, and updates its footer in place', async () => {
    const footer = {
      byline: 'JAVIER C. HERNÁNDEZ',
      footerName: 'Javier C. Hernández',
      bio: '是时报驻北京记者。',
      profileSlug: 'javierhernandez',
    };
    await store(articleSpec({ authors: [footer] }));
    await store(articleSpec({ authors: [{ byline: 'JAVIER C. HERNÁNDEZ' }] }));
    const authorQuery = `SELECT "id", "slug", "bio", "profileUrl", (SELECT count(*)::int FROM "ArticleAuthor" WHERE "authorId" = "Author"."id") AS "articles"
      FROM "Author" WHERE "name" = 'Javier C. Hernández'`;
    const [before, ...others] = await rows(database.pool, authorQuery);
    expect(others).toEqual([]);
    expect(before).toMatchObject({
      slug: 'javierhernandez',
      bio: 'Javier C. Hernández是时报驻北京记者。',
      profileUrl: 'https://www.nytimes.com/by/javierhernandez',
      articles: 2,
    });

    await store(articleSpec({ authors: [{ ...footer, bio: '是时报驻首尔记者。' }] }));
    expect(await rows(database.pool, authorQuery)).toEqual([
      { ...before, bio: 'Javier C. Hernández是时报驻首尔记者。', articles: 3 },
    ]);
  });
});

describe('the PostgreSQL writer, a batch at a time', () => {
  it('stores a batch as it would store its documents one after the other', async () => {
    const newcomer = {
      byline: 'MEI LING OU',
      footerName: 'Mei Ling Ou',
      bio: '是时报新记者。',
      profileSlug: 'meilingou',
    };
    const later = articleSpec({ authors: [{ byline: 'MEI LING OU' }] });
    const earlier = articleSpec({ authors: [newcomer], body: [{ paragraph: `<a href="${later.url}">后一篇</a>` }] });
    const laterWithBacklink = { ...later, body: [{ paragraph: `<a href="${earlier.url}">前一篇</a>` }] };
    const records = [earlier, later, laterWithBacklink].map(parsedRecord);

    expect(await writer.write(records)).toEqual(['created', 'created', 'updated']);
    expect(await writer.write(records.slice(1))).toEqual(['updated', 'updated']);

    const authors = await rows(
      database.pool,
      `SELECT "slug", "bio", (SELECT count(*)::int FROM "ArticleAuthor" WHERE "authorId" = "Author"."id") AS "articles"
       FROM "Author" WHERE "name" = 'Mei Ling Ou'`,
    );
    expect(authors).toEqual([{ slug: 'meilingou', bio: 'Mei Ling Ou是时报新记者。', articles: 2 }]);
    const [earlierRow, laterRow] = await Promise.all([articleRow(earlier.url), articleRow(later.url)]);
    const targets = (articleId: number) =>
      rows(database.pool, `SELECT "targetId" FROM "Link" WHERE "articleId" = $1 AND "kind" = 'ARTICLE'`, [articleId]);
    expect(await targets(earlierRow.id)).toEqual([{ targetId: laterRow.id }]);
    expect(await targets(laterRow.id)).toEqual([{ targetId: earlierRow.id }]);
  });

  it('writes nothing of a batch that fails', async () => {
    const good = articleSpec({ authors: [{ byline: 'LI YUAN' }] });
    const sameSlug = { ...good, url: good.url.replace('https://cn.nytimes.com/', 'https://example.com/') };

    await expect(writer.write([good, sameSlug].map(parsedRecord))).rejects.toThrow(/Article_slug_key/);
    const stored = await rows(database.pool, 'SELECT "id" FROM "Article" WHERE "url" = ANY($1)', [
      [good.url, sameSlug.url],
    ]);
    expect(stored).toEqual([]);
    expect(await rows(database.pool, `SELECT "id" FROM "Author" WHERE "name" = 'Li Yuan'`)).toEqual([]);
  });

  // 16: the batch's statements, the search index's upsert included.
  it('stores 200 documents in a few statements, however many rows they hold', async () => {
    const { pool } = await freshDatabase();
    let statements = 0;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((...args: unknown[]) => {
        statements += 1;
        return query(...args);
      }) as typeof client.query;
    });
    const records = corpusSpecs(0, 200, { count: 200, seed: 5 }).map(parsedRecord);
    const counting = new PostgresArticleWriter(pool);

    expect(new Set(await counting.write(records))).toEqual(new Set(['created']));
    expect(statements).toBeLessThanOrEqual(16);
    statements = 0;
    const changed = records.map((record) => ({
      ...record,
      title: `${record.title}!`,
      contentHash: `${record.contentHash}!`,
    }));
    expect(new Set(await counting.write(changed))).toEqual(new Set(['updated']));
    expect(statements).toBeLessThanOrEqual(16);
  });
});

/** Table rows as both writers' databases give them back, in one form: ISO instants, booleans, parsed JSON. */
function comparable(table: Record<string, unknown>[]): Record<string, unknown>[] {
  const instant = (value: string) => new Date(/[+Z]/.test(value) ? value : `${value.replace(' ', 'T')}Z`).toISOString();
  return table.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([column]) => column !== 'createdAt' && column !== 'updatedAt')
        .map(([column, value]) => {
          if (typeof value === 'string' && /At$/.test(column)) return [column, instant(value)];
          if (column === 'isLead' || column === 'firstToTarget') return [column, Boolean(value)];
          if (typeof value === 'string' && (column === 'blocks' || column === 'credits'))
            return [column, JSON.parse(value)];
          return [column, value];
        }),
    ),
  );
}

const tables = {
  Article: 'id',
  Author: 'id',
  ArticleAuthor: '"articleId", "authorId"',
  Figure: 'id',
  Link: 'id',
} as const;

describe('the PostgreSQL writer and the SQLite writer', () => {
  it('report the same outcomes and store the same rows, ids included', async () => {
    const options = { count: 150, seed: 23 };
    const revised = (spec: DocumentSpec): DocumentSpec => ({
      ...spec,
      title: `${spec.title}（更新）`,
      authors: spec.authors.map((author) => (author.bio ? { ...author, bio: `${author.bio}现居香港。` } : author)),
    });
    const newcomer = {
      byline: 'MEI LING OU',
      footerName: 'Mei Ling Ou',
      bio: '是时报新记者。',
      profileSlug: 'meilingou',
    };
    const bare = articleSpec({ authors: [{ byline: 'MEI LING OU' }, { byline: 'KEVIN ZHAO' }] });
    const footered = articleSpec({ authors: [newcomer], body: [{ paragraph: `<a href="${bare.url}">另一篇</a>` }] });
    const batches: DocumentSpec[][] = [
      corpusSpecs(0, 60, options),
      [...corpusSpecs(40, 110, options).reverse(), ...corpusSpecs(0, 5, options).map(revised), bare, footered],
      [...corpusSpecs(110, 150, options), revised(corpusSpecs(120, 121, options)[0] as DocumentSpec), bare],
    ];
    const records: ArticleRecord[][] = batches.map((batch) => batch.map(parsedRecord));

    const folder = mkdtempSync(join(tmpdir(), 'writer-parity-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const file = join(folder, 'archive.db');
    migrateSqliteDatabase(`file:${file}`);
    const sqliteWriter = new SqliteArticleWriter(file, 5000);
    const { pool } = await freshDatabase();
    const postgresWriter = new PostgresArticleWriter(pool);
    for (const batch of records) {
      const sqliteOutcomes = await sqliteWriter.write(batch);
      expect(await postgresWriter.write(batch)).toEqual(sqliteOutcomes);
    }
    sqliteWriter.close();

    const sqlite = new Database(file, { readonly: true });
    onTestFinished(() => {
      sqlite.close();
    });
    for (const [table, key] of Object.entries(tables)) {
      const query = `SELECT * FROM "${table}" ORDER BY ${key}`;
      const stored = comparable(await rows(pool, query));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored, table).toEqual(comparable(sqlite.prepare(query).all() as Record<string, unknown>[]));
    }
  });
});

describe('DateTime columns', () => {
  it('read back through Prisma as the very instants written, whatever the time zone', async () => {
    const spec = articleSpec({
      capturedAtMs: Date.UTC(2024, 0, 1, 0, 5, 7, 89),
      body: [{ paragraph: '<a href="https://example.com/x">链接</a>' }],
    });
    const record = parsedRecord(spec);
    const zone = process.env.TZ;
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(new Date(0).getTimezoneOffset()).toBe(480);
      const startedAt = Date.now();
      await writer.write([record]);
      const finishedAt = Date.now();
      const article = await prisma.article.findUniqueOrThrow({
        where: { url: record.url },
        include: { authors: true, links: true },
      });

      expect(article.publishedAt.getTime()).toBe(record.publishedAt.getTime());
      expect(article.capturedAt?.toISOString()).toBe('2024-01-01T00:05:07.089Z');
      expect(article.authors.map((byline) => byline.publishedAt.getTime())).toEqual([record.publishedAt.getTime()]);
      expect(article.links.length).toBeGreaterThan(0);
      for (const link of article.links) expect(link.sourcePublishedAt.getTime()).toBe(record.publishedAt.getTime());
      expect(article.createdAt.getTime()).toBeGreaterThanOrEqual(startedAt);
      expect(article.createdAt.getTime()).toBeLessThanOrEqual(finishedAt);
      expect(article.updatedAt).toEqual(article.createdAt);
    } finally {
      process.env.TZ = zone;
      await prisma.$disconnect();
    }
  });
});

describe('hooks and close', () => {
  it('runs its hooks for a batch that changed something: one in the transaction, one after it', async () => {
    const spec = articleSpec();
    const seen: string[] = [];
    const visible = async (queryable: pg.Pool | pg.PoolClient) =>
      (await queryable.query('SELECT "id" FROM "Article" WHERE "url" = $1', [spec.url])).rowCount;
    const hooked = new PostgresArticleWriter(database.pool, {
      inTransaction: async (client) => {
        seen.push(`in transaction: ${await visible(client)} inside, ${await visible(database.pool)} outside`);
      },
      afterCommit: async () => {
        seen.push(`after commit: ${await visible(database.pool)} outside`);
      },
    });

    await hooked.write([parsedRecord(spec)]);
    await hooked.write([parsedRecord(spec)]);
    expect(seen).toEqual(['in transaction: 1 inside, 0 outside', 'after commit: 1 outside']);
  });

  it('rolls the batch back when the hook in the transaction fails', async () => {
    const spec = articleSpec();
    const failing = new PostgresArticleWriter(database.pool, {
      inTransaction: async () => {
        throw new Error('no announcement');
      },
    });
    await expect(failing.write([parsedRecord(spec)])).rejects.toThrow('no announcement');
    expect(await rows(database.pool, 'SELECT "id" FROM "Article" WHERE "url" = $1', [spec.url])).toEqual([]);
  });

  it('leaves the pool to its owner when closed, and refuses batches after', async () => {
    const closing = new PostgresArticleWriter(database.pool);
    closing.close();
    await expect(closing.write([parsedRecord(articleSpec())])).rejects.toThrow('closed');
    expect((await database.pool.query('SELECT 1')).rowCount).toBe(1);
  });
});

describe('concurrent writers', () => {
  /** Two ingests meeting on 50 of their documents, stored in opposite orders, in batches that interleave. */
  const options = { count: 150, seed: 41 };
  const batchesOf = (records: ArticleRecord[], size: number) =>
    Array.from({ length: Math.ceil(records.length / size) }, (_, index) =>
      records.slice(index * size, (index + 1) * size),
    );
  const first = corpusSpecs(0, 100, options).map(parsedRecord);
  const second = corpusSpecs(50, 150, options).map(parsedRecord).reverse();

  async function ingest(into: PostgresArticleWriter, records: ArticleRecord[]): Promise<string[]> {
    const outcomes: string[] = [];
    for (const batch of batchesOf(records, 25)) outcomes.push(...(await into.write(batch)));
    return outcomes;
  }

  it('store every document, author and link once, as writing them one after the other would', async () => {
    const serial = await freshDatabase();
    await ingest(new PostgresArticleWriter(serial.pool), [...first, ...second]);
    const expected = await archiveState(serial.pool);

    const shared = await freshDatabase();
    const writers = [new PostgresArticleWriter(shared.pool), new PostgresArticleWriter(shared.newPool())] as const;
    for (let round = 0; round < 8; round += 1) {
      await emptyTables(shared.pool);
      const outcomes = (await Promise.all([ingest(writers[0], first), ingest(writers[1], second)])).flat();
      // Each of the 50 documents both store is created by one of them and found unchanged by the other.
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(150);
      expect(outcomes.filter((outcome) => outcome === 'unchanged')).toHaveLength(50);
      expect(await archiveState(shared.pool)).toEqual(expected);
      expect(await unresolvedLinks(shared.pool)).toEqual([]);
    }
  });

  it('retries a batch whose new article another client stored meanwhile, and reports it updated', async () => {
    const spec = articleSpec();
    const record = parsedRecord(spec);
    const other = await database.pool.connect();
    try {
      await other.query('BEGIN');
      const [inserted] = (
        await other.query<{ id: number }>(
          `INSERT INTO "Article" ("url", "slug", "title", "section", "language", "publishedAt", "summary", "bodyHtml",
             "bodyText", "blocks", "credits", "contentHash", "updatedAt")
           VALUES ($1, $2, '另一个客户端', 'world', 'zh', now(), '', '', '', '[]', '[]', 'elsewhere', now()) RETURNING "id"`,
          [record.url, record.slug],
        )
      ).rows;
      const writing = writer.write([record]);
      await waitForLockWait(database.pool);
      await other.query('COMMIT');

      expect(await writing).toEqual(['updated']);
      expect(await articleRow(record.url)).toMatchObject({ id: inserted?.id, title: record.title });
    } finally {
      other.release();
    }
  });
});

/** Until some session of the database waits for a lock (the writer, for the other client's insert to commit). */
async function waitForLockWait(pool: pg.Pool): Promise<void> {
  for (let polls = 0; polls < 500; polls += 1) {
    const waiting = await rows(
      pool,
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no session waited for a lock');
}
