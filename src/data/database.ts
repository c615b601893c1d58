import type { Config, DatabaseProvider } from '../config.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { openPostgresDatabase } from './postgres/open.ts';
import type { FallbackReport } from './read/read-client.ts';
import type { ArticleSearch } from './search/search.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import type { ArticleWriter } from './write/writer.ts';

/** One request's view of the database: every read it makes sees one committed state. */
export interface RequestDatabase {
  /** Reads in the request's snapshot (the read executor, Prisma for anything it does not cover). */
  readonly prisma: PrismaClient;
  /** Full-text search of the articles, in the same snapshot. */
  readonly search: ArticleSearch;
  /** Ends the snapshot; the request makes no more reads. */
  release(): void;
  /** SQL statements the request's reads ran so far. */
  statementCount(): number;
}

/** One open archive database: what the API and the ingest pipeline read and write through. */
export interface Database {
  readonly provider: DatabaseProvider;
  /**
   * The Prisma client on the primary: writes, and reads outside a request. Typed as the SQLite
   * client for both providers: they are generated from the same model and differ only in filters
   * this project does not use.
   */
  readonly prisma: PrismaClient;
  forRequest(): RequestDatabase;
  /** The article writer, on a connection of its own (opened on first use). */
  readonly writer: ArticleWriter;
  /**
   * A number that changes whenever a transaction commits on any other connection to the database,
   * this process's Prisma client included (the ingest CLI is another process).
   */
  dataVersion(): number;
  /**
   * What keeps this database from serving, in words for an operator (`/ready`): unreachable, migrations
   * not applied, the change bus (Redis) unreachable. Empty when ready.
   */
  readinessProblems(): Promise<string[]>;
  close(): Promise<void>;
}

/** What a read outside the read executor's subset does in each mode. */
export const fallbackReports: Record<Config['mode'], FallbackReport> = {
  // Tests must notice a query shape the executor does not cover: it would read outside the snapshot.
  test: (model, method, reason) => {
    throw new Error(`the read executor does not cover ${model}.${method} (${reason})`);
  },
  development: (model, method, reason) =>
    console.warn(`read executor: ${model}.${method} falls back to Prisma (${reason})`),
  production: () => {},
};

export type DatabaseConfig = Pick<Config, 'database' | 'mode' | 'redis'>;

/**
 * Opens the database `config.database.url` names (SQLite for `file:`, PostgreSQL for
 * `postgresql://`); the caller has migrated it. Nothing connects at import time, so a process can
 * hold several (a test's own, a replica) side by side.
 */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.database.provider === 'sqlite' ? openSqliteDatabase(config) : openPostgresDatabase(config);
}
