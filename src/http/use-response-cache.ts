import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type CacheTag, collectCacheTags } from '../schema/cache-dependencies.ts';
import { type CachedResponse, etagOf, ResponseCache, type ResponseCacheOptions } from './response-cache.ts';

/**
 * Answers a repeated anonymous read from memory at the very start of yoga's pipeline, before the
 * request is parsed: a hit costs little more than sending the bytes. What is cached is the response
 * body with its status, media type and ETag, keyed by everything that decides them — method, query
 * string, Content-Type, Accept and the request body — so a `text/plain` POST never gets a JSON request's
 * answer. The response itself is built for each request, so CORS and every other header plugin still
 * runs on hits. Only successful query operations are stored, never mutations or errors; requests
 * with credentials (an Authorization header) are never cached. `x-response-cache` says `hit` or `miss`.
 *
 * For HTTP caches (browsers, CDNs): a successful anonymous query answer carries a strong `ETag` and
 * the configured `Cache-Control`, and `If-None-Match` naming its ETag gets `304 Not Modified`; every
 * other answer of the endpoint (mutations, errors, credentials, event streams) says `no-store`.
 */
export const responseCacheHeader = 'x-response-cache';

/** What the key varies on that a shared cache must know; Authorization because such requests are never shared. */
const vary = 'Accept, Authorization';

interface PendingStore {
  key: string;
  /** The cache's epoch before the request's first read: a result is stored only if nothing was invalidated since. */
  epoch: number;
  /** Set once the operation is known to be a query: mutations and subscriptions are never stored. */
  isQuery: boolean;
  /** What the result depends on, recorded while it executes. */
  tags?: Set<CacheTag>;
  /** The serialized result, once it is known to be cacheable. */
  json?: string;
}

export interface ResponseCachePluginOptions extends ResponseCacheOptions {
  graphqlEndpoint: string;
  /** `Cache-Control` of successful anonymous query answers (`HTTP_CACHE_CONTROL`). */
  cacheControl: string;
}

/**
 * The result with its JSON attached: yoga's result processor calls `stringify` when a result has one,
 * so the result is serialized once. Not enumerable, so that a plugin that copies the result to change
 * it (the SQL statement count) gets one without it, serialized afresh.
 */
function withSerialization(result: ExecutionResult, json: string): ExecutionResult {
  return Object.defineProperty({ ...result }, 'stringify', { value: () => json, enumerable: false });
}

function isCacheableResult(result: unknown): result is ExecutionResult {
  return (
    typeof result === 'object' &&
    result !== null &&
    !Array.isArray(result) &&
    !(Symbol.asyncIterator in result) &&
    (result as ExecutionResult).errors === undefined &&
    // Extensions describe one execution (e.g. its SQL statement count): another request's are wrong.
    (result as ExecutionResult).extensions === undefined
  );
}

/**
 * The cache key, or null for a request the cache must not answer: not a read of the GraphQL endpoint,
 * a browser asking for GraphiQL, credentials, an event stream (subscriptions are live; and a query's
 * single event must not be stored as JSON under `text/event-stream`), or a body of unknown length
 * (streamed bodies are bounded while yoga parses them, see use-request-body-limit.ts).
 */
async function cacheKeyOf(request: Request, url: URL, graphqlEndpoint: string): Promise<string | null> {
  const { method, headers } = request;
  if (url.pathname !== graphqlEndpoint || headers.has('authorization')) return null;
  const accept = headers.get('accept') ?? '';
  if (accept.includes('text/event-stream')) return null;
  if (method === 'GET') return accept.includes('text/html') ? null : `GET\n${url.search}\n${accept}`;
  if (method !== 'POST' || !headers.has('content-length')) return null;
  // The body stays readable: the request keeps what was read, and yoga parses that.
  return `POST\n${url.search}\n${accept}\n${headers.get('content-type') ?? ''}\n${await request.text()}`;
}

/** Whether `If-None-Match` names `etag` (or is `*`); weak comparison, as RFC 9110 asks of it. */
function isNotModified(request: Request, etag: string): boolean {
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function useResponseCache(options: ResponseCachePluginOptions): Plugin<{ request: Request }> {
  const cache = new ResponseCache(options);
  const pending = new WeakMap<Request, PendingStore>();
  const outcomes = new WeakMap<Request, 'hit' | 'miss'>();
  const endpointRequests = new WeakSet<Request>();
  const validators = (etag: string) => ({ etag, 'cache-control': options.cacheControl, vary });
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === options.graphqlEndpoint) endpointRequests.add(request);
      const key = await cacheKeyOf(request, url, options.graphqlEndpoint);
      if (key === null) return;
      const catchingUp = cache.catchUp();
      if (catchingUp) await catchingUp;
      const cached: CachedResponse | undefined = cache.get(key);
      outcomes.set(request, cached ? 'hit' : 'miss');
      if (cached) {
        endResponse(
          isNotModified(request, cached.etag)
            ? new fetchAPI.Response(null, { status: 304, headers: validators(cached.etag) })
            : new fetchAPI.Response(cached.body, {
                status: cached.status,
                headers: { 'content-type': cached.contentType, ...validators(cached.etag) },
              }),
        );
        return;
      }
      pending.set(request, { key, epoch: cache.epoch, isQuery: false });
    },
    onExecute({ args }) {
      const store = pending.get(args.contextValue.request);
      if (!store) return;
      store.isQuery = getOperationAST(args.document, args.operationName)?.operation === 'query';
      if (store.isQuery) store.tags = collectCacheTags(args.contextValue);
    },
    onExecutionResult({ request, result, setResult }) {
      const store = pending.get(request);
      if (!store?.isQuery || !isCacheableResult(result)) {
        pending.delete(request);
        return;
      }
      store.json = JSON.stringify(result);
      setResult(withSerialization(result, store.json));
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      const outcome = outcomes.get(request);
      if (outcome) response.headers.set(responseCacheHeader, outcome);
      if (!endpointRequests.has(request) || outcome === 'hit') return;
      const store = pending.get(request);
      pending.delete(request);
      const contentType = response.headers.get('content-type');
      if (store?.json === undefined || response.status !== 200 || contentType === null) {
        // GraphiQL's page is not an answer of the API.
        if (!contentType?.startsWith('text/html')) response.headers.set('cache-control', 'no-store');
        return;
      }
      const body = Buffer.from(store.json);
      const etag = etagOf(body, contentType);
      cache.set(store.key, { body, status: response.status, contentType, etag }, store.tags ?? [], store.epoch);
      response.headers.set('etag', etag);
      response.headers.set('cache-control', options.cacheControl);
      // Appended: CORS may have said `Vary: Origin` already.
      response.headers.append('vary', vary);
      if (isNotModified(request, etag)) {
        const headers = new fetchAPI.Headers(response.headers);
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
    },
  };
}
