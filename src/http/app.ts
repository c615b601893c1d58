import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { ArticleIntake } from '../archive/intake.ts';
import { type Config, defaultHttpCacheControl } from '../config.ts';
import { ChangeFollower, latestSequence, readAfter } from '../data/change-follower.ts';
import type { Database } from '../data/database.ts';
import { createLogger, type Logger } from '../log.ts';
import type { UnusedQueryPolicy } from '../schema/builder.ts';
import { type Context, createContext } from '../schema/context.ts';
import { buildSchema } from '../schema/index.ts';
import { articleWrites } from './article-writes.ts';
import { createAuthenticator } from './authenticate.ts';
import { corsPolicy } from './cors.ts';
import { graphiqlOptions, renderGraphiQL } from './graphiql.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { requestIdOf } from './request-id.ts';
import { requestLog } from './request-log.ts';
import type { SharedRateLimits } from './shared-rate-limits.ts';
import { useArgumentNamesInErrors } from './use-argument-names-in-errors.ts';
import { defaultExecutionTimeoutMs, useExecutionTimeout } from './use-execution-timeout.ts';
import { useGraphiQLAssets } from './use-graphiql-assets.ts';
import { useHiddenSuggestions } from './use-hidden-suggestions.ts';
import { useInputErrorCodes } from './use-input-error-codes.ts';
import { useIntrospectionPolicy } from './use-introspection-policy.ts';
import { useNestingLimit } from './use-nesting-limit.ts';
import { useOperationsEndpoints } from './use-operations-endpoints.ts';
import { defaultQueryLimits, useQueryLimits } from './use-query-limits.ts';
import { useRateLimit } from './use-rate-limit.ts';
import { useReadSnapshot } from './use-read-snapshot.ts';
import { useReader } from './use-reader.ts';
import { useRequestBodyLimit } from './use-request-body-limit.ts';
import { useRequestOutcome } from './use-request-outcome.ts';
import { useResponseCache } from './use-response-cache.ts';
import { useResponseSizeLimit } from './use-response-size-limit.ts';
import { useSchemaSdl } from './use-schema-sdl.ts';
import { useSelectionOrderedResults } from './use-selection-ordered-results.ts';
import { useSqlStatementCount } from './use-sql-statement-count.ts';
import { useSseEventIds } from './use-sse-event-ids.ts';
import { readTrustedDocuments, trustedDocumentsFile, useTrustedDocuments } from './use-trusted-documents.ts';
import { useUnusedQueryPolicy } from './use-unused-query-policy.ts';
import { useWellFormedVariables } from './use-well-formed-variables.ts';

export type App = YogaServerInstance<Record<string, never>, Context>;

export interface AppDependencies {
  /** Without `log`, nothing is logged. */
  /** Without `auth`, no token is accepted (every write is refused); without `write`, documents up to 2 MB. */
  /** Without `httpCache`, the default `Cache-Control`. */
  /** Without `security`, the defaults of production: see `defaultSecurity`. */
  /** Without `limits`, the environment's defaults; without `rateLimit`, no rate limit. */
  config: Pick<Config, 'mode' | 'graphql' | 'responseCache'> &
    Partial<Pick<Config, 'log' | 'auth' | 'write' | 'httpCache' | 'limits' | 'rateLimit' | 'security'>>;
  db: Database;
  /** The trusted documents by sha256 hash; read from `npm run generate`'s manifest when not given. */
  trustedDocuments?: ReadonlyMap<string, string>;
  /** Reads what the write API receives (documents, structured articles); without it those mutations fail. */
  intake?: ArticleIntake;
  /** Where the app logs; one made from `config.log` when not given. */
  logger?: Logger;
  /** Counted into and served at /metrics; a fresh set when not given. */
  metrics?: Metrics;
  /** Aborted when the server begins to shut down: /ready answers 503 from then on. */
  shutdown?: AbortSignal;
  /** Where replicas share their rate-limit counts; without it, this process counts alone. */
  sharedRateLimits?: SharedRateLimits;
}

/** A read's body is a query document (at most 20 KiB by default) and its variables. */
const defaultMaxRequestBytes = 100 * 1024;
const defaultMaxDocumentBytes = 2 * 1024 * 1024;

/** The limits when the config names none (tests, embedders): the same defaults as the environment's. */
const defaultLimits: Config['limits'] = {
  ...defaultQueryLimits,
  maxRequestBytes: defaultMaxRequestBytes,
  executionTimeoutMs: defaultExecutionTimeoutMs,
};

/**
 * A request with a write token may carry a batch: up to 16 documents at the size limit (JSON escaping
 * adds to their size), or many more ordinary ones. Everyone else keeps the small read limit.
 */
const writeRequestBytes = (maxRequestBytes: number, maxDocumentBytes: number) =>
  Math.max(maxRequestBytes, 16 * maxDocumentBytes);

/** The environment's defaults under NODE_ENV=production (README, "Security defaults"). */
const defaultSecurity: Config['security'] = {
  errorDetails: false,
  introspection: true,
  fieldSuggestions: false,
  trustedDocumentsOnly: false,
  corsOrigins: ['*'],
};

const unusedQueryPolicies: Record<Config['mode'], UnusedQueryPolicy> = {
  development: 'warn',
  test: 'error',
  production: 'ignore',
};

const graphqlEndpoint = '/graphql';

/**
 * The GraphQL API over `db` as a fetch-style handler (it never listens: see http/listen.ts). The
 * response cache answers in the first hook, so a hit skips parsing, validation and execution.
 */
export function createApp({
  config,
  db,
  logger = createLogger(config.log ?? { level: 'silent' }),
  metrics = createMetrics(),
  shutdown,
  intake,
  trustedDocuments,
  sharedRateLimits,
}: AppDependencies): App {
  const security = config.security ?? defaultSecurity;
  // Read here, when the app is built, rather than when a module loads: the entry point has run
  // `npm run generate` (or failed to) by then, and tests may pass their own.
  const documents = trustedDocuments ?? readTrustedDocuments(trustedDocumentsFile, security.trustedDocumentsOnly);
  const authenticator = createAuthenticator(config.auth?.tokens ?? []);
  const maxDocumentBytes = config.write?.maxDocumentBytes ?? defaultMaxDocumentBytes;
  const limits = config.limits ?? defaultLimits;
  const writes = articleWrites(db, intake ?? null, maxDocumentBytes, metrics);
  // Subscriptions share one follower; shutting down ends their streams, so the drain does not wait on them.
  const follower = new ChangeFollower(db);
  shutdown?.addEventListener('abort', () => follower.close(), { once: true });
  const plugins: Plugin[] = [
    // First: the plugins below wrap the execute function it sets.
    useSelectionOrderedResults(),
    // Before anything reads the body or answers from the cache: a refused client costs a counter.
    ...(config.rateLimit
      ? [
          useRateLimit({
            ...config.rateLimit,
            graphqlEndpoint,
            shared: sharedRateLimits ?? null,
            tokenNameOf: (request) => {
              if (!request.headers.has('authorization')) return null;
              try {
                const viewer = authenticator.viewerOf(request);
                return viewer.kind === 'token' ? viewer.name : null;
              } catch {
                return null;
              }
            },
          }),
        ]
      : []),
    // Whatever the cache setting: the cache only reads bodies this has let through.
    useRequestBodyLimit((request) =>
      authenticator.hasScope(request, 'write')
        ? writeRequestBytes(limits.maxRequestBytes, maxDocumentBytes)
        : limits.maxRequestBytes,
    ),
    useOperationsEndpoints({ db, metrics, shutdown }),
    useGraphiQLAssets(),
    useReader(),
    useSchemaSdl(buildSchema()),
    // Before the cache: results that carry their statement count are specific to one request.
    ...(config.graphql.sqlStatementStats ? [useSqlStatementCount()] : []),
    // After the statement count (its extensions are part of the size), before the cache (never stores a refusal).
    useResponseSizeLimit(limits.maxResponseBytes),
    ...(config.responseCache.maxEntries > 0
      ? [
          useResponseCache({
            ...config.responseCache,
            graphqlEndpoint,
            cacheControl: config.httpCache?.cacheControl ?? defaultHttpCacheControl,
            // The feed read on the primary, as the change follower reads it.
            feed: {
              dataVersion: () => db.dataVersion(),
              latestSequence: () => latestSequence(db),
              changesAfter: (sequence) => readAfter(db, sequence, null),
            },
          }),
        ]
      : []),
    // Before parsing: hashes become documents, query text is refused when only trusted documents run.
    useTrustedDocuments(documents, security.trustedDocumentsOnly),
    useArgumentNamesInErrors(),
    useIntrospectionPolicy(security.introspection),
    ...(security.fieldSuggestions ? [] : [useHiddenSuggestions()]),
    useWellFormedVariables(),
    // Before yoga's masking, which lets coded GraphQL errors through.
    useInputErrorCodes(),
    useQueryLimits(limits),
    // After use-query-limits, whose token-counting parser ignores the parse function before it: this
    // one must wrap that parser, so that its bracket count runs before any recursive descent.
    useNestingLimit(),
    // After the executor's wrappers above (ordering, statement count): the timeout bounds their whole run.
    useExecutionTimeout(limits.executionTimeoutMs),
    useSseEventIds(),
    { onDispose: () => follower.close() },
    useReadSnapshot(),
    useUnusedQueryPolicy(unusedQueryPolicies[config.mode]),
    // Last: it sees every response as sent, the response cache's header included.
    useRequestOutcome([metrics.observeRequest, ...(config.log?.requests ? [requestLog(logger)] : [])]),
  ];
  return createYoga<Record<string, never>, Context>({
    schema: buildSchema(),
    // The viewer first: a request with a bad token is refused before it holds anything.
    context: ({ request }) => {
      const viewer = authenticator.viewerOf(request);
      const changes = { follower, lastEventId: request.headers.get('last-event-id') };
      return createContext(db.forRequest(), requestIdOf(request), writes, changes, viewer);
    },
    graphqlEndpoint,
    // Yoga's own liveness check (an empty 200 for any path ending in it) runs before every plugin and
    // would shadow /health: it is moved out of the way of use-operations-endpoints.
    healthCheckEndpoint: '/.yoga/health',
    graphiql: () => graphiqlOptions(db),
    landingPage: false,
    // Unexpected errors reach clients as "Unexpected error."; details only with NODE_ENV=development
    // set explicitly. Given explicitly, as yoga would otherwise read NODE_ENV itself.
    maskedErrors: { isDev: security.errorDetails },
    cors: corsPolicy(security.corsOrigins),
    renderGraphiQL,
    logging: logger,
    plugins,
  });
}
