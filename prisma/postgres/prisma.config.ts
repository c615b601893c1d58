import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { loadConfig, readEnvironment } from '../../src/config.ts';

/** The Prisma CLI's configuration for PostgreSQL (`--config prisma/postgres/prisma.config.ts`). */
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  // Read when a command needs the database, so that `prisma generate` works whatever the environment.
  async adapter() {
    const { database } = loadConfig(readEnvironment());
    if (database.provider !== 'postgresql') throw new Error('DATABASE_URL must be a postgresql:// URL here');
    return new PrismaPg({ connectionString: database.url });
  },
});
