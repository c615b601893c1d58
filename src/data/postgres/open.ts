import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { PrismaClient as PostgresPrismaClient } from '../../generated/prisma-postgres/client.ts';
import { archiveIdentity } from '../archive-identity.ts';
import type { ChangeSignal } from '../change-signal.ts';
import { type Database, type DatabaseConfig, fallbackReports } from '../database.ts';
import { ReadExecutor } from '../read/executor.ts';
import { loadModels } from '../read/model.ts';
import { createReadClient } from '../read/read-client.ts';
import { snapshotView } from '../read/request-view.ts';
import { openRedisSignal } from '../redis-signal.ts';
import { postgresSearchDialect } from '../search/postgres-search.ts';
import { withStatementCounting } from '../statement-count.ts';
import type { ArticleWriter } from '../write/writer.ts';
import { postgresDialect } from './dialect.ts';
import { pendingPostgresMigrations } from './migrate.ts';
import { openNotifySignal } from './notify-signal.ts';
import { PostgresSnapshots } from './snapshots.ts';
import { postgresTypes } from './values.ts';
import { PostgresArticleWriter } from './writer.ts';

function openPool(url: string, size: number, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: size, types: postgresTypes });
  // An idle connection that breaks (a server restart) is dropped from the pool; the next request reconnects.
  pool.on('error', onError);
  return pool;
}

/**
 * The PostgreSQL archive: the primary takes every write (and Prisma's calls); requests read from the
 * read replicas when configured, else from the primary, each inside one snapshot. Change announcements
 * go through Redis when configured, else LISTEN/NOTIFY on the primary.
 */
export async function openPostgresDatabase(config: DatabaseConfig): Promise<Database> {
  const { url, readUrls, poolSize } = config.database;
  const poolErrors: string[] = [];
  const onPoolError = (error: Error) => {
    poolErrors.push(error.message);
  };
  const primary = openPool(url, poolSize, onPoolError);
  const replicas = readUrls.map((readUrl) => openPool(readUrl, poolSize, onPoolError));
  const prismaPool = openPool(url, poolSize, onPoolError);
  // Generated from the same model as the SQLite client (scripts/postgres-schema.ts): same delegates, same results.
  const prisma = new PostgresPrismaClient({
    adapter: withStatementCounting(new PrismaPg(prismaPool)),
  }) as unknown as PrismaClient;
  const signal: ChangeSignal = config.redis
    ? await openRedisSignal(config.redis.url, archiveIdentity(url))
    : await openNotifySignal(url);
  const models = loadModels();
  const modelNames = [...models.keys()];
  const executor = new ReadExecutor(models, postgresDialect);
  const snapshots = new PostgresSnapshots(replicas.length > 0 ? replicas : [primary]);
  const onFallback = fallbackReports[config.mode];
  let writer: ArticleWriter | undefined;
  return {
    provider: 'postgresql',
    prisma,
    get writer() {
      writer ??= new PostgresArticleWriter(primary, signal.writerHooks);
      return writer;
    },
    forRequest: () =>
      snapshotView(
        snapshots.open(),
        (run) => createReadClient(prisma, executor, modelNames, run, onFallback),
        postgresSearchDialect,
      ),
    dataVersion: () => signal.version(),
    readinessProblems: async () => {
      const databases = await Promise.all([
        pendingPostgresMigrations(primary),
        ...replicas.map((replica, index) => reachable(replica, `read replica ${index + 1}`)),
      ]);
      return [...databases.flat(), ...(await signal.readinessProblems())];
    },
    async close() {
      writer?.close();
      await prisma.$disconnect();
      await signal.close();
      await Promise.all([primary, prismaPool, ...replicas].map((pool) => pool.end()));
    },
  };
}

async function reachable(pool: pg.Pool, name: string): Promise<string[]> {
  try {
    await pool.query('SELECT 1');
    return [];
  } catch (error) {
    return [`${name} unreachable: ${(error as Error).message}`];
  }
}
