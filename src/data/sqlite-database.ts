import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import SQLite from 'better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.ts';
import { type Database, type DatabaseConfig, fallbackReports } from './database.ts';
import { pendingSqliteMigrations } from './migrate.ts';
import { sqliteDialect } from './read/dialect.ts';
import { ReadExecutor } from './read/executor.ts';
import { loadModels } from './read/model.ts';
import { createReadClient } from './read/read-client.ts';
import { snapshotView } from './read/request-view.ts';
import { SqliteSnapshots } from './read/sqlite-snapshots.ts';
import { sqliteSearchDialect } from './search/sqlite-search.ts';
import { sqliteFilePath } from './sqlite-values.ts';
import { withStatementCounting } from './statement-count.ts';
import { SqliteArticleWriter } from './write/sqlite-writer.ts';
import type { ArticleWriter } from './write/writer.ts';

/** Requests read concurrently on this many connections; more wait for one to be free. */
const readConnections = 8;

/**
 * How long a statement waits for another process's write lock (better-sqlite3's `timeout`, SQLite's
 * busy timeout) before failing with SQLITE_BUSY. better-sqlite3 waits synchronously, freezing the event
 * loop, so this stays near a second, a few times what an ingest's batch holds the lock (0.3–0.6 s);
 * longer waits are the ingest pipeline's, which sleeps between attempts and reports that it waits.
 */
const writeLockTimeoutMs = 1000;

/** The SQLite archive: one file, its change signal SQLite's own `data_version`. */
export async function openSqliteDatabase(config: DatabaseConfig): Promise<Database> {
  const file = sqliteFilePath(config.database.url);
  const prisma = new PrismaClient({
    // The adapter hands every option but `url` to better-sqlite3's constructor.
    adapter: withStatementCounting(new PrismaBetterSQLite3({ url: config.database.url, timeout: writeLockTimeoutMs })),
  });
  // PRAGMA data_version reports commits of *other* connections, so it gets a connection of its own.
  const versionConnection = new SQLite(file, { readonly: true, fileMustExist: true });
  const readVersion = versionConnection.prepare('PRAGMA data_version').pluck();
  const models = loadModels();
  const modelNames = [...models.keys()];
  const executor = new ReadExecutor(models, sqliteDialect);
  const snapshots = new SqliteSnapshots(file, readConnections);
  const onFallback = fallbackReports[config.mode];
  let writer: ArticleWriter | undefined;
  return {
    provider: 'sqlite',
    prisma,
    get writer() {
      writer ??= new SqliteArticleWriter(file, writeLockTimeoutMs);
      return writer;
    },
    forRequest: () =>
      snapshotView(
        snapshots.open(),
        (run) => createReadClient(prisma, executor, modelNames, run, onFallback),
        sqliteSearchDialect,
      ),
    dataVersion: () => readVersion.get() as number,
    readinessProblems: async () => pendingSqliteMigrations(file),
    async close() {
      await prisma.$disconnect();
      writer?.close();
      snapshots.close();
      versionConnection.close();
    },
  };
}
