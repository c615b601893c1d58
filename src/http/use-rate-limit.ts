import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedRateLimits } from './shared-rate-limits.ts';

export interface RateLimitOptions {
  /** Requests per minute per client address, for requests without a token; 0: no limit. */
  anonymousPerMinute: number;
  /** Requests per minute per token name; 0: no limit. */
  tokenPerMinute: number;
  /** Reverse proxies in front that append the address they saw to `X-Forwarded-For`. */
  trustProxyHops: number;
  graphqlEndpoint: string;
  /** The name of the request's valid token, or null (no token, or one the API will refuse with 401). */
  tokenNameOf(request: Request): string | null;
  /** Where replicas share their counts; null: each process counts alone. */
  shared: SharedRateLimits | null;
}

/**
 * A one-minute window of `perMinute` requests per key, in Redis when shared (with this process's
 * memory as the stand-in while Redis cannot answer), else in memory.
 */
function limiterOf(perMinute: number, shared: SharedRateLimits | null, kind: 'anonymous' | 'token') {
  if (perMinute === 0) return null;
  const inMemory = new RateLimiterMemory({ points: perMinute, duration: 60 });
  if (shared === null) return inMemory;
  return new RateLimiterRedis({
    storeClient: shared.client,
    keyPrefix: `${shared.keyPrefix}:${kind}`,
    points: perMinute,
    duration: 60,
    rejectIfRedisNotReady: true,
    insuranceLimiter: inMemory,
  });
}

/** The Node request yoga's node adapter passes as server context; absent for in-process `fetch` calls. */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

/**
 * The client's address: the socket's peer, or with `hops` trusted proxies in front, the address the
 * outermost of them saw (the `hops`-th entry of `X-Forwarded-For` from the right). Entries further
 * left are whatever the client claims, and are never used.
 */
export function clientAddressOf(request: Request, serverContext: unknown, hops: number): string | null {
  const socketAddress = (serverContext as NodeServerContext | undefined)?.req?.socket?.remoteAddress ?? null;
  if (hops === 0) return socketAddress;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? socketAddress;
}

/**
 * Limits requests to the GraphQL endpoint per client address (anonymous) and per token name
 * (authenticated), each in a one-minute window: over it, `429` with `Retry-After` and a GraphQL-shaped
 * error (`RATE_LIMITED`), before the response cache or the parser does any work. /health, /ready,
 * /metrics, the schema, GraphiQL's page and static assets are not limited. The counts are shared
 * through Redis when there is one (replicas behind a load balancer), else kept in this process. A
 * request whose address is unknown (in-process calls, tests) is not limited.
 */
export function useRateLimit(options: RateLimitOptions): Plugin {
  const anonymous = limiterOf(options.anonymousPerMinute, options.shared, 'anonymous');
  const tokens = limiterOf(options.tokenPerMinute, options.shared, 'token');
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== options.graphqlEndpoint) return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      const tokenName = options.tokenNameOf(request);
      const limiter = tokenName === null ? anonymous : tokens;
      const key = tokenName ?? clientAddressOf(request, serverContext, options.trustProxyHops);
      if (limiter === null || key === null) return;
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        const perMinute = tokenName === null ? options.anonymousPerMinute : options.tokenPerMinute;
        const who = tokenName === null ? 'this address' : `token "${tokenName}"`;
        const body = {
          errors: [
            {
              message: `Too many requests from ${who}: at most ${perMinute} a minute; retry in ${retryAfter} s`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
            },
          ],
        };
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status: 429,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'retry-after': String(retryAfter),
              'cache-control': 'no-store',
            },
          }),
        );
      }
    },
  };
}
