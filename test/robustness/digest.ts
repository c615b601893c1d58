import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * A digest of a whole database: every table, every row, ordered, so two databases holding the same
 * content (ids included where they must match) have equal digests, table by table.
 *
 * Left out, and why:
 * - wall-clock columns (`Article.createdAt`/`updatedAt`, `Change.at`): when a run happened, not what it stored;
 * - `_prisma_migrations` is reduced to the names of the applied migrations (its ids are random UUIDs,
 *   its columns times);
 * - an FTS5 table's shadow tables that hold the index segments (`_data`, `_idx`): their b-tree layout
 *   depends on how many transactions wrote them (a killed run's re-run merges differently); the
 *   index's rows (rowids) and per-row sizes (`_docsize`) are compared instead.
 */
export type DatabaseDigest = Record<string, { rows: number; sha256: string }>;

const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Article: ['createdAt', 'updatedAt'],
  Change: ['at'],
};

function tableDigest(rows: unknown[]): { rows: number; sha256: string } {
  const lines = rows.map((row) =>
    JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
  );
  lines.sort();
  return { rows: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

function withoutVolatile(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const volatile = VOLATILE_COLUMNS[table] ?? [];
  for (const column of volatile) {
    if (!(column in row)) throw new Error(`the digest expects ${table}.${column}; update VOLATILE_COLUMNS`);
  }
  return Object.fromEntries(Object.entries(row).filter(([column]) => !volatile.includes(column)));
}

/** SQLite: every table with its ids (surrogate ids included: see the kill test for why they must match). */
export function sqliteDigest(file: string): DatabaseDigest {
  const database = new Database(file, { readonly: true });
  try {
    const tables = database
      .prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
      .all();
    const virtual = tables.filter((table) => /^CREATE VIRTUAL TABLE/i.test(table.sql ?? '')).map((table) => table.name);
    const digest: DatabaseDigest = {};
    for (const { name } of tables) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      if (name === '_prisma_migrations') {
        digest[name] = tableDigest(
          database
            .prepare(
              'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at FROM _prisma_migrations',
            )
            .all(),
        );
      } else if (virtual.includes(name)) {
        digest[name] = tableDigest(database.prepare(`SELECT rowid FROM ${quoted}`).all());
      } else if (virtual.some((table) => name === `${table}_data` || name === `${table}_idx`)) {
        // index segments: see above
      } else if (name.startsWith('sqlite_') && name !== 'sqlite_sequence') {
        // SQLite's own statistics tables, written by ANALYZE whenever it runs
      } else {
        const rows = database.prepare(`SELECT * FROM ${quoted}`).all() as Record<string, unknown>[];
        digest[name] = tableDigest(rows.map((row) => withoutVolatile(name, row)));
      }
    }
    return digest;
  } finally {
    database.close();
  }
}

/**
 * PostgreSQL: every table, with surrogate ids replaced by the natural keys they stand for (an article
 * by its URL, an author by its slug, a change by its place in the feed). PostgreSQL sequences are not
 * transactional: a transaction killed mid-batch has used up the ids it drew, so a recovered run's ids
 * have gaps a clean run's do not, and comparing ids would fail on correct behaviour.
 */
export async function postgresDigest(url: string): Promise<DatabaseDigest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const all = async (sql: string) => (await client.query<Record<string, unknown>>(sql)).rows;
    const articleUrls = new Map((await all('SELECT id, url FROM "Article"')).map((row) => [row.id, row.url]));
    const authorSlugs = new Map((await all('SELECT id, slug FROM "Author"')).map((row) => [row.id, row.slug]));
    const articleUrl = (id: unknown) => (id === null ? null : (articleUrls.get(id) ?? `missing article ${String(id)}`));
    const authorSlug = (id: unknown) => authorSlugs.get(id) ?? `missing author ${String(id)}`;
    const digest: DatabaseDigest = {};
    for (const { table_name: name } of tables) {
      const rows = await all(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
      const mapped = rows.map((source): Record<string, unknown> => {
        const { id: _id, ...row } = withoutVolatile(name, source);
        switch (name) {
          case '_prisma_migrations':
            return { migration_name: row.migration_name, finished: row.finished_at !== null };
          case 'Article':
            return row;
          case 'Author':
            return row;
          case 'ArticleAuthor':
            return { ...row, articleId: articleUrl(row.articleId), authorId: authorSlug(row.authorId) };
          case 'Figure':
            return { ...row, articleId: articleUrl(row.articleId) };
          case 'Link':
            return { ...row, articleId: articleUrl(row.articleId), targetId: articleUrl(row.targetId) };
          case 'ArticleSearch':
            return { ...row, articleId: articleUrl(row.articleId) };
          case 'Change': {
            const { sequence: _sequence, ...change } = row;
            return { ...change, articleId: articleUrl(change.articleId) };
          }
          default:
            if (Object.keys(source).some((column) => /id$/i.test(column))) {
              throw new Error(`the digest does not know the ids of table ${name}`);
            }
            return row;
        }
      });
      if (name === 'Change') {
        // The feed's order is its meaning: number the rows in sequence order instead of by their ids.
        const order = rows.map((row, index) => [Number(row.sequence), index] as const).sort((a, b) => a[0] - b[0]);
        digest[name] = tableDigest(order.map(([, index], position) => ({ position, ...mapped[index] })));
      } else {
        digest[name] = tableDigest(mapped);
      }
    }
    return digest;
  } finally {
    await client.end();
  }
}
