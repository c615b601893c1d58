import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScript } from './child-scripts.ts';
import type { LoadResult, LoadSpec } from './load-types.ts';
import type { Pinning } from './machine.ts';
import { type Children, nodeScript } from './processes.ts';
import { median } from './stats.ts';

export interface LoadPlan {
  warmupSeconds: number;
  durationSeconds: number;
  runs: number;
}

export interface LoadMeasurement {
  connections: number;
  runs: LoadResult[];
  /** Medians of the runs' rates and latencies; failures and response counts summed over the runs. */
  summary: LoadResult;
}

/** autocannon needs a moment to connect and to report after its duration. */
const loadOverheadMs = 30_000;

async function runLoad(children: Children, pinning: Pinning, specFile: string, spec: LoadSpec): Promise<LoadResult> {
  writeFileSync(specFile, JSON.stringify(spec));
  const command = [...pinning.load, ...nodeScript(loadScript, specFile)];
  const env = { ...process.env, NODE_ENV: 'production' };
  const { child } = await children.run(command, env, spec.durationSeconds * 1000 + loadOverheadMs);
  const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as LoadResult;
}

export function summarizeRuns(runs: LoadResult[]): LoadResult {
  const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    latencyP50Ms: median(runs.map((run) => run.latencyP50Ms)),
    latencyP99Ms: median(runs.map((run) => run.latencyP99Ms)),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    graphqlErrors: sum((run) => run.graphqlErrors),
    loadGeneratorCores: median(runs.map((run) => run.loadGeneratorCores)),
    responses: sum((run) => run.responses),
    responseCacheHits: sum((run) => run.responseCacheHits),
  };
}

/** A warm-up run whose numbers are dropped (JIT, SQLite page cache), then `plan.runs` measured runs. */
export async function measureLoad(
  children: Children,
  pinning: Pinning,
  workDirectory: string,
  spec: Omit<LoadSpec, 'durationSeconds'>,
  plan: LoadPlan,
): Promise<LoadMeasurement> {
  const specFile = join(workDirectory, 'load-spec.json');
  await runLoad(children, pinning, specFile, { ...spec, durationSeconds: plan.warmupSeconds });
  const runs: LoadResult[] = [];
  for (let run = 0; run < plan.runs; run += 1) {
    runs.push(await runLoad(children, pinning, specFile, { ...spec, durationSeconds: plan.durationSeconds }));
  }
  return { connections: spec.connections, runs, summary: summarizeRuns(runs) };
}
