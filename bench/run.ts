/**
 * `npm run bench`: ingestion and query throughput of the API against baselines, on SQLite or (with
 * `--provider postgres`) PostgreSQL, measured in one run on this machine. Whatever happens, every
 * process is a child that is stopped at the end, and the run's databases are removed (and PostgreSQL's
 * pinning undone). See BENCHMARKS.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Archives, openArchives, sqliteFileOf } from './lib/archives.ts';
import { writeBenchmarksFile } from './lib/benchmarks-file.ts';
import { type CmsResults, measureCms, writeBatchSize } from './lib/cms.ts';
import { writeCorpus } from './lib/corpus.ts';
import {
  type ArticleList,
  type SampleRequests,
  sampleRequests,
  walkArticleList,
  walkAuthorSlugs,
} from './lib/graphql-client.ts';
import { type CorpusRun, measureIngestion, measureParseOnly } from './lib/ingestion.ts';
import { type LoadMeasurement, type LoadPlan, measureLoad } from './lib/load-runner.ts';
import type { LoadSpec } from './lib/load-types.ts';
import { describeMachine, type Machine, machineLine, oneMinuteLoadAverage, type Pinning } from './lib/machine.ts';
import { type BenchOptions, type Provider, readOptions, UsageError, usage } from './lib/options.ts';
import { type PostgresPinning, pinPostgres } from './lib/postgres-pinning.ts';
import { Children, projectRoot, residentMemoryMb } from './lib/processes.ts';
import { articlePageQuery, authorPageQuery, homePageQuery, typenameQuery } from './lib/queries.ts';
import { formatMarkdown, formatText, runWarnings } from './lib/report.ts';
import {
  type BenchResults,
  type IngestionResults,
  type LoadName,
  loadLabels,
  loadNames,
  type QueryResults,
} from './lib/results.ts';
import { searchQuery, twoTermQueries } from './lib/search-queries.ts';
import {
  type RunningServer,
  startGraphqlServer,
  startPostgresBaseline,
  startSqliteBaseline,
  startStaticBaseline,
} from './lib/servers.ts';
import { measureSqlStatements } from './lib/sql-statements.ts';
import { evaluateTargets } from './lib/targets.ts';
import { learnApiKeyOrder, verifyBaselineMatches } from './lib/verify.ts';

/** Sample requests per kind (pages, articles, authors) checked byte for byte and counted for SQL statements. */
const samplesPerKind = 20;
const manyConnections = 50;
const fewConnections = 8;
/** Q3 draws from these many random two-term queries. */
const searchVariables = twoTermQueries(1000);

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function benchmarkLargeIngestion(
  children: Children,
  workDirectory: string,
  archives: Archives,
  documents: number,
): Promise<CorpusRun> {
  const corpusDirectory = join(workDirectory, 'large');
  log(`writing ${documents.toLocaleString('en-US')} documents, then ingesting them`);
  writeCorpus(corpusDirectory, documents);
  const databaseUrl = await archives.create('large');
  try {
    const reportFile = join(workDirectory, 'large.time');
    return await measureIngestion(children, corpusDirectory, documents, databaseUrl, reportFile);
  } finally {
    // Only its memory matters; its files would otherwise sit on disk for the rest of the run.
    rmSync(corpusDirectory, { recursive: true, force: true });
    await archives.remove(databaseUrl);
  }
}

async function benchmarkIngestion(
  children: Children,
  workDirectory: string,
  archives: Archives,
  options: BenchOptions,
): Promise<{ results: IngestionResults; databaseUrl: string }> {
  const corpusDirectory = join(workDirectory, 'corpus');
  log(`writing ${options.documents.toLocaleString('en-US')} documents, then ingesting them`);
  writeCorpus(corpusDirectory, options.documents);
  const databaseUrl = await archives.create('main');
  const reportFile = join(workDirectory, 'main.time');
  const corpus = await measureIngestion(children, corpusDirectory, options.documents, databaseUrl, reportFile);
  log('parsing the same documents without a database');
  const parseOnly = await measureParseOnly(children, corpusDirectory, options.documents);
  const large: CorpusRun | null =
    options.largeDocuments === null
      ? null
      : await benchmarkLargeIngestion(children, workDirectory, archives, options.largeDocuments);
  return { results: { corpus, parseOnly, large }, databaseUrl };
}

interface Servers {
  api: RunningServer;
  /**
   * The random rows' API: with a response cache, answers to slugs or cursors asked for before would skip
   * the execution that those rows compare with B1's (nearly all of the ~50 author pages would).
   */
  uncachedApi: RunningServer;
  staticBaseline: RunningServer;
  /** B1, written for the run's database. */
  databaseBaseline: RunningServer;
}

function loadSpecs(servers: Servers, list: ArticleList, authorSlugs: string[]) {
  const { api, uncachedApi, staticBaseline, databaseBaseline } = servers;
  const cursors = list.cursors.map((after) => ({ after }));
  const slugs = list.slugs.map((slug) => ({ slug }));
  const authors = authorSlugs.map((slug) => ({ slug }));
  const specs: Record<LoadName, Omit<LoadSpec, 'durationSeconds'>> = {
    q0: { url: api.url, connections: manyConnections, query: typenameQuery },
    q1Repeated: { url: api.url, connections: manyConnections, query: homePageQuery },
    b0Repeated: { url: staticBaseline.url, connections: manyConnections, query: homePageQuery },
    q1Paged: { url: uncachedApi.url, connections: fewConnections, query: homePageQuery, variableSets: cursors },
    b1Paged: { url: databaseBaseline.url, connections: fewConnections, query: homePageQuery, variableSets: cursors },
    q2: { url: uncachedApi.url, connections: fewConnections, query: articlePageQuery, variableSets: slugs },
    b1Article: { url: databaseBaseline.url, connections: fewConnections, query: articlePageQuery, variableSets: slugs },
    authorPage: { url: uncachedApi.url, connections: fewConnections, query: authorPageQuery, variableSets: authors },
    b1Author: { url: databaseBaseline.url, connections: fewConnections, query: authorPageQuery, variableSets: authors },
    b0Paged: { url: staticBaseline.url, connections: fewConnections, query: homePageQuery },
    q3: { url: uncachedApi.url, connections: fewConnections, query: searchQuery, variableSets: searchVariables },
  };
  return specs;
}

async function runLoads(
  children: Children,
  pinning: Pinning,
  workDirectory: string,
  provider: Provider,
  specs: Record<LoadName, Omit<LoadSpec, 'durationSeconds'>>,
  plan: LoadPlan,
): Promise<Record<LoadName, LoadMeasurement>> {
  const measured: [LoadName, LoadMeasurement][] = [];
  const labels = loadLabels(provider);
  for (const name of loadNames) {
    log(`load: ${labels[name]}, ${specs[name].connections} connections`);
    measured.push([name, await measureLoad(children, pinning, workDirectory, specs[name], plan)]);
  }
  return Object.fromEntries(measured) as Record<LoadName, LoadMeasurement>;
}

/**
 * Another API instance, with statement counting on, so that counting never slows the timed ones; without
 * the response cache, so that a sample asked for before (such as the `{ __typename }` of the start-up poll)
 * is executed and counted rather than answered with 0.
 */
async function countSqlStatements(children: Children, pinning: Pinning, databaseUrl: string, samples: SampleRequests) {
  log('counting SQL statements per request');
  const settings = { sqlStatementStats: true, responseCache: false };
  const server = await startGraphqlServer(children, pinning, databaseUrl, settings);
  try {
    return await measureSqlStatements(server.url, samples);
  } finally {
    await children.stop(server.child);
  }
}

/** B1 for the run's database. */
function startDatabaseBaseline(
  children: Children,
  pinning: Pinning,
  provider: Provider,
  databaseUrl: string,
  keyOrderFile: string,
): Promise<RunningServer> {
  return provider === 'sqlite'
    ? startSqliteBaseline(children, pinning, sqliteFileOf(databaseUrl), keyOrderFile)
    : startPostgresBaseline(children, pinning, databaseUrl, keyOrderFile);
}

async function benchmarkQueries(
  children: Children,
  pinning: Pinning,
  workDirectory: string,
  provider: Provider,
  databaseUrl: string,
  plan: LoadPlan,
): Promise<QueryResults> {
  log('starting the API with and without the response cache, and walking the article and author lists');
  // One after the other: each brings the schema of the same database up to date as it starts.
  const api = await startGraphqlServer(children, pinning, databaseUrl, {
    sqlStatementStats: false,
    responseCache: true,
  });
  const uncachedApi = await startGraphqlServer(children, pinning, databaseUrl, {
    sqlStatementStats: false,
    responseCache: false,
  });
  // Through the cached instance, so that its cache holds the walk's pages when its RSS is read: the
  // repeated rows alone would leave it nearly empty.
  const list = await walkArticleList(api.url);
  const authorSlugs = await walkAuthorSlugs(api.url);
  const bodyFile = join(workDirectory, 'home-page.json');
  writeFileSync(bodyFile, list.firstPageBody);
  const keyOrderFile = join(workDirectory, 'key-order.json');
  writeFileSync(keyOrderFile, JSON.stringify(await learnApiKeyOrder(uncachedApi.url, list, authorSlugs)));
  const [staticBaseline, databaseBaseline] = await Promise.all([
    startStaticBaseline(children, pinning, bodyFile),
    startDatabaseBaseline(children, pinning, provider, databaseUrl, keyOrderFile),
  ]);
  const samples = sampleRequests(list, authorSlugs, samplesPerKind);
  // Against the instance of the random rows, the ones compared with B1.
  const verifiedSamples = await verifyBaselineMatches(uncachedApi.url, databaseBaseline.url, samples);
  log(
    `B1 matches the API byte for byte on ${verifiedSamples} sample requests (${samples.authors.length} author pages)`,
  );

  const servers = { api, uncachedApi, staticBaseline, databaseBaseline };
  const specs = loadSpecs(servers, list, authorSlugs);
  const loads = await runLoads(children, pinning, workDirectory, provider, specs, plan);
  const serverRssMb = { cached: residentMemoryMb(api.child), uncached: residentMemoryMb(uncachedApi.child) };
  await Promise.all(Object.values(servers).map((server) => children.stop(server.child)));

  const sqlStatements = await countSqlStatements(children, pinning, databaseUrl, samples);
  return { loads, sqlStatements, serverRssMb, verifiedSamples, authors: authorSlugs.length };
}

/**
 * What a run must undo however it ends (its databases, PostgreSQL's pinning, its files): run last
 * first, each step once, by `main` when the run ends and by the signal handlers when it is interrupted.
 */
class CleanUp {
  #steps: (() => Promise<void> | void)[] = [];
  #running: Promise<void> | undefined;

  add(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  /**
   * One run for every caller: an interrupted run's `finally` and its signal handler both wait for all
   * of it (the handler exits the process when it returns). Every step runs even when one fails: a
   * failed drop must not leave PostgreSQL pinned.
   */
  run(): Promise<void> {
    this.#running ??= (async () => {
      for (let step = this.#steps.pop(); step !== undefined; step = this.#steps.pop()) {
        try {
          await step();
        } catch (error) {
          log(`clean-up failed: ${describeError(error)}`);
        }
      }
    })();
    return this.#running;
  }
}

/** A fifth of the corpus, in whole batches: enough for a steady rate, short beside the query rows. */
function cmsDocuments(options: BenchOptions): number {
  return Math.max(writeBatchSize, Math.round(options.documents / 5 / writeBatchSize) * writeBatchSize);
}

/** The CMS rows, in an archive of their own so that the query rows' data stays as ingested. */
async function benchmarkCms(
  children: Children,
  machine: Machine,
  workDirectory: string,
  archives: Archives,
  options: BenchOptions,
): Promise<CmsResults> {
  const documents = cmsDocuments(options);
  log(`CMS: ${documents.toLocaleString('en-US')} documents through ingestDocuments, then commit-to-SSE delays`);
  const databaseUrl = await archives.create('cms');
  try {
    return await measureCms(children, machine.pinning, workDirectory, databaseUrl, documents);
  } finally {
    await archives.remove(databaseUrl);
  }
}

/** The query rows, on PostgreSQL with its processes pinned to the API's core while they run. */
async function benchmarkQueriesOn(
  children: Children,
  machine: Machine,
  workDirectory: string,
  provider: Provider,
  databaseUrl: string,
  options: BenchOptions,
  cleanUp: CleanUp,
): Promise<{ queries: QueryResults; postgresPinning: PostgresPinning | null }> {
  let postgresPinning: PostgresPinning | null = null;
  if (provider === 'postgres') {
    const pinning = await pinPostgres(databaseUrl, machine.pinning.serverCpuList);
    postgresPinning = pinning;
    cleanUp.add(() => pinning.restore());
    log(pinning.note);
  }
  try {
    const queries = await benchmarkQueries(children, machine.pinning, workDirectory, provider, databaseUrl, options);
    return { queries, postgresPinning };
  } finally {
    postgresPinning?.restore();
  }
}

async function benchmark(
  children: Children,
  workDirectory: string,
  options: BenchOptions,
  cleanUp: CleanUp,
): Promise<BenchResults> {
  const machine = describeMachine();
  log(`${machineLine(machine)}; load average ${machine.loadAverageAtStart.toFixed(2)} at start`);
  const archives = await openArchives(options.provider, workDirectory);
  cleanUp.add(() => archives.removeAll());
  const ingestion = await benchmarkIngestion(children, workDirectory, archives, options);
  const { queries, postgresPinning } = await benchmarkQueriesOn(
    children,
    machine,
    workDirectory,
    options.provider,
    ingestion.databaseUrl,
    options,
    cleanUp,
  );
  const cms = await benchmarkCms(children, machine, workDirectory, archives, options);
  const { documents, largeDocuments, warmupSeconds, durationSeconds, runs } = options;
  return {
    provider: options.provider,
    postgresPinning: postgresPinning && { pinned: postgresPinning.pinned, note: postgresPinning.note },
    machine,
    settings: { documents, largeDocuments, warmupSeconds, durationSeconds, runs },
    ingestion: ingestion.results,
    queries,
    cms,
    loadAverageAtEnd: oneMinuteLoadAverage(),
  };
}

function publish(results: BenchResults, options: BenchOptions): void {
  const targets = evaluateTargets(results);
  const warnings = runWarnings(results);
  if (options.json) process.stdout.write(`${JSON.stringify({ ...results, targets, warnings }, null, 2)}\n`);
  else process.stdout.write(formatText(results, targets));
  // A smoke run's numbers would overwrite a real run's.
  if (options.quick) return;
  writeBenchmarksFile(join(projectRoot, 'BENCHMARKS.md'), formatMarkdown(results, targets), options.provider);
  log('updated BENCHMARKS.md');
}

function commandLineOptions(): BenchOptions | number {
  try {
    const options = readOptions(process.argv.slice(2));
    if (options !== null) return options;
    process.stdout.write(`${usage}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${usage}\n`);
    return 2;
  }
}

/** try/finally does not run when the harness is interrupted: stop the children and clean up from the handler too. */
function cleanUpOnSignals(children: Children, cleanUp: CleanUp): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping every child process`);
      void children
        .stopAll()
        .then(() => cleanUp.run())
        .finally(() => process.exit(130));
    });
  }
}

/** With its cause: fetch's own message is only "fetch failed", the reason (ECONNREFUSED…) is in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}: ${describeError(error.cause)}`;
}

async function main(): Promise<number> {
  const options = commandLineOptions();
  if (typeof options === 'number') return options;
  const children = new Children();
  const workDirectory = mkdtempSync(join(tmpdir(), 'news-archive-bench-'));
  const cleanUp = new CleanUp();
  cleanUp.add(() => rmSync(workDirectory, { recursive: true, force: true }));
  cleanUpOnSignals(children, cleanUp);
  try {
    publish(await benchmark(children, workDirectory, options, cleanUp), options);
    return 0;
  } finally {
    // The servers first: they hold connections to the databases that are dropped next.
    await children.stopAll();
    await cleanUp.run();
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
