import { createServer as createHttpServer } from 'node:http';
import { config } from '../config.ts';
import { prisma } from '../db.ts';
import { migrateDatabase } from '../migrate.ts';
import { createServer } from '../server.ts';

/** Serves the API on HOST:PORT until SIGINT/SIGTERM. */
export async function serve(): Promise<void> {
  migrateDatabase(config.DATABASE_URL);
  const yoga = createServer();
  const server = createHttpServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const shownHost = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  process.stdout.write(`GraphiQL at http://${shownHost}:${config.PORT}${yoga.graphqlEndpoint}\n`);
  const stop = () => {
    server.close(() => void prisma.$disconnect());
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
