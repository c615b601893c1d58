/** What bench/scripts/load.ts hands autocannon and makes of its result, apart from the I/O. */
import type { Options, RequestStep, Result } from 'autocannon';
import type { LoadResult, LoadSpec } from './load-types.ts';
import { requestBody } from './queries.ts';

/**
 * The header by which the API says whether its response cache answered; src/http/use-response-cache.ts
 * is not imported, so that the load generator does not load graphql.
 */
export const responseCacheHeader = 'x-response-cache';

/** Counted from each response's headers, so that a row meant to measure execution shows any cached answers. */
export interface CacheTally {
  responses: number;
  hits: number;
}

/** `rawHeaders` alternates names and values, as the HTTP parser gives them; names in any case. */
export function countResponse(tally: CacheTally, rawHeaders: readonly string[]): void {
  tally.responses += 1;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? '';
    // The length test first: it rules out almost every header without lower-casing it.
    if (name.length === responseCacheHeader.length && name.toLowerCase() === responseCacheHeader) {
      if (rawHeaders[index + 1] === 'hit') tally.hits += 1;
      return;
    }
  }
}

/** Bodies are serialized once, up front, so that the load generator spends its core on sending. */
function randomBodySteps(spec: LoadSpec): RequestStep[] | undefined {
  if (spec.variableSets === undefined) return undefined;
  const bodies = spec.variableSets.map((variables) => requestBody({ query: spec.query, variables }));
  return [{ setupRequest: (request) => ({ ...request, body: bodies[Math.floor(Math.random() * bodies.length)] }) }];
}

export function autocannonOptions(spec: LoadSpec, tally: CacheTally): Options {
  const steps = randomBodySteps(spec);
  return {
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody({ query: spec.query }),
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(steps ? { requests: steps } : {}),
    // The raw headers autocannon parses anyway: no per-request object, unlike a step's onResponse.
    setupClient: (client) => client.on('headers', ({ headers }) => countResponse(tally, headers)),
    // The executor writes `errors` before `data`, so a failed result starts with it.
    verifyBody: (body) => !body.startsWith('{"errors"'),
  };
}

/** `cpu` is the generator's own CPU time over the run, as `process.cpuUsage(before)` gives it. */
export function loadResultOf(result: Result, cpu: NodeJS.CpuUsage, tally: CacheTally): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.mismatches,
    loadGeneratorCores: (cpu.user + cpu.system) / 1e6 / result.duration,
    responses: tally.responses,
    responseCacheHits: tally.hits,
  };
}
