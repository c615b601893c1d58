/**
 * BenchResults for tests: a run where every target is met and no row is capped by the load generator,
 * so that each test states only what it changes.
 */
import type { CmsResults } from '../../bench/lib/cms.ts';
import type { CorpusRun } from '../../bench/lib/ingestion.ts';
import type { LoadMeasurement } from '../../bench/lib/load-runner.ts';
import type { LoadResult } from '../../bench/lib/load-types.ts';
import type { Machine } from '../../bench/lib/machine.ts';
import type { Provider } from '../../bench/lib/options.ts';
import type {
  BenchResults,
  IngestionResults,
  LoadName,
  PostgresPinningResult,
  QueryResults,
} from '../../bench/lib/results.ts';
import type { SqlStatementCounts } from '../../bench/lib/sql-statements.ts';

export function loadResult(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    requestsPerSecond: 1000,
    latencyP50Ms: 2,
    latencyP99Ms: 10,
    non2xx: 0,
    errors: 0,
    graphqlErrors: 0,
    loadGeneratorCores: 0.5,
    responses: 10_000,
    responseCacheHits: 0,
    ...overrides,
  };
}

/** One measured run whose summary is the run itself. */
export function load(overrides: Partial<LoadResult> = {}, connections = 8): LoadMeasurement {
  const summary = loadResult(overrides);
  return { connections, runs: [summary], summary };
}

/** The rate follows from documents and seconds unless given. */
export function corpusRun(overrides: Partial<CorpusRun> = {}): CorpusRun {
  const { documents = 10_000, seconds = 5, peakRssMb = 100 } = overrides;
  return { documents, seconds, peakRssMb, documentsPerSecond: overrides.documentsPerSecond ?? documents / seconds };
}

export interface ResultsOverrides {
  provider?: Provider;
  postgresPinning?: PostgresPinningResult | null;
  loads?: Partial<Record<LoadName, LoadMeasurement>>;
  ingestion?: Partial<IngestionResults>;
  sqlStatements?: Partial<SqlStatementCounts>;
  serverRssMb?: Partial<QueryResults['serverRssMb']>;
  machine?: Partial<Machine>;
  cmsDelay?: Partial<CmsResults['delay']>;
  loadAverageAtEnd?: number;
}

export function benchResults(overrides: ResultsOverrides = {}): BenchResults {
  return {
    provider: overrides.provider ?? 'sqlite',
    postgresPinning: overrides.postgresPinning ?? null,
    machine: {
      cores: 2,
      cpuModel: 'Test CPU',
      node: 'v20.11.0',
      totalMemoryMb: 4096,
      date: '2025-01-02T03:04:05.000Z',
      loadAverageAtStart: 0.25,
      pinning: { server: [], load: [], serverCpuList: null, note: 'unpinned: test' },
      ...overrides.machine,
    },
    settings: { documents: 10_000, largeDocuments: 50_000, warmupSeconds: 3, durationSeconds: 10, runs: 3 },
    ingestion: {
      corpus: corpusRun({ documents: 10_000, seconds: 5, peakRssMb: 100 }),
      parseOnly: corpusRun({ documents: 10_000, seconds: 4, peakRssMb: 80 }),
      large: corpusRun({ documents: 50_000, seconds: 25, peakRssMb: 110 }),
      ...overrides.ingestion,
    },
    queries: {
      loads: {
        q0: load({ requestsPerSecond: 5000 }, 50),
        q1Repeated: load({ requestsPerSecond: 3000 }, 50),
        b0Repeated: load({ requestsPerSecond: 4000 }, 50),
        q1Paged: load({ requestsPerSecond: 500 }),
        b1Paged: load({ requestsPerSecond: 1000 }),
        q2: load({ requestsPerSecond: 450 }),
        b1Article: load({ requestsPerSecond: 1000 }),
        authorPage: load({ requestsPerSecond: 1200 }),
        b1Author: load({ requestsPerSecond: 2000 }),
        b0Paged: load({ requestsPerSecond: 4000 }),
        q3: load({ requestsPerSecond: 800, latencyP99Ms: 30 }),
        ...overrides.loads,
      },
      sqlStatements: {
        typename: 0,
        homePageBySize: [
          { first: 1, statements: 3 },
          { first: 20, statements: 3 },
          { first: 100, statements: 3 },
        ],
        pagedHomePage: { min: 3, max: 3 },
        articlePage: { min: 5, max: 7 },
        authorPage: { min: 4, max: 4 },
        ...overrides.sqlStatements,
      },
      serverRssMb: { cached: 120, uncached: 130, ...overrides.serverRssMb },
      verifiedSamples: 62,
      authors: 51,
    },
    cms: {
      writes: { documents: 2000, batchSize: 100, seconds: 2.5, documentsPerSecond: 800 },
      delay: {
        apiWrites: { changes: 40, p50Ms: 12, p99Ms: 40, maxMs: 45 },
        cliIngest: { changes: 40, p50Ms: 30, p99Ms: 70, maxMs: 70 },
        ...overrides.cmsDelay,
      },
    },
    loadAverageAtEnd: overrides.loadAverageAtEnd ?? 1.5,
  };
}
