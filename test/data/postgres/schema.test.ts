import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresSchema, postgresSchemaPath, sqliteSchemaPath } from '../../../scripts/postgres-schema.ts';
import { projectRoot } from '../../../src/config.ts';
import { migratePostgresDatabase } from '../../../src/data/postgres/migrate.ts';
import { emptyDatabaseUrl } from '../../support/database.ts';

/** Columns, indexes, constraints, types and storage other than a type's default, as comparable text. */
async function schemaOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(`
      SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      UNION ALL
      SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      UNION ALL
      SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '\\_prisma%'
      UNION ALL
      SELECT format('storage %s.%s %s', c.relname, a.attname, a.attstorage) FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND a.attstorage <> t.typstorage
      UNION ALL
      SELECT format('enum %s %s', t.typname, e.enumlabel) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      ORDER BY 1`);
    return rows.map((row) => row.line);
  } finally {
    await client.end();
  }
}

/** A line of schemaOf() about the search index's table: `ArticleSearch` or one of its constraints and indexes. */
const isSearchIndex = (line: string) => /^\S+ (CREATE (UNIQUE )?INDEX )?"?ArticleSearch[._"]/.test(line);

describe('the PostgreSQL schema and migrations', () => {
  it('are derived from prisma/schema.prisma as committed', () => {
    expect(readFileSync(postgresSchemaPath, 'utf8')).toBe(postgresSchema(readFileSync(sqliteSchemaPath, 'utf8')));
  });

  it('has migrations that build exactly the schema prisma/postgres/schema.prisma describes', async () => {
    // `migrate diff --from-migrations` needs a shadow database, which Prisma refuses with a driver
    // adapter; so compare a migrated database with one built from the datamodel directly.
    const [migrated, expected] = await Promise.all([emptyDatabaseUrl(), emptyDatabaseUrl()]);
    const fromDatamodel = execFileSync(
      join(projectRoot, 'node_modules', '.bin', 'prisma'),
      [
        'migrate',
        'diff',
        '--config',
        'prisma/postgres/prisma.config.ts',
        '--from-empty',
        '--to-schema-datamodel',
        'prisma/postgres/schema.prisma',
        '--script',
      ],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // The CLI's config opens the configured database even for a diff that reads none.
        env: { ...process.env, DATABASE_URL: expected },
      },
    );
    const client = new pg.Client({ connectionString: expected });
    await client.connect();
    await client.query(fromDatamodel);
    await client.end();
    await migratePostgresDatabase(migrated);
    const [migratedSchema, expectedSchema] = [await schemaOf(migrated), await schemaOf(expected)];
    expect(migratedSchema.filter((line) => !isSearchIndex(line))).toEqual(expectedSchema);
    // The search index is kept out of the Prisma model (its SQLite twin is an FTS5 table, which Prisma
    // cannot describe, and the PostgreSQL schema is derived from the SQLite one): checked as written here.
    expect(migratedSchema.filter(isSearchIndex)).toEqual([
      'column ArticleSearch.articleId integer NO ',
      'column ArticleSearch.document tsvector NO ',
      'constraint ArticleSearch_articleId_fkey FOREIGN KEY ("articleId") REFERENCES "Article"(id) ON UPDATE CASCADE ON DELETE CASCADE',
      'constraint ArticleSearch_pkey PRIMARY KEY ("articleId")',
      'index CREATE INDEX "ArticleSearch_document_idx" ON public."ArticleSearch" USING gin (document)',
      'index CREATE UNIQUE INDEX "ArticleSearch_pkey" ON public."ArticleSearch" USING btree ("articleId")',
      // In the table's pages, so that the planner prices a scan of the documents and uses the index.
      'storage ArticleSearch.document m',
    ]);
  });
});
