import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { withStatementCounting } from './statement-count.ts';

/** One open archive database: what the API and the ingest pipeline read and write through. */
export interface Database {
  readonly prisma: PrismaClient;
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

/**
 * Opens the database `config.database.url` names; the caller has migrated it. Nothing connects at
 * import time, so a process can hold several (a test's own, a replica) side by side.
 */
export async function openDatabase(config: Pick<Config, 'database'>): Promise<Database> {
  const prisma = new PrismaClient({
    adapter: withStatementCounting(new PrismaBetterSQLite3({ url: config.database.url })),
  });
  // PRAGMA data_version reports commits of *other* connections, so it gets a connection of its own.
  const versionConnection = new SQLite(sqliteFilePath(config.database.url), { readonly: true, fileMustExist: true });
  const readVersion = versionConnection.prepare('PRAGMA data_version').pluck();
  return {
    prisma,
    dataVersion: () => readVersion.get() as number,
    async close() {
      await prisma.$disconnect();
      versionConnection.close();
    },
  };
}
