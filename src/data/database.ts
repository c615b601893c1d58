import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { sqliteDialect } from './read/dialect.ts';
import { ReadExecutor } from './read/executor.ts';
import { loadModels } from './read/model.ts';
import { createReadClient, type FallbackReport } from './read/read-client.ts';
import { SqliteSnapshots } from './read/sqlite-snapshots.ts';
import { withStatementCounting } from './statement-count.ts';
import { SqliteArticleWriter } from './write/sqlite-writer.ts';
import type { ArticleWriter } from './write/writer.ts';

/** One request's view of the database: every read it makes sees one committed state. */
export interface RequestDatabase {
  /** Reads in the request's snapshot (the read executor, Prisma for anything it does not cover). */
  readonly prisma: PrismaClient;
  /** Ends the snapshot; the request makes no more reads. */
  release(): void;
}

/** One open archive database: what the API and the ingest pipeline read and write through. */
export interface Database {
  /** The Prisma client on the primary connection: writes, and reads outside a request. */
  readonly prisma: PrismaClient;
  forRequest(): RequestDatabase;
  /** The article writer, on a connection of its own (opened on first use). */
  readonly writer: ArticleWriter;
  /**
   * A number that changes whenever a transaction commits on any other connection to the database,
   * this process's Prisma client included (the ingest CLI is another process).
   */
  dataVersion(): number;
  close(): Promise<void>;
}

export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

/** Requests read concurrently on this many connections; more wait for one to be free. */
const readConnections = 8;

/**
 * How long a statement waits for another process's write lock (better-sqlite3's `timeout`, SQLite's
 * busy timeout) before failing with SQLITE_BUSY. better-sqlite3 waits synchronously, freezing the event
 * loop, so this stays near a second, a few times what an ingest's batch holds the lock (0.3–0.6 s);
 * longer waits are the ingest pipeline's, which sleeps between attempts and reports that it waits.
 */
const writeLockTimeoutMs = 1000;

const fallbackReports: Record<Config['mode'], FallbackReport> = {
  // Tests must notice a query shape the executor does not cover: it would read outside the snapshot.
  test: (model, method, reason) => {
    throw new Error(`the read executor does not cover ${model}.${method} (${reason})`);
  },
  development: (model, method, reason) =>
    console.warn(`read executor: ${model}.${method} falls back to Prisma (${reason})`),
  production: () => {},
};

/**
 * Opens the database `config.database.url` names; the caller has migrated it. Nothing connects at
 * import time, so a process can hold several (a test's own, a replica) side by side.
 */
export async function openDatabase(config: Pick<Config, 'database' | 'mode'>): Promise<Database> {
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
    prisma,
    get writer() {
      writer ??= new SqliteArticleWriter(file, writeLockTimeoutMs);
      return writer;
    },
    forRequest() {
      const snapshot = snapshots.open();
      const run = (sql: string, params: unknown[]) => snapshot.run(sql, params);
      return {
        prisma: createReadClient(prisma, executor, modelNames, run, onFallback),
        release: () => snapshot.release(),
      };
    },
    dataVersion: () => readVersion.get() as number,
    async close() {
      await prisma.$disconnect();
      writer?.close();
      snapshots.close();
      versionConnection.close();
    },
  };
}
