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
      /^invalid environment: NODE_ENV .*; DATABASE_URL must be an SQLite URL \(file:<path>\) or a PostgreSQL URL \(postgresql:\/\/…\); PORT .*$/,
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

describe('API_TOKENS', () => {
  const hash = 'ab'.repeat(32);

  it('reads name:scopes:sha256hex entries, and WRITE_MAX_DOCUMENT_MB with its default', () => {
    const config = loadConfig({ API_TOKENS: `cms:write+read:${hash}, reader:read:${hash.toUpperCase()}` });
    expect(config.auth.tokens).toEqual([
      { name: 'cms', scopes: ['write', 'read'], sha256: Buffer.from(hash, 'hex') },
      { name: 'reader', scopes: ['read'], sha256: Buffer.from(hash, 'hex') },
    ]);
    expect(config.write.maxDocumentBytes).toBe(2 * 1024 * 1024);
    expect(loadConfig({ WRITE_MAX_DOCUMENT_MB: '0.5' }).write.maxDocumentBytes).toBe(512 * 1024);
    expect(loadConfig({}).auth.tokens).toEqual([]);
  });

  it('names every malformed entry in one message, never repeating a pasted token', () => {
    expect(() =>
      loadConfig({
        API_TOKENS: `cms:write:${hash},bad:write:1234,pasted-token-without-colons,x:admin+write:${hash},cms:read:${hash}`,
      }),
    ).toThrowError(
      'invalid environment: API_TOKENS has malformed entries: entry 2 ("bad"): expected name:scopes:sha256hex (scopes joined by +, 64 hex digits); entry 3: expected name:scopes:sha256hex (scopes joined by +, 64 hex digits); entry 4 ("x"): unknown scope admin (known: read, write); entry 5 ("cms"): the name is used twice',
    );
  });
});

describe('WEBHOOK_URLS', () => {
  const secret = 'a-secret-of-enough-length';

  it('reads http(s) URLs with the secret, the alert delay defaulting to five minutes; none: no webhooks', () => {
    expect(
      loadConfig({ WEBHOOK_URLS: 'https://cms.example/hook, http://10.0.0.2:8080/archive', WEBHOOK_SECRET: secret })
        .webhooks,
    ).toEqual({
      endpoints: ['https://cms.example/hook', 'http://10.0.0.2:8080/archive'],
      secret,
      alertAfterMs: 300_000,
    });
    expect(
      loadConfig({
        WEBHOOK_URLS: 'https://cms.example/hook',
        WEBHOOK_SECRET: secret,
        WEBHOOK_ALERT_AFTER_SECONDS: '30',
      }).webhooks?.alertAfterMs,
    ).toBe(30_000);
    expect(loadConfig({ WEBHOOK_SECRET: secret }).webhooks).toBeNull();
  });

  it('names bad entries and a missing or short secret in the one message', () => {
    expect(() => loadConfig({ WEBHOOK_URLS: 'https://cms.example/hook' })).toThrowError(
      'invalid environment: WEBHOOK_SECRET is required with WEBHOOK_URLS: at least 16 characters (openssl rand -hex 32)',
    );
    expect(() =>
      loadConfig({
        WEBHOOK_URLS: 'https://a.example/hook,ftp://b.example/,not a url,https://a.example/hook',
        WEBHOOK_SECRET: 'short',
      }),
    ).toThrowError(
      'invalid environment: WEBHOOK_URLS has bad entries: entry 2 is not an http(s) URL; entry 3 is not an http(s) URL; entry 4 repeats entry 1',
    );
  });
});
