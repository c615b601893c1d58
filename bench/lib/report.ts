import { apiServerScript } from './child-scripts.ts';
import type { DelayStats } from './cms.ts';
import type { CorpusRun } from './ingestion.ts';
import { busyAtStart, machineLine } from './machine.ts';
import { homePageSize } from './queries.ts';
import { apiLoadNames, type BenchResults, type LoadName, loadLabels, loadNames } from './results.ts';
import type { StatementRange } from './sql-statements.ts';
import {
  cacheHitShare,
  failedResponses,
  generatorCapCores,
  percent,
  postGraphileLongTailRate,
  type TargetCheck,
  throughputRatio,
} from './targets.ts';

/** A table as rows of cells, the header first; rendered as aligned text or as Markdown. */
type Table = string[][];

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function megabytes(value: number): string {
  return `${whole(value)} MB`;
}

/** autocannon's histogram counts whole milliseconds. */
function latency(milliseconds: number): string {
  return milliseconds < 1 ? '<1 ms' : `${milliseconds} ms`;
}

function statementRange({ min, max }: StatementRange): string {
  return min === max ? String(min) : `${min}–${max}`;
}

function ingestionTable({ ingestion }: BenchResults): Table {
  const row = (name: string, run: CorpusRun) => [
    name,
    whole(run.documents),
    whole(run.documentsPerSecond),
    run.seconds.toFixed(1),
    megabytes(run.peakRssMb),
  ];
  const table = [
    ['Ingestion', 'documents', 'docs/s', 'seconds', 'peak RSS'],
    row('ingest CLI, end to end', ingestion.corpus),
    row('parse only, no database', ingestion.parseOnly),
  ];
  if (ingestion.large) table.push(row('ingest CLI, larger corpus', ingestion.large));
  return table;
}

function sqlPerRequest({ queries }: BenchResults, name: LoadName): string {
  const { sqlStatements } = queries;
  const firstPage = sqlStatements.homePageBySize.find(({ first }) => first === homePageSize)?.statements;
  const counts: Partial<Record<LoadName, string>> = {
    q0: String(sqlStatements.typename),
    q1Repeated: firstPage === undefined ? '?' : String(firstPage),
    q1Paged: statementRange(sqlStatements.pagedHomePage),
    q2: statementRange(sqlStatements.articlePage),
    authorPage: statementRange(sqlStatements.authorPage),
  };
  return counts[name] ?? '—';
}

/** Which baseline each API row is compared with. */
const ratioBaselines: Partial<Record<LoadName, { baseline: LoadName; name: string }>> = {
  q1Repeated: { baseline: 'b0Repeated', name: 'B0' },
  q1Paged: { baseline: 'b1Paged', name: 'B1' },
  q2: { baseline: 'b1Article', name: 'B1' },
  authorPage: { baseline: 'b1Author', name: 'B1' },
};

function ratio({ queries }: BenchResults, name: LoadName): string {
  const against = ratioBaselines[name];
  if (against === undefined) return '';
  return `${throughputRatio(queries.loads[name], queries.loads[against.baseline]).toFixed(2)} × ${against.name}`;
}

function queryTable(results: BenchResults): Table {
  const labels = loadLabels(results.provider);
  const rows = loadNames.map((name) => {
    const load = results.queries.loads[name];
    return [
      labels[name],
      String(load.connections),
      whole(load.summary.requestsPerSecond),
      latency(load.summary.latencyP50Ms),
      latency(load.summary.latencyP99Ms),
      String(failedResponses(load)),
      `${Math.round(load.summary.loadGeneratorCores * 100)} %`,
      apiLoadNames.has(name) ? percent(cacheHitShare(load)) : '—',
      sqlPerRequest(results, name),
      ratio(results, name),
    ];
  });
  return [
    ['Query', 'conns', 'req/s', 'p50', 'p99', 'failed', 'load gen CPU', 'cache hits', 'SQL/req', 'ratio'],
    ...rows,
  ];
}

function cmsTable({ cms, ingestion }: BenchResults): Table {
  const { writes, delay } = cms;
  const delayRow = (name: string, stats: DelayStats) => [
    name,
    whole(stats.changes),
    '',
    latency(stats.p50Ms),
    latency(stats.p99Ms),
    latency(stats.maxMs),
  ];
  return [
    ['CMS integration', 'documents', 'docs/s', 'p50', 'p99', 'max'],
    [
      `ingestDocuments, batches of ${writes.batchSize}, 1 connection`,
      whole(writes.documents),
      whole(writes.documentsPerSecond),
      '',
      '',
      '',
    ],
    [
      '(ingest CLI, end to end, for comparison)',
      whole(ingestion.corpus.documents),
      whole(ingestion.corpus.documentsPerSecond),
      '',
      '',
      '',
    ],
    delayRow('commit → SSE delivery, single API writes', delay.apiWrites),
    delayRow('commit → SSE delivery, ingest CLI in another process', delay.cliIngest),
  ];
}

function targetTable(targets: TargetCheck[]): Table {
  return [
    ['Target', 'Measured', 'Verdict'],
    ...targets.map(({ target, measured, verdict }) => [target, measured, verdict]),
  ];
}

/** The notes of a PostgreSQL run that differ from SQLite's. */
function postgresNotes({ queries }: BenchResults) {
  return {
    ingestion:
      'Ingestion and parse-only: one child process each, unpinned and alone (PostgreSQL unpinned too), timed from start to exit; each ingestion into a new database of its own, which the ingest CLI migrates first. Every database of the run is dropped at its end.',
    sqlStatements:
      'SQL statements, counted by another instance with GRAPHQL_SQL_STATS=1 and without the response cache, are data statements only (each executed request also sends BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY and COMMIT around them for its snapshot, not counted);',
    baseline: `B1 PostgreSQL is node-postgres on a pg.Pool of 10 connections, one named prepared statement per request in autocommit (a page's bylines, figures, links and counts gathered by correlated subqueries into JSON arrays), no BEGIN/COMMIT; it sent byte-identical bodies to the API's for ${queries.verifiedSamples} sample requests before timing.`,
    reference: `For reference, PostGraphile 5.1.5 served the same long-tail home page at ${postGraphileLongTailRate} req/s on this kind of machine, with one statement per request.`,
  };
}

function notes(results: BenchResults): string[] {
  const { settings, queries } = results;
  const bySize = queries.sqlStatements.homePageBySize.map(({ first, statements }) => `first ${first}: ${statements}`);
  const postgres = results.provider === 'postgres' ? postgresNotes(results) : null;
  const sqlStatements =
    postgres?.sqlStatements ??
    'SQL statements, counted by another instance with GRAPHQL_SQL_STATS=1 and without the response cache;';
  return [
    postgres?.ingestion ??
      'Ingestion and parse-only: one child process each, unpinned and alone, timed from start to exit.',
    `The API runs as \`${apiServerScript}\` starts it, with the environment \`npm run bench\` was given (apart from DATABASE_URL, HOST, PORT, NODE_ENV=production and GRAPHQL_SQL_STATS=0), as two instances on the same database and core, loaded one at a time: one as configured, one with RESPONSE_CACHE_ENTRIES=0.`,
    `Load: ${settings.runs} run(s) of ${settings.durationSeconds} s per row after a ${settings.warmupSeconds} s warm-up, median; autocannon, latencies at 1 ms resolution; "failed" counts non-2xx, connection errors and GraphQL errors.`,
    `Random rows run against an instance without the response cache, so that every request is executed, as B1 executes every request; Q0 and the repeated Q1 run against the one with it. They draw uniformly from all ${whole(settings.documents)} cursors or article slugs, or from all ${whole(queries.authors)} author slugs.`,
    '"cache hits" is the share of an API row\'s responses that carried `x-response-cache: hit`, as the load generator counted them; hits on a row compared with B1 make its ratio an upper bound.',
    `"load gen CPU" is the load generator's share of its core: from ${generatorCapCores * 100} % on, the generator may be what sets the rate, and verdicts that depend on that row's rate are only given where the bound decides them, else "inconclusive".`,
    `Server RSS after the load rows: ${megabytes(queries.serverRssMb.cached)} with the response cache, ${megabytes(queries.serverRssMb.uncached)} without (VmRSS of each API instance's node process).`,
    `${sqlStatements} of the home page query by page size: ${bySize.join(', ')}.`,
    postgres?.baseline ??
      `B1 sent byte-identical bodies to the API's for ${queries.verifiedSamples} sample requests before timing.`,
    ...(postgres ? [postgres.reference] : []),
  ];
}

function cmsNote({ cms }: BenchResults): string {
  return `Writes: ${whole(cms.writes.documents)} new documents sent as \`ingestDocuments\` batches one after the other on one connection, into an empty archive of their own, to an API instance pinned like the query rows (${cms.writes.seconds.toFixed(1)} s). Delays: an \`articleChanged\` subscriber over SSE in the harness, from each change's \`at\` (stamped in the writing transaction just before its commit, same clock) to the arrival of its event, for ${cms.delay.apiWrites.changes} single \`ingestDocument\` calls and for ingest CLI runs of a few documents each in processes of their own.`;
}

/** The pinning of the API and the load generator, and on PostgreSQL that of the database server. */
function pinningNote({ machine, postgresPinning }: BenchResults): string {
  return postgresPinning === null ? machine.pinning.note : `${machine.pinning.note}; ${postgresPinning.note}`;
}

function loadAverageLine({ machine, loadAverageAtEnd }: BenchResults): string {
  return `Load average (1 minute): ${machine.loadAverageAtStart.toFixed(2)} when the run began, ${loadAverageAtEnd.toFixed(2)} when it ended (the end figure includes the run's own load; other work on the machine skews every number)`;
}

/** Warnings that apply to every verdict of the run; also part of the JSON output. */
export function runWarnings({ machine }: BenchResults): string[] {
  if (!busyAtStart(machine)) return [];
  return [
    `Warning: the 1-minute load average was ${machine.loadAverageAtStart.toFixed(2)} when the run began, above the ${machine.cores} cores minus one: other work was running, and every number and verdict of this run may reflect it.`,
  ];
}

function textTable(table: Table): string {
  const widths = table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length))) ?? [];
  return table
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function markdownTable(table: Table): string {
  const [header = [], ...rows] = table;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatText(results: BenchResults, targets: TargetCheck[]): string {
  return [
    machineLine(results.machine),
    ...(results.postgresPinning ? [results.postgresPinning.note] : []),
    loadAverageLine(results),
    '',
    textTable(ingestionTable(results)),
    '',
    textTable(queryTable(results)),
    '',
    textTable(cmsTable(results)),
    '',
    ...notes(results),
    cmsNote(results),
    '',
    ...runWarnings(results),
    textTable(targetTable(targets)),
    '',
  ].join('\n');
}

const sectionHeadings = {
  sqlite: [
    '## Results',
    '',
    'Reproduce with `npm run bench` (`npm run bench -- --help` lists the options). This section is rewritten by every full run.',
  ],
  postgres: [
    '## PostgreSQL',
    '',
    'Reproduce with `npm run bench -- --provider postgres` (PostgreSQL 15 on 127.0.0.1:5432). This section is rewritten by every full run with `--provider postgres`, the SQLite results by every full run without it.',
  ],
};

/** The results section of BENCHMARKS.md for the provider that ran. */
export function formatMarkdown(results: BenchResults, targets: TargetCheck[]): string {
  const { machine } = results;
  return [
    ...sectionHeadings[results.provider],
    '',
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${(machine.totalMemoryMb / 1024).toFixed(1)} GB RAM, Node ${machine.node}`,
    `- Date: ${machine.date}`,
    `- ${loadAverageLine(results)}`,
    `- Pinning: ${pinningNote(results)}`,
    '',
    '### Ingestion',
    '',
    markdownTable(ingestionTable(results)),
    '',
    '### Queries',
    '',
    markdownTable(queryTable(results)),
    '',
    ...notes(results).map((note) => `- ${note}`),
    '',
    '### CMS integration',
    '',
    markdownTable(cmsTable(results)),
    '',
    `- ${cmsNote(results)}`,
    '',
    '### Targets',
    '',
    ...runWarnings(results).flatMap((warning) => [`**${warning}**`, '']),
    markdownTable(targetTable(targets)),
  ].join('\n');
}
