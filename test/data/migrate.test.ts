import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { migrateSqliteDatabase } from '../../src/data/migrate.ts';
import { MigrationError } from '../../src/data/migrations.ts';

describe('migrateSqliteDatabase', () => {
  it('creates the database, applies each migration once and records it as prisma migrate does', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'nested', 'archive.db');
    const first = migrateSqliteDatabase(`file:${file}`);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(migrateSqliteDatabase(`file:${file}`).applied).toEqual([]);

    const database = new Database(file, { readonly: true });
    const recorded = database.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').all();
    expect(recorded).toEqual(first.applied.map((name) => ({ migration_name: name })));
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    database.close();
  });

  it('refuses to go on when an applied migration was edited since', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'archive.db');
    const [name] = migrateSqliteDatabase(`file:${file}`).applied;
    const database = new Database(file);
    database.prepare("UPDATE _prisma_migrations SET checksum = 'before the edit' WHERE migration_name = ?").run(name);
    database.close();
    expect(() => migrateSqliteDatabase(`file:${file}`)).toThrow(
      new MigrationError(`migration ${name} was edited after it was applied to ${file}`),
    );
  });

  it('finds an up-to-date database so without waiting for the write lock another process holds', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'archive.db');
    migrateSqliteDatabase(`file:${file}`);
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      expect(migrateSqliteDatabase(`file:${file}`).applied).toEqual([]);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('has migrations that build exactly the schema prisma/schema.prisma describes', () => {
    // `migrate diff --from-migrations` cannot replay multi-statement scripts through the SQLite
    // adapter, so compare the migrated database with one built from the datamodel directly.
    const directory = mkdtempSync(join(tmpdir(), 'drift-'));
    // Prisma opens the configured database even for a diff that reads none.
    const fromDatamodel = execFileSync(
      join(projectRoot, 'node_modules', '.bin', 'prisma'),
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: `file:${join(directory, 'scratch.db')}` },
      },
    );
    migrateSqliteDatabase(`file:${join(directory, 'migrated.db')}`);
    const expected = new Database(join(directory, 'expected.db'));
    expected.exec(fromDatamodel);
    const migrated = new Database(join(directory, 'migrated.db'), { readonly: true });
    expect(schemaOf(migrated, 'datamodel')).toEqual(schemaOf(expected, 'datamodel'));
    // The search index is an FTS5 table, which a Prisma datamodel cannot describe: checked as written here.
    expect(schemaOf(migrated, 'search index')).toEqual([
      `CREATE VIRTUAL TABLE "ArticleSearch" USING fts5( "title", "body", "captions", "authors", tokenize = 'ascii' )`,
      "CREATE TABLE 'ArticleSearch_config'(k PRIMARY KEY, v) WITHOUT ROWID",
      "CREATE TABLE 'ArticleSearch_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3)",
      "CREATE TABLE 'ArticleSearch_data'(id INTEGER PRIMARY KEY, block BLOB)",
      "CREATE TABLE 'ArticleSearch_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",
      "CREATE TABLE 'ArticleSearch_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",
    ]);
    expect(schemaOf(expected, 'search index')).toEqual([]);
    expected.close();
    migrated.close();
  });
});

/** The search index's FTS5 table and the shadow tables FTS5 keeps for it. */
const searchIndexObject = /^ArticleSearch(_|$)/;

/** The CREATE statements of the datamodel's tables and indexes, or of the search index's. */
function schemaOf(database: Database.Database, part: 'datamodel' | 'search index'): string[] {
  return database
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_prisma_migrations%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .filter((row) => searchIndexObject.test(row.name) === (part === 'search index'))
    .map((row) => row.sql.replace(/\s+/g, ' '));
}
