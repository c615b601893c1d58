import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'development',
      http: { host: '0.0.0.0', port: 4000 },
      graphql: { sqlStatementStats: false },
      responseCache: { maxEntries: 1000, maxBytes: 64 * 1024 * 1024 },
    });
    expect(config.database.url).toMatch(/^file:.*data\/archive\.db$/);
  });

  it('parses given values', () => {
    expect(loadConfig({ PORT: '8080', GRAPHQL_SQL_STATS: '1', DATABASE_URL: 'file:/tmp/x.db' })).toMatchObject({
      http: { port: 8080 },
      graphql: { sqlStatementStats: true },
      database: { url: 'file:/tmp/x.db' },
    });
  });

  it('lists every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x' })).toThrowError(
      /^invalid environment: NODE_ENV .*; DATABASE_URL must be an SQLite URL of the form file:<path>; PORT .*$/,
    );
  });

  it('reads nothing but the variables it is given', () => {
    process.env.PORT = '1234';
    try {
      expect(loadConfig({}).http.port).toBe(4000);
    } finally {
      delete process.env.PORT;
    }
  });
});
