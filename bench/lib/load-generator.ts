/** What bench/scripts/load.ts hands autocannon and makes of its result, apart from the I/O. */
import type { Options, RequestStep, Result } from 'autocannon';
import type { LoadResult, LoadSpec } from './load-types.ts';
import { requestBody } from './queries.ts';

/** Bodies are serialized once, up front, so that the load generator spends its core on sending. */
function randomBodySteps(spec: LoadSpec): RequestStep[] | undefined {
  if (spec.variableSets === undefined) return undefined;
  const bodies = spec.variableSets.map((variables) => requestBody({ query: spec.query, variables }));
  return [{ setupRequest: (request) => ({ ...request, body: bodies[Math.floor(Math.random() * bodies.length)] }) }];
}

export function autocannonOptions(spec: LoadSpec): Options {
  const steps = randomBodySteps(spec);
  return {
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody({ query: spec.query }),
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(steps ? { requests: steps } : {}),
    // The executor writes `errors` before `data`, so a failed result starts with it.
    verifyBody: (body) => !body.startsWith('{"errors"'),
  };
}

/** `cpu` is the generator's own CPU time over the run, as `process.cpuUsage(before)` gives it. */
export function loadResultOf(result: Result, cpu: NodeJS.CpuUsage): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.mismatches,
    loadGeneratorCores: (cpu.user + cpu.system) / 1e6 / result.duration,
  };
}
