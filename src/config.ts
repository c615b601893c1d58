import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
});

export type Config = z.infer<typeof environmentSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

const dotenvPath = fileURLToPath(new URL('../.env', import.meta.url));
if (existsSync(dotenvPath)) {
  // Variables already set in the environment win over the file.
  process.loadEnvFile(dotenvPath);
}

export const config: Config = loadConfig(process.env);
