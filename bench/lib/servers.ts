import { createServer } from 'node:net';
import {
  apiServerScript,
  postgresBaselineScript,
  sqliteBaselineScript,
  staticBaselineScript,
} from './child-scripts.ts';
import type { Pinning } from './machine.ts';
import { type Child, type Children, describe, lastLines, nodeScript } from './processes.ts';
import { requestBody, typenameQuery } from './queries.ts';

export interface RunningServer {
  child: Child;
  /** The GraphQL endpoint; the baselines answer on the same path. */
  url: string;
}

const host = '127.0.0.1';
const startTimeoutMs = 60_000;
const pollIntervalMs = 100;

/** A port nobody listens on right now; the child binds it a moment later. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: requestBody({ query: typenameQuery }),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Polls over HTTP rather than reading logs, so that a changed start-up message cannot break the harness. */
async function waitUntilAnswering(child: Child, url: string): Promise<void> {
  const deadline = performance.now() + startTimeoutMs;
  while (!(await answers(url))) {
    if (child.hasExited()) throw new Error(`${describe(child)} exited before it answered: ${lastLines(child)}`);
    if (performance.now() > deadline) {
      throw new Error(`${describe(child)} did not answer within ${startTimeoutMs / 1000} s: ${lastLines(child)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

async function startPinned(
  children: Children,
  pinning: Pinning,
  command: string[],
  env: NodeJS.ProcessEnv,
): Promise<RunningServer> {
  const port = await freePort();
  const child = children.start([...pinning.server, ...command], {
    ...process.env,
    ...env,
    HOST: host,
    PORT: String(port),
    NODE_ENV: 'production',
  });
  const url = `http://${host}:${port}/graphql`;
  await waitUntilAnswering(child, url);
  return { child, url };
}

export interface ApiSettings {
  /** GRAPHQL_SQL_STATS: every response carries the number of SQL statements it ran. */
  sqlStatementStats: boolean;
  /** false sets RESPONSE_CACHE_ENTRIES=0; true leaves the cache as the environment configures it. */
  responseCache: boolean;
  /** More of the server's environment (API_TOKENS for the write rows). */
  env?: NodeJS.ProcessEnv;
}

/** The API itself, started as `npm run serve` would but without npm, so that the child is node. */
export function startGraphqlServer(
  children: Children,
  pinning: Pinning,
  databaseUrl: string,
  { sqlStatementStats, responseCache, env = {} }: ApiSettings,
): Promise<RunningServer> {
  return startPinned(children, pinning, nodeScript(apiServerScript), {
    ...env,
    DATABASE_URL: databaseUrl,
    GRAPHQL_SQL_STATS: sqlStatementStats ? '1' : '0',
    ...(responseCache ? {} : { RESPONSE_CACHE_ENTRIES: '0' }),
    // The load generator is one client firing tens of thousands of requests a second: a rate limit
    // would measure itself. Benchmark runs set their own when they measure one.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_TOKEN_PER_MINUTE: '0',
  });
}

/** B0: node:http answering every request with the same bytes. */
export function startStaticBaseline(children: Children, pinning: Pinning, bodyFile: string): Promise<RunningServer> {
  return startPinned(children, pinning, nodeScript(staticBaselineScript, bodyFile), {});
}

/** B1: node:http answering the benchmark's queries by hand from the same SQLite file, in the API's key order. */
export function startSqliteBaseline(
  children: Children,
  pinning: Pinning,
  databasePath: string,
  keyOrderFile: string,
): Promise<RunningServer> {
  return startPinned(children, pinning, nodeScript(sqliteBaselineScript, databasePath, keyOrderFile), {});
}

/** B1 on PostgreSQL: node:http answering the benchmark's queries by hand from the same database, in the API's key order. */
export function startPostgresBaseline(
  children: Children,
  pinning: Pinning,
  databaseUrl: string,
  keyOrderFile: string,
): Promise<RunningServer> {
  return startPinned(children, pinning, nodeScript(postgresBaselineScript, databaseUrl, keyOrderFile), {});
}
