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

describe('security settings', () => {
  it('default to masked errors, public CORS without credentials, introspection and suggestions on', () => {
    expect(loadConfig({}).security).toEqual({
      errorDetails: false,
      introspection: true,
      fieldSuggestions: true,
      trustedDocumentsOnly: false,
      corsOrigins: ['*'],
    });
  });

  it('show error details only with NODE_ENV=development set explicitly, and hide suggestions in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).security.errorDetails).toBe(true);
    expect(loadConfig({}).mode).toBe('development');
    expect(loadConfig({ NODE_ENV: 'production' }).security).toMatchObject({
      errorDetails: false,
      fieldSuggestions: false,
      introspection: true,
    });
  });

  it('read every variable', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        GRAPHQL_INTROSPECTION: '0',
        GRAPHQL_FIELD_SUGGESTIONS: '1',
        TRUSTED_DOCUMENTS_ONLY: '1',
        CORS_ORIGINS: 'https://app.example, http://localhost:5173 ,*',
      }).security,
    ).toEqual({
      errorDetails: false,
      introspection: false,
      fieldSuggestions: true,
      trustedDocumentsOnly: true,
      corsOrigins: ['https://app.example', 'http://localhost:5173', '*'],
    });
  });

  it('name every bad CORS_ORIGINS entry', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example/path,app.example,https://ok.example' })).toThrowError(
      'invalid environment: CORS_ORIGINS has bad entries: entry 1 is not an origin such as https://app.example (scheme, host and port only) or *; entry 2 is not an origin such as https://app.example (scheme, host and port only) or *',
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

describe('request limits and rate limits', () => {
  it('defaults to the documented limits, rate limits on', () => {
    expect(loadConfig({})).toMatchObject({
      limits: {
        maxRequestBytes: 100 * 1024,
        maxDocumentBytes: 20 * 1024,
        maxTokens: 2000,
        maxAliases: 15,
        maxDepth: 12,
        maxCost: 100_000,
        executionTimeoutMs: 10_000,
        maxResponseBytes: 10 * 1024 * 1024,
      },
      rateLimit: { anonymousPerMinute: 0, tokenPerMinute: 0, trustProxyHops: 0 },
    });
  });

  it('limits request rates by default in production only', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).rateLimit).toEqual({
      anonymousPerMinute: 600,
      tokenPerMinute: 6000,
      trustProxyHops: 0,
    });
    expect(loadConfig({ NODE_ENV: 'development' }).rateLimit).toMatchObject({ anonymousPerMinute: 0 });
  });

  it('reads every one, 0 turning a rate limit off', () => {
    const config = loadConfig({
      REQUEST_MAX_KB: '200',
      GRAPHQL_MAX_DOCUMENT_KB: '40',
      GRAPHQL_MAX_TOKENS: '3000',
      GRAPHQL_MAX_ALIASES: '20',
      GRAPHQL_MAX_DEPTH: '10',
      GRAPHQL_MAX_COST: '50000',
      GRAPHQL_TIMEOUT_MS: '2500',
      RESPONSE_MAX_MB: '2.5',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_TOKEN_PER_MINUTE: '120',
      TRUST_PROXY_HOPS: '1',
    });
    expect(config.limits).toEqual({
      maxRequestBytes: 200 * 1024,
      maxDocumentBytes: 40 * 1024,
      maxTokens: 3000,
      maxAliases: 20,
      maxDepth: 10,
      maxCost: 50_000,
      executionTimeoutMs: 2500,
      maxResponseBytes: 2.5 * 1024 * 1024,
    });
    expect(config.rateLimit).toEqual({ anonymousPerMinute: 0, tokenPerMinute: 120, trustProxyHops: 1 });
  });

  it('names every bad one', () => {
    expect(() =>
      loadConfig({ GRAPHQL_MAX_DEPTH: '0', GRAPHQL_TIMEOUT_MS: 'soon', RATE_LIMIT_PER_MINUTE: '-1' }),
    ).toThrowError(/GRAPHQL_MAX_DEPTH .*; GRAPHQL_TIMEOUT_MS .*; RATE_LIMIT_PER_MINUTE /);
  });
});
