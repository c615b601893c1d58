import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { projectRoot } from '../config.ts';
import { sqliteFilePath } from './database.ts';

const migrationsDirectory = join(projectRoot, 'prisma', 'migrations');

/** The same bookkeeping table `prisma migrate deploy` keeps, so both tools agree on what is applied. */
const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function listMigrations(): Migration[] {
  return readdirSync(migrationsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDirectory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations from prisma/migrations in order (migrate-deploy semantics) and turns on
 * WAL so that readers never wait for the ingest writer. Creates the database file when missing.
 */
export function migrateDatabase(databaseUrl: string): { applied: string[] } {
  const path = sqliteFilePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    database.pragma('journal_mode = WAL');
    database.exec(createMigrationsTable);
    const finished = new Map(
      database
        .prepare<[], { migration_name: string; checksum: string }>(
          'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        )
        .all()
        .map((row) => [row.migration_name, row.checksum]),
    );
    const applied: string[] = [];
    for (const migration of listMigrations()) {
      const appliedChecksum = finished.get(migration.name);
      if (appliedChecksum === undefined) {
        applyMigration(database, migration);
        applied.push(migration.name);
      } else if (appliedChecksum !== migration.checksum) {
        throw new MigrationError(`migration ${migration.name} was edited after it was applied to ${path}`);
      }
    }
    return { applied };
  } finally {
    database.close();
  }
}

function applyMigration(database: Database.Database, migration: Migration): void {
  database.transaction(() => {
    database.exec(migration.sql);
    database
      .prepare(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES (?, ?, current_timestamp, ?, 1)`,
      )
      .run(randomUUID(), migration.checksum, migration.name);
  })();
}
