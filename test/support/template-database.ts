import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DatabaseProvider } from '../../src/config.ts';
import { migrateSqliteDatabase } from '../../src/data/migrate.ts';
import { migratePostgresDatabase } from '../../src/data/postgres/migrate.ts';
import { createRunDatabase, dropRunDatabases, newRunId, postgresDatabaseUrl } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    provider: DatabaseProvider;
    /** SQLite: the migrated template file. PostgreSQL: the migrated template database's name. */
    templateDatabase: string;
    /** PostgreSQL: the prefix of this run's databases. */
    postgresRunId: string;
  }
}

/**
 * Migrates one template database per run and provider (the vitest project's `provider`); each test
 * file then works on its own copy (test/support/database.ts).
 */
export default async function setup(project: TestProject) {
  const provider = project.config.provide.provider;
  if (provider === 'postgresql') {
    const runId = newRunId();
    await dropRunDatabases(runId);
    const template = await createRunDatabase(runId);
    await migratePostgresDatabase(postgresDatabaseUrl(template));
    project.provide('templateDatabase', template);
    project.provide('postgresRunId', runId);
    return () => dropRunDatabases(runId);
  }
  const directory = mkdtempSync(join(tmpdir(), 'news-archive-test-'));
  const templateDatabase = join(directory, 'template.db');
  migrateSqliteDatabase(`file:${templateDatabase}`);
  project.provide('templateDatabase', templateDatabase);
  return () => rmSync(directory, { recursive: true, force: true });
}
