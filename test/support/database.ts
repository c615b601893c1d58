import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/data/database.ts';

export interface TestDatabase {
  config: Config;
  db: Database;
}

/**
 * A fresh database for this test file: a copy of the migrated template (test/support/template-database.ts),
 * closed after the file's tests.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const file = join(dirname(template), `${randomUUID()}.db`);
  copyFileSync(template, file);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `file:${file}` });
  const db = await openDatabase(config);
  afterAll(() => db.close());
  return { config, db };
}

// This file's own database (vitest gives each test file its own module instances).
export const { config: testConfig, db } = await openTestDatabase();
