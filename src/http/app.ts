import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Database } from '../data/database.ts';
import type { UnusedQueryPolicy } from '../schema/builder.ts';
import { type Context, createContext } from '../schema/context.ts';
import { buildSchema } from '../schema/index.ts';
import { defaultGraphiqlQuery, renderGraphiQL } from './graphiql.ts';
import { useGraphiQLAssets } from './use-graphiql-assets.ts';
import { useQueryLimits } from './use-query-limits.ts';
import { useReadSnapshot } from './use-read-snapshot.ts';
import { useRequestBodyLimit } from './use-request-body-limit.ts';
import { useResponseCache } from './use-response-cache.ts';
import { useSqlStatementCount } from './use-sql-statement-count.ts';
import { useUnusedQueryPolicy } from './use-unused-query-policy.ts';

export type App = YogaServerInstance<Record<string, never>, Context>;

export interface AppDependencies {
  config: Pick<Config, 'mode' | 'graphql' | 'responseCache'>;
  db: Database;
}

const maxRequestBytes = 1024 * 1024;

const unusedQueryPolicies: Record<Config['mode'], UnusedQueryPolicy> = {
  development: 'warn',
  test: 'error',
  production: 'ignore',
};

/** A client's own request id when it is a short printable token (it ends up in logs), else a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

const graphqlEndpoint = '/graphql';

/**
 * The GraphQL API over `db` as a fetch-style handler (it never listens: see http/listen.ts). The
 * response cache answers in the first hook, so a hit skips parsing, validation and execution.
 */
export function createApp({ config, db }: AppDependencies): App {
  const plugins: Plugin[] = [
    useRequestBodyLimit(maxRequestBytes),
    useGraphiQLAssets(),
    // Before the cache: results that carry their statement count are specific to one request.
    ...(config.graphql.sqlStatementStats ? [useSqlStatementCount()] : []),
    ...(config.responseCache.maxEntries > 0
      ? [useResponseCache({ ...config.responseCache, graphqlEndpoint, dataVersion: () => db.dataVersion() })]
      : []),
    useQueryLimits(),
    useReadSnapshot(),
    useUnusedQueryPolicy(unusedQueryPolicies[config.mode]),
  ];
  return createYoga<Record<string, never>, Context>({
    schema: buildSchema(),
    context: ({ request }) => createContext(db.forRequest(), requestIdOf(request)),
    graphqlEndpoint,
    graphiql: { title: 'News archive GraphQL', defaultQuery: defaultGraphiqlQuery },
    landingPage: false,
    // Unexpected errors reach clients as "Unexpected error."; details only in development.
    maskedErrors: { isDev: config.mode === 'development' },
    renderGraphiQL,
    plugins,
  });
}
