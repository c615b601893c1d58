import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only reader of the environment. Entry points call `loadConfig(readEnvironment())` once and pass
 * the result down; nothing else looks at process.env, so tests and second instances configure by value.
 */

/** The project root, so that relative defaults do not depend on the working directory. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const defaultDatabaseUrl = `file:${fileURLToPath(new URL('../data/archive.db', import.meta.url))}`;

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

/** A flag whose default depends on other variables: undefined when unset. */
const optionalFlag = z.enum(['0', '1', 'true', 'false']).optional();

function flagValue(value: '0' | '1' | 'true' | 'false' | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === '1' || value === 'true';
}

/**
 * `CORS_ORIGINS`: origins (`https://app.example`, no path) allowed to call with credentials,
 * comma-separated; `*` lets every other origin read without credentials. Unset: `*` alone.
 */
const corsOrigins = z
  .string()
  .default('*')
  .transform((list, context) => {
    const origins = list
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    const problems = origins.flatMap((origin, index) =>
      origin === '*' || (URL.canParse(origin) && new URL(origin).origin === origin)
        ? []
        : [`entry ${index + 1} is not an origin such as https://app.example (scheme, host and port only) or *`],
    );
    if (problems.length > 0) {
      context.addIssue({ code: 'custom', message: `has bad entries: ${problems.join('; ')}` });
      return z.NEVER;
    }
    return origins;
  });

const postgresUrl = /^postgres(ql)?:\/\/[^\s]+$/;

const databaseUrl = z.string().refine((url) => /^file:.+/.test(url) || postgresUrl.test(url), {
  message: 'must be an SQLite URL (file:<path>) or a PostgreSQL URL (postgresql://…)',
});

const readUrls = z
  .string()
  .default('')
  .transform((list) =>
    list
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
  )
  .pipe(z.array(z.string().regex(postgresUrl, 'must list PostgreSQL URLs (postgresql://…), comma-separated')));

/** `WEBHOOK_URLS`: http(s) URLs, comma-separated, each once (an endpoint's delivery state is keyed by its URL). */
const webhookUrls = z
  .string()
  .default('')
  .transform((list, context) => {
    const urls = list
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== '');
    const problems = urls.flatMap((url, index) => {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
        return [`entry ${index + 1} is not an http(s) URL`];
      return urls.indexOf(url) === index ? [] : [`entry ${index + 1} repeats entry ${urls.indexOf(url) + 1}`];
    });
    if (problems.length > 0) {
      context.addIssue({ code: 'custom', message: `has bad entries: ${problems.join('; ')}` });
      return z.NEVER;
    }
    return urls;
  });

/** An HMAC key shorter than this is guessable offline from one signed request. */
const minWebhookSecretLength = 16;

/**
 * Short, so that a CDN in front serves a read for a few seconds at most after a change, and keeps
 * answering from its copy while it revalidates (with `If-None-Match`, answered 304 when unchanged).
 */
export const defaultHttpCacheControl = 'public, max-age=5, stale-while-revalidate=30';

export type TokenScope = 'read' | 'write';

const tokenScopes: readonly string[] = ['read', 'write'] satisfies TokenScope[];

/** A configured API token: only the SHA-256 of the token is known, never the token. */
export interface ApiToken {
  name: string;
  scopes: TokenScope[];
  /** SHA-256 of the token, 32 bytes. */
  sha256: Buffer;
}

const tokenEntry = /^([\w.-]+):([a-z]+(?:\+[a-z]+)*):([0-9a-fA-F]{64})$/;

/** Why an `API_TOKENS` entry is unusable, or null when it is fine. */
function tokenEntryProblem(entry: string, names: Set<string>): string | null {
  const match = tokenEntry.exec(entry);
  if (!match) return 'expected name:scopes:sha256hex (scopes joined by +, 64 hex digits)';
  const [, name = '', scopes = ''] = match;
  const unknown = scopes.split('+').filter((scope) => !tokenScopes.includes(scope));
  if (unknown.length > 0) return `unknown scope ${unknown.join(', ')} (known: ${tokenScopes.join(', ')})`;
  if (names.has(name)) return 'the name is used twice';
  names.add(name);
  return null;
}

/** An entry by position, and by name when it has one: never the rest, which may be a token pasted by mistake. */
function entryLabel(entry: string, index: number): string {
  const colon = entry.indexOf(':');
  return colon === -1 ? `entry ${index + 1}` : `entry ${index + 1} (${JSON.stringify(entry.slice(0, colon))})`;
}

/** `name:scopes:sha256hex,…`; every malformed entry is named in the one message. */
const apiTokens = z
  .string()
  .default('')
  .transform((list, context) => {
    const entries = list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const names = new Set<string>();
    const problems = entries.flatMap((entry, index) => {
      const problem = tokenEntryProblem(entry, names);
      return problem === null ? [] : [`${entryLabel(entry, index)}: ${problem}`];
    });
    if (problems.length > 0) {
      context.addIssue({ code: 'custom', message: `has malformed entries: ${problems.join('; ')}` });
      return z.NEVER;
    }
    return entries.map((entry): ApiToken => {
      const [name = '', scopes = '', hash = ''] = entry.split(':');
      return { name, scopes: scopes.split('+') as TokenScope[], sha256: Buffer.from(hash, 'hex') };
    });
  });

const environmentSchema = z
  .object({
    // Unset is local development without its error details (see Config.security.errorDetails).
    NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
    DATABASE_URL: databaseUrl.default(defaultDatabaseUrl),
    DATABASE_READ_URLS: readUrls,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, 'must be a Redis URL (redis://host:port)')
      .optional(),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    LOG_REQUESTS: z.enum(['0', '1', 'true', 'false']).optional(),
    GRAPHQL_SQL_STATS: booleanFlag,
    GRAPHQL_INTROSPECTION: optionalFlag,
    GRAPHQL_FIELD_SUGGESTIONS: optionalFlag,
    TRUSTED_DOCUMENTS_ONLY: booleanFlag,
    CORS_ORIGINS: corsOrigins,
    RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(1000),
    RESPONSE_CACHE_MB: z.coerce.number().int().min(1).default(64),
    HTTP_CACHE_CONTROL: z.string().trim().min(1).default(defaultHttpCacheControl),
    INGEST_MAX_DOCUMENT_MB: z.coerce.number().positive().optional(),
    API_TOKENS: apiTokens,
    WRITE_MAX_DOCUMENT_MB: z.coerce.number().positive().default(2),
    WEBHOOK_URLS: webhookUrls,
    WEBHOOK_SECRET: z.string().optional(),
    WEBHOOK_ALERT_AFTER_SECONDS: z.coerce.number().positive().default(300),
    REQUEST_MAX_KB: z.coerce.number().int().min(1).default(100),
    GRAPHQL_MAX_DOCUMENT_KB: z.coerce.number().int().min(1).default(20),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(2000),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(100_000),
    GRAPHQL_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
    RESPONSE_MAX_MB: z.coerce.number().positive().default(10),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional(),
    RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(0).optional(),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  })
  .superRefine((variables, context) => {
    if (variables.DATABASE_READ_URLS.length > 0 && !postgresUrl.test(variables.DATABASE_URL)) {
      context.addIssue({
        code: 'custom',
        path: ['DATABASE_READ_URLS'],
        message: 'needs a PostgreSQL DATABASE_URL (read replicas are a PostgreSQL feature)',
      });
    }
    const secret = variables.WEBHOOK_SECRET ?? '';
    if (variables.WEBHOOK_URLS.length > 0 && secret.length < minWebhookSecretLength) {
      context.addIssue({
        code: 'custom',
        path: ['WEBHOOK_SECRET'],
        message: `is required with WEBHOOK_URLS: at least ${minWebhookSecretLength} characters (openssl rand -hex 32)`,
      });
    }
  });

export type Environment = Record<string, string | undefined>;
export type Mode = 'development' | 'production' | 'test';

export type DatabaseProvider = 'sqlite' | 'postgresql';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** development (also when NODE_ENV is unset): unused Prisma queries are warned about. */
  mode: Mode;
  database: {
    /** Decided by the URL: `file:` is SQLite, `postgresql://` PostgreSQL. */
    provider: DatabaseProvider;
    /** The primary: every write, and reads when there are no read replicas. */
    url: string;
    /** PostgreSQL read replicas; each request reads from one of them for its whole snapshot. */
    readUrls: string[];
    /** PostgreSQL connections per pool (the primary's, and each replica's). */
    poolSize: number;
  };
  /** Carries change events between processes (replicas, the ingest CLI); none: each process on its own. */
  redis: { url: string } | null;
  http: {
    host: string;
    port: number;
    /** After SIGTERM, how long in-flight requests may take before their connections are closed. */
    shutdownTimeoutMs: number;
  };
  log: {
    level: LogLevel;
    /** One line per request (operation, status, duration); on by default in production. */
    requests: boolean;
  };
  graphql: {
    /** Every response carries `extensions.sqlStatements`. */
    sqlStatementStats: boolean;
  };
  /** What the API tells whom (README, "Security defaults"). */
  security: {
    /**
     * Unexpected errors' messages, stack traces and file paths reach clients: only with
     * NODE_ENV=development set explicitly, so that a deployment that forgot NODE_ENV shows none.
     */
    errorDetails: boolean;
    /** `__schema` and `__type` answer (GraphiQL's documentation and codegen need them). */
    introspection: boolean;
    /** Validation errors say "Did you mean …?"; off in production by default. */
    fieldSuggestions: boolean;
    /** Only the persisted documents of this API's own frontends run, by hash; query text is refused. */
    trustedDocumentsOnly: boolean;
    /** Origins answered with credentials allowed; `*`: any other origin may read, without credentials. */
    corsOrigins: string[];
  };
  /** Whole responses kept for repeated reads; `maxEntries` 0 turns the cache off. */
  responseCache: { maxEntries: number; maxBytes: number };
  /** `Cache-Control` of successful anonymous query answers, for browsers and CDNs (the rest say no-store). */
  httpCache: { cacheControl: string };
  /** Documents larger than this are refused before they are read (the pipeline's default when unset). */
  ingest: { maxDocumentBytes?: number };
  /** Who may call the write API: hashes of bearer tokens, with their scopes. */
  auth: { tokens: ApiToken[] };
  /** Documents larger than this are refused by the write API. */
  write: { maxDocumentBytes: number };
  /** What one request may ask for; refused with a coded GraphQL error (413 for the body) before any SQL runs. */
  limits: {
    /** Request bodies of anonymous and read-only requests (a write token gets room for its documents). */
    maxRequestBytes: number;
    /** The query document's bytes and tokens, aliases, depth and estimated cost (items weighted by size). */
    maxDocumentBytes: number;
    maxTokens: number;
    maxAliases: number;
    maxDepth: number;
    maxCost: number;
    /** A query still running after this long is answered with `QUERY_TIMEOUT`. */
    executionTimeoutMs: number;
    /** Responses estimated or measured larger than this are refused with `RESPONSE_TOO_LARGE`. */
    maxResponseBytes: number;
  };
  /** Requests to /graphql per minute, per client address (anonymous) or token name; 0 turns one off. */
  rateLimit: {
    anonymousPerMinute: number;
    tokenPerMinute: number;
    /** Reverse proxies in front that append to `X-Forwarded-For`; 0: the socket's address is the client's. */
    trustProxyHops: number;
  };
  /** Where every change is POSTed, signed with `secret`; null: no webhooks. */
  webhooks: {
    endpoints: string[];
    secret: string;
    /** An endpoint failing for this long is reported (metric and log). */
    alertAfterMs: number;
  } | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates variables by value (no defaults read from anywhere else); names every bad one in one message. */
export function loadConfig(environment: Environment): Config {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const variables = result.data;
  return {
    mode: variables.NODE_ENV ?? 'development',
    database: {
      provider: variables.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
      url: variables.DATABASE_URL,
      readUrls: variables.DATABASE_READ_URLS,
      poolSize: variables.DATABASE_POOL_SIZE,
    },
    redis: variables.REDIS_URL === undefined ? null : { url: variables.REDIS_URL },
    http: { host: variables.HOST, port: variables.PORT, shutdownTimeoutMs: variables.SHUTDOWN_TIMEOUT_MS },
    log: {
      level: variables.LOG_LEVEL ?? (variables.NODE_ENV === 'test' ? 'silent' : 'info'),
      requests:
        variables.LOG_REQUESTS === undefined
          ? variables.NODE_ENV === 'production'
          : variables.LOG_REQUESTS === '1' || variables.LOG_REQUESTS === 'true',
    },
    graphql: { sqlStatementStats: variables.GRAPHQL_SQL_STATS },
    security: {
      errorDetails: variables.NODE_ENV === 'development',
      introspection: flagValue(variables.GRAPHQL_INTROSPECTION, true),
      fieldSuggestions: flagValue(variables.GRAPHQL_FIELD_SUGGESTIONS, variables.NODE_ENV !== 'production'),
      trustedDocumentsOnly: variables.TRUSTED_DOCUMENTS_ONLY,
      corsOrigins: variables.CORS_ORIGINS,
    },
    responseCache: {
      maxEntries: variables.RESPONSE_CACHE_ENTRIES,
      maxBytes: variables.RESPONSE_CACHE_MB * 1024 * 1024,
    },
    httpCache: { cacheControl: variables.HTTP_CACHE_CONTROL },
    ingest:
      variables.INGEST_MAX_DOCUMENT_MB === undefined
        ? {}
        : { maxDocumentBytes: Math.round(variables.INGEST_MAX_DOCUMENT_MB * 1024 * 1024) },
    auth: { tokens: variables.API_TOKENS },
    write: { maxDocumentBytes: Math.round(variables.WRITE_MAX_DOCUMENT_MB * 1024 * 1024) },
    limits: {
      maxRequestBytes: variables.REQUEST_MAX_KB * 1024,
      maxDocumentBytes: variables.GRAPHQL_MAX_DOCUMENT_KB * 1024,
      maxTokens: variables.GRAPHQL_MAX_TOKENS,
      maxAliases: variables.GRAPHQL_MAX_ALIASES,
      maxDepth: variables.GRAPHQL_MAX_DEPTH,
      maxCost: variables.GRAPHQL_MAX_COST,
      executionTimeoutMs: variables.GRAPHQL_TIMEOUT_MS,
      maxResponseBytes: Math.round(variables.RESPONSE_MAX_MB * 1024 * 1024),
    },
    // On by default in production only: locally (`npm start`) every client is this machine, and a
    // newcomer's scripts, test suites and load tests should not meet 429s they never asked for.
    rateLimit: {
      anonymousPerMinute: variables.RATE_LIMIT_PER_MINUTE ?? (variables.NODE_ENV === 'production' ? 600 : 0),
      tokenPerMinute: variables.RATE_LIMIT_TOKEN_PER_MINUTE ?? (variables.NODE_ENV === 'production' ? 6000 : 0),
      trustProxyHops: variables.TRUST_PROXY_HOPS,
    },
    webhooks:
      variables.WEBHOOK_URLS.length === 0
        ? null
        : {
            endpoints: variables.WEBHOOK_URLS,
            secret: variables.WEBHOOK_SECRET ?? '',
            alertAfterMs: variables.WEBHOOK_ALERT_AFTER_SECONDS * 1000,
          },
  };
}

/** The process environment, with `.env` at the project root filling what is not already set. */
export function readEnvironment(): Environment {
  const dotenvPath = fileURLToPath(new URL('../.env', import.meta.url));
  if (existsSync(dotenvPath)) process.loadEnvFile(dotenvPath);
  return process.env;
}
