import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';
import { operationNameOf, type RawGraphQLParams } from './operation-name.ts';
import { requestIdHeader, requestIdOf } from './request-id.ts';
import { responseCacheHeader } from './use-response-cache.ts';

/** What a request that reached GraphQL came to. */
export interface GraphQLOutcome {
  /** null for an anonymous operation. */
  operationName: string | null;
  /** Each error's `extensions.code`; `INTERNAL_SERVER_ERROR` for an error without one. */
  errorCodes: string[];
  /** SQL statements its execution ran (0 when answered without executing). */
  sqlStatements: number;
  /** Whether the response cache answered it, when the cache looked it up. */
  cache?: 'hit' | 'miss';
}

/** One finished request, as the request log and the metrics see it. */
export interface RequestOutcome {
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** Until the response was ready to be sent. */
  durationMs: number;
  /** Set when the request reached GraphQL: its parameters were read, or the response cache answered it. */
  graphql?: GraphQLOutcome;
}

export type OutcomeReporter = (outcome: RequestOutcome) => void;

/** A GraphQL request's outcome while it is handled. */
interface Pending {
  outcome: GraphQLOutcome;
}

function errorCodeOf(error: GraphQLError): string {
  const code = error.extensions?.code;
  // Yoga masks unexpected errors with this code; an error thrown without one is just as unexpected.
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && !(Symbol.asyncIterator in result);
}

/**
 * A cache hit's GraphQL parameters, read again from the request (the cache already holds its body in
 * memory): the cache answers before yoga parses them. The same bytes were answered successfully
 * before, so they are valid in their encoding: GET, or a POST body as yoga reads JSON and
 * `application/graphql` (the rarer form encodings are not read).
 */
async function cachedParams(request: Request): Promise<RawGraphQLParams> {
  if (request.method === 'GET') {
    const search = new URL(request.url).searchParams;
    return { query: search.get('query'), operationName: search.get('operationName') };
  }
  const mediaType = request.headers.get('content-type')?.split(/[;,]/)[0];
  if (mediaType === 'application/graphql') return { query: await request.text() };
  if (mediaType !== 'application/json' && mediaType !== 'application/graphql+json') return {};
  return JSON.parse(await request.text()) as RawGraphQLParams;
}

/**
 * Gives every response an `x-request-id` and reports each finished request to `reporters` (the
 * metrics, the request log). Placed last among the app's plugins: its response hook then runs after
 * every other plugin's (the response cache's header is set). The clock starts in `instrumentation`, around the whole handling, so requests answered
 * by an earlier plugin (a cache hit, /health) are timed too.
 */
export function useRequestOutcome(reporters: OutcomeReporter[]): Plugin<{ request: Request }> {
  const startedAt = new WeakMap<Request, number>();
  const pending = new WeakMap<Request, Pending>();
  return {
    instrumentation: {
      request({ request }, handle) {
        startedAt.set(request, performance.now());
        return handle();
      },
    },
    onParams({ request, params }) {
      pending.set(request, { outcome: { operationName: operationNameOf(params), errorCodes: [], sqlStatements: 0 } });
    },
    onExecutionResult({ request, result, context }) {
      const state = pending.get(request);
      if (!state || !isSingleResult(result)) return;
      state.outcome.errorCodes = result.errors?.map(errorCodeOf) ?? [];
      // The request's snapshot counts its own statements: statement-count.ts's AsyncLocalStorage
      // tally would switch on promise tracking for the whole process (~25 µs per cache hit on Node 20).
      state.outcome.sqlStatements = (context as unknown as Context).db?.statementCount() ?? 0;
    },
    async onResponse({ request, response }) {
      const requestId = requestIdOf(request);
      response.headers.set(requestIdHeader, requestId);
      const graphql = await graphqlOutcomeOf(request, response, pending.get(request));
      const outcome: RequestOutcome = {
        requestId,
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        durationMs: performance.now() - (startedAt.get(request) ?? performance.now()),
        ...(graphql && { graphql }),
      };
      for (const report of reporters) report(outcome);
    },
  };
}

async function graphqlOutcomeOf(
  request: Request,
  response: Response,
  state: Pending | undefined,
): Promise<GraphQLOutcome | undefined> {
  const cache = response.headers.get(responseCacheHeader);
  if (cache === 'hit') {
    return { operationName: operationNameOf(await cachedParams(request)), errorCodes: [], sqlStatements: 0, cache };
  }
  return state && { ...state.outcome, ...(cache === 'miss' && { cache }) };
}
