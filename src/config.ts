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

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .startsWith('file:', { message: 'must be an SQLite URL of the form file:<path>' })
    .default(defaultDatabaseUrl),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  GRAPHQL_SQL_STATS: booleanFlag,
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(1000),
  RESPONSE_CACHE_MB: z.coerce.number().int().min(1).default(64),
  INGEST_MAX_DOCUMENT_MB: z.coerce.number().positive().optional(),
});

export type Environment = Record<string, string | undefined>;
export type Mode = 'development' | 'production' | 'test';

export interface Config {
  /** development: unexpected errors' details reach clients, unused Prisma queries are warned about. */
  mode: Mode;
  database: { url: string };
  http: { host: string; port: number };
  graphql: {
    /** Every response carries `extensions.sqlStatements`. */
    sqlStatementStats: boolean;
  };
  /** Whole responses kept for repeated reads; `maxEntries` 0 turns the cache off. */
  responseCache: { maxEntries: number; maxBytes: number };
  /** Documents larger than this are refused before they are read (the pipeline's default when unset). */
  ingest: { maxDocumentBytes?: number };
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
    mode: variables.NODE_ENV,
    database: { url: variables.DATABASE_URL },
    http: { host: variables.HOST, port: variables.PORT },
    graphql: { sqlStatementStats: variables.GRAPHQL_SQL_STATS },
    responseCache: {
      maxEntries: variables.RESPONSE_CACHE_ENTRIES,
      maxBytes: variables.RESPONSE_CACHE_MB * 1024 * 1024,
    },
    ingest:
      variables.INGEST_MAX_DOCUMENT_MB === undefined
        ? {}
        : { maxDocumentBytes: Math.round(variables.INGEST_MAX_DOCUMENT_MB * 1024 * 1024) },
  };
}

/** The process environment, with `.env` at the project root filling what is not already set. */
export function readEnvironment(): Environment {
  const dotenvPath = fileURLToPath(new URL('../.env', import.meta.url));
  if (existsSync(dotenvPath)) process.loadEnvFile(dotenvPath);
  return process.env;
}
