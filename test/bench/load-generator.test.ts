import type { Result } from 'autocannon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  autocannonOptions,
  type CacheTally,
  countResponse,
  loadResultOf,
  responseCacheHeader,
} from '../../bench/lib/load-generator.ts';
import type { LoadSpec } from '../../bench/lib/load-types.ts';
import { responseCacheHeader as apiResponseCacheHeader } from '../../src/http/use-response-cache.ts';

const spec: LoadSpec = { url: 'http://127.0.0.1:1/graphql', connections: 8, durationSeconds: 3, query: '{ a }' };

function emptyTally(): CacheTally {
  return { responses: 0, hits: 0 };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('autocannonOptions', () => {
  it('posts the query without variables on every request when the spec has no variable sets', () => {
    const options = autocannonOptions(spec, emptyTally());
    expect(options).toEqual({
      url: spec.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ a }"}',
      connections: 8,
      duration: 3,
      setupClient: expect.any(Function),
      verifyBody: expect.any(Function),
    });
  });

  it('gives each request a body drawn from the pre-serialized variable sets', () => {
    const options = autocannonOptions({ ...spec, variableSets: [{ after: 'x' }, { after: 'y' }] }, emptyTally());
    const setupRequest = options.requests?.[0]?.setupRequest;
    if (setupRequest === undefined) throw new Error('no setupRequest');
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.99);
    const request = { method: 'POST', path: '/graphql' };
    expect(setupRequest(request, {})).toEqual({ ...request, body: '{"query":"{ a }","variables":{"after":"x"}}' });
    expect(setupRequest(request, {})).toEqual({ ...request, body: '{"query":"{ a }","variables":{"after":"y"}}' });
  });

  it('counts a 2xx response that carries GraphQL errors as a mismatch', () => {
    const { verifyBody } = autocannonOptions(spec, emptyTally());
    expect(verifyBody?.('{"errors":[{"message":"boom"}],"data":null}')).toBe(false);
    expect(verifyBody?.('{"data":{"a":1}}')).toBe(true);
  });

  it("tallies the response heads of every connection it sets up into the caller's tally", () => {
    const tally = emptyTally();
    const { setupClient } = autocannonOptions(spec, tally);
    const listeners: ((head: { statusCode: number; headers: string[] }) => void)[] = [];
    const client = {
      on(event: 'headers', listener: (typeof listeners)[number]) {
        expect(event).toBe('headers');
        listeners.push(listener);
        return client;
      },
    };
    setupClient?.(client);
    setupClient?.(client);
    listeners[0]?.({ statusCode: 200, headers: ['x-response-cache', 'hit'] });
    listeners[1]?.({ statusCode: 200, headers: ['x-response-cache', 'miss'] });
    expect(tally).toEqual({ responses: 2, hits: 1 });
  });
});

describe('countResponse', () => {
  it('looks for the header the API sets', () => {
    expect(responseCacheHeader).toBe(apiResponseCacheHeader);
  });

  it.each<[string, string[], number]>([
    ['a hit', ['content-type', 'application/json', 'x-response-cache', 'hit'], 1],
    ['a hit, the name in any case', ['X-Response-Cache', 'hit'], 1],
    ['a miss', ['x-response-cache', 'miss', 'content-length', '3'], 0],
    ['no such header (a baseline, or the cache off)', ['content-type', 'application/json'], 0],
    ['"hit" as the value of another header', ['x-response-cachf', 'hit', 'x-other', 'hit'], 0],
  ])('counts a response with %s', (_, headers, hits) => {
    const tally = { responses: 4, hits: 2 };
    countResponse(tally, headers);
    expect(tally).toEqual({ responses: 5, hits: 2 + hits });
  });
});

describe('loadResultOf', () => {
  const result: Result = {
    requests: { average: 1234.5, p50: 1200, p99: 1300, total: 2469 },
    latency: { average: 6, p50: 5, p99: 17 },
    duration: 2,
    errors: 2,
    timeouts: 1,
    mismatches: 4,
    non2xx: 3,
  };

  it('reports rates, latencies, failures, cache hits, and the generator CPU per second of load in cores', () => {
    const tally = { responses: 2470, hits: 12 };
    expect(loadResultOf(result, { user: 1_200_000, system: 400_000 }, tally)).toEqual({
      requestsPerSecond: 1234.5,
      latencyP50Ms: 5,
      latencyP99Ms: 17,
      non2xx: 3,
      errors: 2,
      graphqlErrors: 4,
      loadGeneratorCores: 0.8,
      responses: 2470,
      responseCacheHits: 12,
    });
  });
});
