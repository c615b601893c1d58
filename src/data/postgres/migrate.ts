import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../config.ts';
import { listMigrations, type Migration, MigrationError } from '../migrations.ts';

const postgresMigrations = join(projectRoot, 'prisma', 'postgres', 'migrations');

/** The bookkeeping table `prisma migrate deploy` keeps on PostgreSQL, so both tools agree on what is applied. */
const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Any constant shared by every process migrating this archive: the key of the advisory lock. */
const migrationLockKey = 72_707_369;

/**
 * Applies pending migrations from prisma/postgres/migrations, each in a transaction of its own, under
 * a session advisory lock so that replicas starting together apply each migration exactly once.
 */
export async function migratePostgresDatabase(url: string): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    await client.query(createMigrationsTable);
    const applied: string[] = [];
    for (const migration of listMigrations(postgresMigrations)) {
      if (await applyUnlessApplied(client, migration)) applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.end();
  }
}

async function applyUnlessApplied(client: pg.Client, migration: Migration): Promise<boolean> {
  const { rows } = await client.query<{ checksum: string }>(
    'SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
    [migration.name],
  );
  const [recorded] = rows;
  if (recorded !== undefined) {
    if (recorded.checksum !== migration.checksum) {
      throw new MigrationError(`migration ${migration.name} was edited after it was applied`);
    }
    return false;
  }
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The migrations not (or not as committed) applied to the database behind `pool`, as readiness problems. */
export async function pendingPostgresMigrations(pool: pg.Pool): Promise<string[]> {
  let applied: Map<string, string>;
  try {
    const { rows } = await pool.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    // 42P01: the bookkeeping table does not exist, so nothing has been migrated.
    if (code !== '42P01') return [`database unreachable: ${message}`];
    applied = new Map();
  }
  return listMigrations(postgresMigrations)
    .filter((migration) => applied.get(migration.name) !== migration.checksum)
    .map((migration) => `migration ${migration.name} is not applied`);
}
