import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Provider } from './options.ts';
import {
  benchDatabaseName,
  createDatabase,
  databaseNameOf,
  dropAbandonedDatabases,
  dropDatabase,
  postgresDatabaseUrl,
} from './postgres-server.ts';

/** Where a run's archives live: SQLite files in its work directory, or databases on the PostgreSQL server. */
export interface Archives {
  readonly provider: Provider;
  /** The DATABASE_URL of a new, empty archive; `label` tells it from the run's others. */
  create(label: string): Promise<string>;
  /** Removes an archive once its numbers are taken. */
  remove(url: string): Promise<void>;
  /** Removes every archive still there: at the end of the run, whatever happened. */
  removeAll(): Promise<void>;
}

/** The file of a `file:` DATABASE_URL this module made. */
export function sqliteFileOf(databaseUrl: string): string {
  return databaseUrl.slice('file:'.length);
}

/** SQLite: `<work directory>/archives/<label>/archive.db`, a file the ingest CLI creates and migrates. */
function sqliteArchives(workDirectory: string): Archives {
  const root = join(workDirectory, 'archives');
  return {
    provider: 'sqlite',
    async create(label) {
      const directory = join(root, label);
      mkdirSync(directory, { recursive: true });
      return `file:${join(directory, 'archive.db')}`;
    },
    async remove(url) {
      rmSync(dirname(sqliteFileOf(url)), { recursive: true, force: true });
    },
    async removeAll() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL: one empty database per archive, named after the harness's pid (postgres-server.ts);
 * the ingest CLI migrates it. Databases left by a run that could not clean up are dropped first.
 */
async function postgresArchives(): Promise<Archives> {
  await dropAbandonedDatabases();
  const created = new Set<string>();
  const drop = async (name: string) => {
    await dropDatabase(name);
    created.delete(name);
  };
  return {
    provider: 'postgres',
    async create(label) {
      const name = benchDatabaseName(process.pid, label);
      created.add(name);
      await createDatabase(name);
      return postgresDatabaseUrl(name);
    },
    remove: (url) => drop(databaseNameOf(url)),
    async removeAll() {
      for (const name of [...created]) await drop(name);
    },
  };
}

export function openArchives(provider: Provider, workDirectory: string): Promise<Archives> {
  return provider === 'sqlite' ? Promise.resolve(sqliteArchives(workDirectory)) : postgresArchives();
}
