import { describe, expect, it } from 'vitest';
import { summarizeRuns } from '../../bench/lib/load-runner.ts';
import { median } from '../../bench/lib/stats.ts';
import { loadResult } from './fixtures.ts';

describe('median', () => {
  it.each([
    [[7], 7],
    [[3, 1, 2], 2],
    [[10, 1, 4, 3], 3.5],
    [[5, 5, 1, 100, 5], 5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('summarizeRuns', () => {
  it('takes the median of rates, latencies and generator CPU, and sums the failures and responses', () => {
    const runs = [
      loadResult({ requestsPerSecond: 900, latencyP50Ms: 3, latencyP99Ms: 30, non2xx: 1, loadGeneratorCores: 0.9 }),
      loadResult({ requestsPerSecond: 1100, latencyP50Ms: 1, latencyP99Ms: 10, errors: 2, loadGeneratorCores: 0.5 }),
      loadResult({
        requestsPerSecond: 1000,
        latencyP50Ms: 2,
        latencyP99Ms: 20,
        graphqlErrors: 4,
        loadGeneratorCores: 0.6,
        responses: 30,
        responseCacheHits: 3,
      }),
    ];
    expect(summarizeRuns(runs)).toEqual({
      requestsPerSecond: 1000,
      latencyP50Ms: 2,
      latencyP99Ms: 20,
      non2xx: 1,
      errors: 2,
      graphqlErrors: 4,
      loadGeneratorCores: 0.6,
      responses: 20_030,
      responseCacheHits: 3,
    });
  });

  it('averages the middle two of an even number of runs', () => {
    const runs = [loadResult({ requestsPerSecond: 800 }), loadResult({ requestsPerSecond: 1000 })];
    expect(summarizeRuns(runs).requestsPerSecond).toBe(900);
  });
});
