import type { CmsResults } from './cms.ts';
import type { CorpusRun } from './ingestion.ts';
import type { LoadMeasurement } from './load-runner.ts';
import type { Machine } from './machine.ts';
import type { Provider } from './options.ts';
import type { SqlStatementCounts } from './sql-statements.ts';

/** The load rows, in the order they run and are reported: each API row next to its baseline. */
export const loadNames = [
  'q0',
  'q1Repeated',
  'b0Repeated',
  'q1Paged',
  'b1Paged',
  'q2',
  'b1Article',
  'authorPage',
  'b1Author',
  'b0Paged',
  'q3',
] as const;

export type LoadName = (typeof loadNames)[number];

/** The rows that load the API; the others load a baseline, which has no response cache. */
export const apiLoadNames: ReadonlySet<LoadName> = new Set<LoadName>([
  'q0',
  'q1Repeated',
  'q1Paged',
  'q2',
  'authorPage',
  'q3',
]);

/** B1 is written for one database: its rows say which. */
const b1Names: Record<Provider, string> = { sqlite: 'B1 SQLite', postgres: 'B1 PostgreSQL' };

export function loadLabels(provider: Provider): Record<LoadName, string> {
  const b1 = b1Names[provider];
  return {
    q0: 'Q0 { __typename }',
    q1Repeated: 'Q1 home page, repeated',
    b0Repeated: 'B0 static Q1 bytes',
    q1Paged: 'Q1 home page, random after',
    b1Paged: `${b1}, random after`,
    q2: 'Q2 article page, random slug',
    b1Article: `${b1}, random slug`,
    authorPage: 'Author page, random slug',
    b1Author: `${b1}, random author slug`,
    b0Paged: 'B0 static Q1 bytes',
    q3: 'Q3 search, random two-term query',
  };
}

export interface BenchSettings {
  documents: number;
  largeDocuments: number | null;
  warmupSeconds: number;
  durationSeconds: number;
  runs: number;
}

export interface IngestionResults {
  corpus: CorpusRun;
  parseOnly: CorpusRun;
  /** The larger corpus, for peak RSS; null when skipped. */
  large: CorpusRun | null;
}

export interface QueryResults {
  loads: Record<LoadName, LoadMeasurement>;
  sqlStatements: SqlStatementCounts;
  /** VmRSS of each API instance after every load row ran: the one with the response cache and the one without. */
  serverRssMb: { cached: number; uncached: number };
  /** Requests whose B1 bytes were compared with the API's before timing. */
  verifiedSamples: number;
  /** The authors of the corpus, every one a slug the author page rows draw from. */
  authors: number;
}

/** How the PostgreSQL server's processes ran during the query rows (bench/lib/postgres-pinning.ts). */
export interface PostgresPinningResult {
  pinned: boolean;
  note: string;
}

export interface BenchResults {
  provider: Provider;
  /** PostgreSQL runs only: SQLite runs inside the API's process, and so on its core. */
  postgresPinning: PostgresPinningResult | null;
  machine: Machine;
  settings: BenchSettings;
  ingestion: IngestionResults;
  queries: QueryResults;
  /** Writes through the API and the change feed's delivery delays. */
  cms: CmsResults;
  /** The 1-minute load average when the run ended; the one at its start is in `machine`. */
  loadAverageAtEnd: number;
}
