/** Child process: loads one URL with autocannon as a LoadSpec file says, then prints a LoadResult as JSON. */
import { readFileSync } from 'node:fs';
import autocannon, { type Options, type RequestStep, type Result } from 'autocannon';
import type { LoadResult, LoadSpec } from './load-types.ts';
import { requestBody } from './queries.ts';

function readSpec(): LoadSpec {
  const specFile = process.argv[2];
  if (specFile === undefined) throw new Error('usage: load.ts SPEC.json');
  return JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
}

/** Bodies are serialized once, up front, so that the load generator spends its core on sending. */
function randomBodySteps(spec: LoadSpec): RequestStep[] | undefined {
  if (spec.variableSets === undefined) return undefined;
  const bodies = spec.variableSets.map((variables) => requestBody({ query: spec.query, variables }));
  return [{ setupRequest: (request) => ({ ...request, body: bodies[Math.floor(Math.random() * bodies.length)] }) }];
}

function autocannonOptions(spec: LoadSpec): Options {
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

function summarize(result: Result, cpu: NodeJS.CpuUsage): LoadResult {
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

const options = autocannonOptions(readSpec());
const cpuBefore = process.cpuUsage();
const result = await autocannon(options);
process.stdout.write(`${JSON.stringify(summarize(result, process.cpuUsage(cpuBefore)))}\n`);
