import { getOperationAST } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ResponseCache, type ResponseCacheOptions } from './response-cache.ts';

/**
 * Answers a repeated anonymous read from memory, inside yoga's pipeline: the cached value is the
 * execution result, so content negotiation, CORS and every other header are still computed for each
 * request, and the key is exactly what decides the result (query, operation name, variables,
 * extensions). Only successful query operations are stored; the `x-response-cache` header says
 * whether a response was a `hit` or a `miss`.
 */
interface PendingStore {
  key: string;
  version: number;
  /** Set once the operation is known to be a query: mutations and subscriptions are never stored. */
  isQuery: boolean;
}

export const responseCacheHeader = 'x-response-cache';

function cacheKey(params: GraphQLParams): string {
  return JSON.stringify([
    params.query,
    params.operationName ?? null,
    params.variables ?? null,
    params.extensions ?? null,
  ]);
}

export function useResponseCache(options: ResponseCacheOptions): Plugin<{ request: Request }> {
  const cache = new ResponseCache(options);
  const pending = new WeakMap<Request, PendingStore>();
  const outcomes = new WeakMap<Request, 'hit' | 'miss'>();
  return {
    onParams({ params, request, setResult }) {
      const key = cacheKey(params);
      const cached = cache.get(key);
      outcomes.set(request, cached ? 'hit' : 'miss');
      if (cached) {
        setResult(cached);
        return;
      }
      pending.set(request, { key, version: cache.currentVersion(), isQuery: false });
    },
    onExecute({ args }) {
      const store = pending.get(args.contextValue.request);
      if (store) store.isQuery = getOperationAST(args.document, args.operationName)?.operation === 'query';
    },
    onExecutionResult({ request, result }) {
      const store = pending.get(request);
      pending.delete(request);
      if (!store?.isQuery || !result || Array.isArray(result) || Symbol.asyncIterator in result || result.errors)
        return;
      cache.set(store.key, result, Buffer.byteLength(JSON.stringify(result)), store.version);
    },
    onResponse({ request, response }) {
      const outcome = outcomes.get(request);
      if (outcome) response.headers.set(responseCacheHeader, outcome);
    },
  };
}
