import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type Config, projectRoot } from '../config.ts';
import { listMigrations, type Migration, MigrationError } from './migrations.ts';
import { migratePostgresDatabase } from './postgres/migrate.ts';
import { sqliteFilePath } from './sqlite-values.ts';

const sqliteMigrations = join(projectRoot, 'prisma', 'migrations');

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

/**
 * Applies the pending migrations of the database's provider: prisma/migrations for SQLite,
 * prisma/postgres/migrations for PostgreSQL. Safe to run from several processes at once.
 */
export async function migrateDatabase(
  database: Pick<Config['database'], 'provider' | 'url'>,
): Promise<{ applied: string[] }> {
  return database.provider === 'sqlite' ? migrateSqliteDatabase(database.url) : migratePostgresDatabase(database.url);
}

/**
 * How long to wait for SQLite's write lock: other processes may be migrating the same file at the
 * same moment, or an ingest may be committing a batch. Waiting here blocks nothing but this start-up.
 */
const lockTimeoutMs = 60_000;

/**
 * Applies pending migrations from prisma/migrations in order (migrate-deploy semantics) and turns on
 * WAL so that readers never wait for the ingest writer. Creates the database file when missing.
 * Safe to run from several processes at once: each migration is applied by exactly one of them.
 */
export function migrateSqliteDatabase(databaseUrl: string): { applied: string[] } {
  const path = sqliteFilePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path, { timeout: lockTimeoutMs });
  try {
    switchToWal(database);
    const migrations = listMigrations(sqliteMigrations);
    if (isUpToDate(database, migrations)) return { applied: [] };
    const applied = migrations.filter((migration) => applyUnlessApplied(database, migration, path));
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    database.close();
  }
}

/**
 * Switching a new file to WAL upgrades a read lock to an exclusive one, and SQLite refuses that at
 * once, without the busy timeout's wait, while another process is switching it too (waiting could
 * deadlock). That process leaves the file in WAL, so trying again soon succeeds.
 */
function switchToWal(database: Database.Database): void {
  const deadline = Date.now() + lockTimeoutMs;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!(error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY') || Date.now() > deadline)
        throw error;
      sleepSynchronously(10 + Math.random() * 40);
    }
  }
}

/** The runner is synchronous, like better-sqlite3, and runs before anything else in its process. */
function sleepSynchronously(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Most starts find every migration recorded as it is; they learn so without the write lock, which
 * would make them wait for a running ingest's batch (and it for them).
 */
function isUpToDate(database: Database.Database, migrations: Migration[]): boolean {
  const hasTable = database
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
  return (
    hasTable !== undefined &&
    migrations.every((migration) => appliedChecksum(database, migration) === migration.checksum)
  );
}

function appliedChecksum(database: Database.Database, migration: Migration): string | undefined {
  return database
    .prepare<[string], string>(
      'SELECT checksum FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
    )
    .pluck()
    .get(migration.name);
}

/**
 * Checks and applies one migration under the write lock (BEGIN IMMEDIATE, waiting for it): a process
 * that started at the same time as another finds the migration recorded once it gets the lock,
 * instead of both reading "not applied" and then both creating the tables.
 */
function applyUnlessApplied(database: Database.Database, migration: Migration, path: string): boolean {
  const applyOnce = database.transaction(() => {
    database.exec(createMigrationsTable);
    const checksum = appliedChecksum(database, migration);
    if (checksum === undefined) {
      applyMigration(database, migration);
      return true;
    }
    if (checksum !== migration.checksum) {
      throw new MigrationError(`migration ${migration.name} was edited after it was applied to ${path}`);
    }
    return false;
  });
  return applyOnce.immediate();
}

function applyMigration(database: Database.Database, migration: Migration): void {
  database.exec(migration.sql);
  database
    .prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES (?, ?, current_timestamp, ?, 1)`,
    )
    .run(randomUUID(), migration.checksum, migration.name);
}

/** The migrations not (or not as committed) applied to an SQLite file, as readiness problems. */
export function pendingSqliteMigrations(file: string): string[] {
  let database: Database.Database;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return [`database ${file} cannot be opened: ${(error as Error).message}`];
  }
  try {
    const hasTable = database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    return listMigrations(sqliteMigrations)
      .filter((migration) => hasTable === undefined || appliedChecksum(database, migration) !== migration.checksum)
      .map((migration) => `migration ${migration.name} is not applied`);
  } finally {
    database.close();
  }
}
