import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/data/database.ts';
import { createRunDatabase, dropDatabase, postgresDatabaseUrl } from './postgres.ts';

export interface TestDatabase {
  config: Config;
  db: Database;
}

/** The provider this test run is for (the vitest project: `sqlite` or `postgres`). */
export const testProvider = inject('provider');

/** A new database holding the migrated template's tables and nothing else: its URL, and how to drop it. */
export async function copyTemplateDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('templateDatabase');
  if (testProvider === 'postgresql') {
    const name = await createRunDatabase(inject('postgresRunId'), template);
    return { url: postgresDatabaseUrl(name), drop: () => dropDatabase(name) };
  }
  const file = join(dirname(template), `${randomUUID()}.db`);
  copyFileSync(template, file);
  return { url: `file:${file}`, drop: async () => {} };
}

/** A new database with no tables (SQLite: a path in a folder that does not exist yet), dropped after the file's tests. */
export async function emptyDatabaseUrl(): Promise<string> {
  if (testProvider === 'postgresql') {
    const name = await createRunDatabase(inject('postgresRunId'));
    afterAll(() => dropDatabase(name));
    return postgresDatabaseUrl(name);
  }
  return `file:${join(mkdtempSync(join(tmpdir(), 'fresh-')), 'new', 'archive.db')}`;
}

/**
 * A fresh database for this test file: a copy of the migrated template (test/support/template-database.ts),
 * closed (and on PostgreSQL dropped) after the file's tests.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await copyTemplateDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATABASE_POOL_SIZE: '4' });
  const db = await openDatabase(config);
  afterAll(async () => {
    await db.close();
    await drop();
  });
  return { config, db };
}

// This file's own database (vitest gives each test file its own module instances).
export const { config: testConfig, db } = await openTestDatabase();
