import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '0.0.0.0', PORT: 4000, GRAPHQL_SQL_STATS: false });
    expect(config.DATABASE_URL).toMatch(/^file:.*data\/archive\.db$/);
  });

  it('parses given values', () => {
    expect(loadConfig({ PORT: '8080', GRAPHQL_SQL_STATS: '1', DATABASE_URL: 'file:/tmp/x.db' })).toMatchObject({
      PORT: 8080,
      GRAPHQL_SQL_STATS: true,
      DATABASE_URL: 'file:/tmp/x.db',
    });
  });

  it('lists every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x' })).toThrowError(
      /^invalid environment: NODE_ENV .*; DATABASE_URL must be an SQLite URL of the form file:<path>; PORT .*$/,
    );
  });
});
