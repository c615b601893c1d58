import { createServer as createHttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { config } from '../config.ts';
import { prisma } from '../db.ts';
import { cachedGraphqlListener, ResponseCache, sqliteDataVersion } from '../response-cache.ts';
import { createServer } from '../server.ts';

function requestListener(): RequestListener {
  const yoga = createServer();
  // Per-request SQL statistics would be wrong on a cache hit, so they turn the cache off.
  if (config.RESPONSE_CACHE_ENTRIES === 0 || config.GRAPHQL_SQL_STATS) return yoga;
  const cache = new ResponseCache({
    maxEntries: config.RESPONSE_CACHE_ENTRIES,
    maxBytes: config.RESPONSE_CACHE_MB * 1024 * 1024,
    dataVersion: sqliteDataVersion(config.DATABASE_URL),
  });
  return cachedGraphqlListener(yoga, cache);
}

/** Serves the API on HOST:PORT until SIGINT/SIGTERM; the caller has migrated the database. */
export async function serve(): Promise<void> {
  const server = createHttpServer(requestListener());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const shownHost = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`GraphiQL at http://${shownHost}:${port}/graphql\n`);
  const stop = () => {
    server.close(() => void prisma.$disconnect());
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
