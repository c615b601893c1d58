import { parseArgs } from 'node:util';

export const usage =
  'usage: npm run bench -- [--provider P] [--quick] [--json] [--docs N] [--duration S] [--runs R] [--skip-50k]\n' +
  '  --provider P sqlite (default) or postgres: the database the archive is ingested into and served from;\n' +
  '               postgres creates its databases on the server at 127.0.0.1:5432 (user postgres) and drops them\n' +
  '  --quick      1,000 documents, 1 run of 3 s, no BENCHMARKS.md update (a smoke run)\n' +
  '  --json       print the results as JSON on stdout instead of the table\n' +
  '  --docs N     documents in the corpus the queries run on (default 10,000)\n' +
  '  --duration S seconds per load run (default 10)\n' +
  '  --runs R     load runs per measurement, after a warm-up; the median is reported (default 3)\n' +
  '  --skip-50k   skip the ingestion of the 5x larger corpus (50,000 documents by default)';

export const providers = ['sqlite', 'postgres'] as const;
export type Provider = (typeof providers)[number];

/** The second corpus is this many times larger, to show whether ingestion memory grows with the corpus. */
export const largeCorpusFactor = 5;

export interface BenchOptions {
  provider: Provider;
  json: boolean;
  quick: boolean;
  documents: number;
  /** null when --skip-50k. */
  largeDocuments: number | null;
  warmupSeconds: number;
  durationSeconds: number;
  runs: number;
}

const fullRun = { documents: 10_000, durationSeconds: 10, runs: 3, warmupSeconds: 3 };
const quickRun = { documents: 1_000, durationSeconds: 3, runs: 1, warmupSeconds: 1 };

export class UsageError extends Error {}

function positiveInteger(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 1 && number <= max)) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return number;
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        provider: { type: 'string', default: 'sqlite' },
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        docs: { type: 'string' },
        duration: { type: 'string' },
        runs: { type: 'string' },
        'skip-50k': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function isProvider(value: string): value is Provider {
  return (providers as readonly string[]).includes(value);
}

/** null when only the usage was asked for. */
export function readOptions(args: string[]): BenchOptions | null {
  const { values } = parseOptions(args);
  if (values.help) return null;
  if (!isProvider(values.provider)) throw new UsageError(`--provider must be one of ${providers.join(', ')}`);
  const defaults = values.quick ? quickRun : fullRun;
  // The limits keep a mistyped option from running for hours: 200,000 documents, 10 minutes per run.
  const documents = positiveInteger('docs', values.docs, defaults.documents, 200_000);
  return {
    provider: values.provider,
    json: values.json,
    quick: values.quick,
    documents,
    largeDocuments: values['skip-50k'] ? null : documents * largeCorpusFactor,
    warmupSeconds: defaults.warmupSeconds,
    durationSeconds: positiveInteger('duration', values.duration, defaults.durationSeconds, 600),
    runs: positiveInteger('runs', values.runs, defaults.runs, 20),
  };
}
