import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build while Pothos and yoga load the CommonJS one under Node;
    // two copies of graphql cannot share a schema, so everything uses the one Node resolves.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/template-database.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
