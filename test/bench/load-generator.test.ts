import type { Result } from 'autocannon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autocannonOptions, loadResultOf } from '../../bench/lib/load-generator.ts';
import type { LoadSpec } from '../../bench/lib/load-types.ts';

const spec: LoadSpec = { url: 'http://127.0.0.1:1/graphql', connections: 8, durationSeconds: 3, query: '{ a }' };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('autocannonOptions', () => {
  it('posts the query without variables on every request when the spec has no variable sets', () => {
    const options = autocannonOptions(spec);
    expect(options).toEqual({
      url: spec.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ a }"}',
      connections: 8,
      duration: 3,
      verifyBody: expect.any(Function),
    });
  });

  it('gives each request a body drawn from the pre-serialized variable sets', () => {
    const options = autocannonOptions({ ...spec, variableSets: [{ after: 'x' }, { after: 'y' }] });
    const setupRequest = options.requests?.[0]?.setupRequest;
    if (setupRequest === undefined) throw new Error('no setupRequest');
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.99);
    const request = { method: 'POST', path: '/graphql' };
    expect(setupRequest(request, {})).toEqual({ ...request, body: '{"query":"{ a }","variables":{"after":"x"}}' });
    expect(setupRequest(request, {})).toEqual({ ...request, body: '{"query":"{ a }","variables":{"after":"y"}}' });
  });

  it('counts a 2xx response that carries GraphQL errors as a mismatch', () => {
    const { verifyBody } = autocannonOptions(spec);
    expect(verifyBody?.('{"errors":[{"message":"boom"}],"data":null}')).toBe(false);
    expect(verifyBody?.('{"data":{"a":1}}')).toBe(true);
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

  it('reports rates, latencies and failures, and the generator CPU per second of load in cores', () => {
    expect(loadResultOf(result, { user: 1_200_000, system: 400_000 })).toEqual({
      requestsPerSecond: 1234.5,
      latencyP50Ms: 5,
      latencyP99Ms: 17,
      non2xx: 3,
      errors: 2,
      graphqlErrors: 4,
      loadGeneratorCores: 0.8,
    });
  });
});
