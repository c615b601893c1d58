import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';
import { loadConfig, readEnvironment } from './src/config.ts';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Read when a command needs the database, so that `prisma generate` works whatever the environment.
  async adapter() {
    return new PrismaBetterSQLite3({ url: loadConfig(readEnvironment()).database.url });
  },
});
