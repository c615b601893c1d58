import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Tests about SQLite itself (its files, locks and connections): they have no PostgreSQL counterpart. */
const sqliteOnly = [
  'test/data/migrate.test.ts',
  'test/data/migrate-concurrent.test.ts',
  'test/data/write/busy-retry.test.ts',
  'test/data/read/read-client.test.ts',
  'test/ingest/other-writer.test.ts',
  'test/cli/ingest-concurrent.test.ts',
];

/** Tests about PostgreSQL itself. */
const postgresOnly = [
  'test/data/postgres/**/*.test.ts',
  'test/http/replicas.test.ts',
  'test/bench/postgres-answers.test.ts',
];

/** Tests that touch no database (or only SQLite, like the SQLite baseline's): run once. */
const withoutDatabase = [
  'test/bench/!(postgres-answers).test.ts',
  'test/config.test.ts',
  'test/archive/**',
  'test/ingest/parse/**',
  'test/http/operation-name.test.ts',
  'test/data/change-follower.test.ts',
  'test/webhooks/sign-backoff.test.ts',
  'test/robustness/parser-fuzz.test.ts',
];

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build while Pothos and yoga load the CommonJS one under Node;
    // two copies of graphql cannot share a schema, so everything uses the one Node resolves.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['test/support/template-database.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The browser tests' Chromium (test/browser/chromium.ts): Debian's unless CHROMIUM_PATH names another.
    provide: { chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
    // The whole suite runs on both providers; `npx vitest run --project sqlite` picks one.
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: postgresOnly,
          provide: { provider: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          exclude: [...sqliteOnly, ...withoutDatabase],
          provide: { provider: 'postgresql' },
        },
      },
    ],
  },
});
