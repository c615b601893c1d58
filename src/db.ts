import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { config } from './config.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { withStatementCounting } from './sql-statements.ts';

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = withStatementCounting(new PrismaBetterSQLite3({ url: databaseUrl }));
  return new PrismaClient({ adapter });
}

/** The process-wide client for DATABASE_URL. Entry points migrate the database before using it. */
export const prisma = createPrismaClient(config.DATABASE_URL);
