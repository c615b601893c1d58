import type { LoadMeasurement } from './load-runner.ts';
import type { BenchResults, IngestionResults, QueryResults } from './results.ts';

/**
 * "inconclusive" when a ratio is only a bound on the wrong side of the target: the load generator, not the
 * server, capped a row, or the response cache answered part of a row meant to be executed.
 */
export type Verdict = 'met' | 'not met' | 'inconclusive' | 'not measured';

export interface TargetCheck {
  target: string;
  measured: string;
  verdict: Verdict;
}

/**
 * Load generator CPU (in cores) from which a row may measure the generator rather than the server:
 * against a static 10 KB body, autocannon tops out at 0.8–0.95 of a core on this kind of machine.
 */
export const generatorCapCores = 0.8;

/** The most ingestion may hold resident at either corpus size. */
const maxIngestionRssMb = 300;

export function failedResponses({ summary }: LoadMeasurement): number {
  return summary.non2xx + summary.errors + summary.graphqlErrors;
}

function cappedByGenerator({ summary }: LoadMeasurement): boolean {
  return summary.loadGeneratorCores >= generatorCapCores;
}

/** The share of a row's responses that the API's response cache answered; 0 when none was counted. */
export function cacheHitShare({ summary }: LoadMeasurement): number {
  return summary.responses === 0 ? 0 : summary.responseCacheHits / summary.responses;
}

function verdictOf(met: boolean): Verdict {
  return met ? 'met' : 'not met';
}

export function throughputRatio(measured: LoadMeasurement, baseline: LoadMeasurement): number {
  return measured.summary.requestsPerSecond / baseline.summary.requestsPerSecond;
}

interface RatioTarget {
  target: string;
  measured: LoadMeasurement;
  baseline: LoadMeasurement;
  baselineName: string;
  minimum: number;
  maxP99Ms?: number;
  /** The API row is meant to execute every request, as its baseline does: cache hits overstate it. */
  uncached?: boolean;
}

/**
 * A capped row's rate understates its server, and cache hits overstate an API row meant to execute every
 * request: a capped baseline or cache hits make the ratio an upper bound, a capped API row makes it a
 * lower bound; only the bound that decides the target gives a verdict.
 */
function ratioVerdict(ratio: number, minimum: number, lowerBound: boolean, upperBound: boolean): Verdict {
  if (lowerBound && upperBound) return 'inconclusive';
  if (upperBound) return ratio < minimum ? 'not met' : 'inconclusive';
  if (lowerBound) return ratio >= minimum ? 'met' : 'inconclusive';
  return verdictOf(ratio >= minimum);
}

/** Whole percents, except that a share above 0 never shows as 0. */
export function percent(fraction: number): string {
  return fraction > 0 && fraction < 0.01 ? '<1 %' : `${Math.round(fraction * 100)} %`;
}

/** A ratio only counts when neither side had a failed response. */
function ratioCheck(check: RatioTarget): TargetCheck {
  const { target, measured, baseline, baselineName, minimum, maxP99Ms } = check;
  const ratio = throughputRatio(measured, baseline);
  const failed = failedResponses(measured) + failedResponses(baseline);
  const p99 = measured.summary.latencyP99Ms;
  const cacheHits = check.uncached === true ? cacheHitShare(measured) : 0;
  const parts = [`${ratio.toFixed(2)} × ${baselineName}`];
  if (maxP99Ms !== undefined) parts.push(`p99 ${p99} ms`);
  if (failed > 0) parts.push(`${failed} failed responses`);
  if (cacheHits > 0) parts.push(`${percent(cacheHits)} of the API row from the response cache`);
  if (cappedByGenerator(measured)) parts.push('API row capped by the load generator');
  if (cappedByGenerator(baseline)) parts.push(`${baselineName} row capped by the load generator`);
  const tooSlow = maxP99Ms !== undefined && p99 >= maxP99Ms;
  const verdict =
    failed > 0 || tooSlow
      ? 'not met'
      : ratioVerdict(ratio, minimum, cappedByGenerator(measured), cappedByGenerator(baseline) || cacheHits > 0);
  return { target, measured: parts.join(', '), verdict };
}

function signedPercent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${Math.round(fraction * 100)} %`;
}

/**
 * Judged on the memory of both corpus sizes; the growth between them is shown because a bound met at
 * both sizes while growing might not stay met on a larger archive.
 */
function ingestionRssCheck({ corpus, large }: IngestionResults): TargetCheck {
  const target = `Ingestion peak RSS ≤ ${maxIngestionRssMb} MB at both corpus sizes`;
  const atCorpus = `${Math.round(corpus.peakRssMb)} MB at ${corpus.documents.toLocaleString('en-US')} documents`;
  const corpusWithin = corpus.peakRssMb <= maxIngestionRssMb;
  if (large === null) {
    // One size over the bound already decides it.
    const verdict = corpusWithin ? 'not measured' : 'not met';
    return { target, measured: `${atCorpus}; larger corpus skipped (--skip-50k)`, verdict };
  }
  const growth = signedPercent(large.peakRssMb / corpus.peakRssMb - 1);
  return {
    target,
    measured: `${atCorpus}, ${Math.round(large.peakRssMb)} MB at ${large.documents.toLocaleString('en-US')} (${growth})`,
    verdict: verdictOf(corpusWithin && large.peakRssMb <= maxIngestionRssMb),
  };
}

function ingestionChecks({ ingestion }: BenchResults): TargetCheck[] {
  const { corpus, parseOnly } = ingestion;
  const share = corpus.documentsPerSecond / parseOnly.documentsPerSecond;
  return [
    {
      target: 'Ingestion ≥ 1,800 documents/s end to end',
      measured: `${Math.round(corpus.documentsPerSecond)} documents/s`,
      verdict: verdictOf(corpus.documentsPerSecond >= 1800),
    },
    {
      target: 'Ingestion ≥ 55 % of parse-only throughput',
      measured: `${Math.round(share * 100)} %`,
      verdict: verdictOf(share >= 0.55),
    },
    ingestionRssCheck(ingestion),
  ];
}

/** Both API instances count: the one with the cache is configured as deployed, the other ran the random rows. */
function serverRssCheck({ cached, uncached }: QueryResults['serverRssMb']): TargetCheck {
  return {
    target: 'Server RSS < 250 MB',
    measured: `${Math.round(cached)} MB with the response cache, ${Math.round(uncached)} MB without`,
    verdict: verdictOf(Math.max(cached, uncached) < 250),
  };
}

function queryChecks({ queries }: BenchResults): TargetCheck[] {
  const { loads, sqlStatements, serverRssMb } = queries;
  const homePageCounts = sqlStatements.homePageBySize.map(({ statements }) => statements);
  const constant = homePageCounts.every((count) => count === homePageCounts[0]);
  const mostForHomePage = Math.max(...homePageCounts, sqlStatements.pagedHomePage.max);
  const bySize = sqlStatements.homePageBySize.map(({ first, statements }) => `first ${first}: ${statements}`);
  return [
    ratioCheck({
      target: 'Q1 long-tail (paged, random after) ≥ 0.45 × B1 with p99 < 25 ms (8 connections)',
      measured: loads.q1Paged,
      baseline: loads.b1Paged,
      baselineName: 'B1',
      minimum: 0.45,
      maxP99Ms: 25,
      uncached: true,
    }),
    ratioCheck({
      target: 'Article page (Q2) ≥ 0.40 × B1',
      measured: loads.q2,
      baseline: loads.b1Article,
      baselineName: 'B1',
      minimum: 0.4,
      uncached: true,
    }),
    ratioCheck({
      target: 'Author page ≥ 0.40 × its B1',
      measured: loads.authorPage,
      baseline: loads.b1Author,
      baselineName: 'B1',
      minimum: 0.4,
      uncached: true,
    }),
    ratioCheck({
      target: 'Repeated Q1 ≥ 0.5 × B0',
      measured: loads.q1Repeated,
      baseline: loads.b0Repeated,
      baselineName: 'B0',
      minimum: 0.5,
    }),
    {
      target: 'SQL statements per request ≤ 6 for Q1, constant in page size',
      measured: `${bySize.join(', ')}; with after: ${sqlStatements.pagedHomePage.max}`,
      verdict: verdictOf(mostForHomePage <= 6 && constant),
    },
    serverRssCheck(serverRssMb),
    searchLatencyCheck(loads.q3),
  ];
}

/** Issue 11: Q3's p99 at 8 connections on SQLite. */
export const maxSearchP99Ms = 50;

function searchLatencyCheck(q3: LoadMeasurement): TargetCheck {
  const failed = failedResponses(q3);
  const p99 = q3.summary.latencyP99Ms;
  return {
    target: `Q3 search p99 < ${maxSearchP99Ms} ms (8 connections)`,
    measured: `p99 ${p99} ms, ${Math.round(q3.summary.requestsPerSecond).toLocaleString('en-US')} req/s${failed > 0 ? `, ${failed} failed responses` : ''}`,
    verdict: verdictOf(failed === 0 && p99 < maxSearchP99Ms),
  };
}

/**
 * PostGraphile 5.1.5 served the long-tail home page (Q1 paged, 8 connections) at this rate on this
 * kind of machine, with one statement per request: issue 9 aims for 1.5 times it on PostgreSQL.
 */
export const postGraphileLongTailRate = 381;
export const postgresLongTailMinimum = Math.ceil(1.5 * postGraphileLongTailRate);

/** Data statements: each executed request also sends BEGIN and COMMIT for its snapshot, not counted. */
const maxPostgresHomePageStatements = 4;

/**
 * An absolute rate: a row capped by the load generator is a lower bound of the server's rate, cache
 * hits make it an upper bound of the executed one; a bound only decides on its own side.
 */
function rateCheck(target: string, measured: LoadMeasurement, minimum: number): TargetCheck {
  const rate = measured.summary.requestsPerSecond;
  const failed = failedResponses(measured);
  const cacheHits = cacheHitShare(measured);
  const parts = [`${Math.round(rate).toLocaleString('en-US')} req/s`];
  if (failed > 0) parts.push(`${failed} failed responses`);
  if (cacheHits > 0) parts.push(`${percent(cacheHits)} from the response cache`);
  if (cappedByGenerator(measured)) parts.push('capped by the load generator');
  const verdict = failed > 0 ? 'not met' : ratioVerdict(rate, minimum, cappedByGenerator(measured), cacheHits > 0);
  return { target, measured: parts.join(', '), verdict };
}

/** Issue 9's targets; the rows run with PostgreSQL pinned to the API's core, as SQLite is in its process. */
function postgresQueryChecks({ queries, postgresPinning }: BenchResults): TargetCheck[] {
  const { loads, sqlStatements } = queries;
  const sharedCore = ratioCheck({
    target: 'Q1 long-tail (paged, random after) on PostgreSQL ≥ 0.5 × B1 PostgreSQL, server and PostgreSQL on one core',
    measured: loads.q1Paged,
    baseline: loads.b1Paged,
    baselineName: 'B1',
    minimum: 0.5,
    uncached: true,
  });
  const onOneCore = postgresPinning?.pinned === true;
  const homePageCounts = [
    ...sqlStatements.homePageBySize.map(({ statements }) => statements),
    sqlStatements.pagedHomePage.max,
  ];
  const bySize = sqlStatements.homePageBySize.map(({ first, statements }) => `first ${first}: ${statements}`);
  const { min, max } = sqlStatements.pagedHomePage;
  return [
    onOneCore
      ? sharedCore
      : { ...sharedCore, measured: `${sharedCore.measured}, PostgreSQL not pinned`, verdict: 'inconclusive' },
    rateCheck(
      `Q1 long-tail ≥ ${postgresLongTailMinimum} req/s on PostgreSQL (1.5 × PostGraphile 5.1.5's ${postGraphileLongTailRate} req/s)`,
      loads.q1Paged,
      postgresLongTailMinimum,
    ),
    {
      target: `SQL statements per Q1 request ≤ ${maxPostgresHomePageStatements} on PostgreSQL`,
      measured: `${bySize.join(', ')}; with after: ${min === max ? min : `${min}–${max}`}`,
      verdict: verdictOf(Math.max(...homePageCounts) <= maxPostgresHomePageStatements),
    },
  ];
}

/** Issue 10: a subscriber sees every change, including another process's, within one second. */
export const maxSseDelayMs = 1_000;

function cmsChecks({ cms }: BenchResults): TargetCheck[] {
  const { apiWrites, cliIngest } = cms.delay;
  const worst = Math.max(apiWrites.maxMs, cliIngest.maxMs);
  return [
    {
      target: `Commit → SSE delivery ≤ ${maxSseDelayMs / 1000} s, API writes and a CLI ingest in another process`,
      measured: `max ${apiWrites.maxMs} ms (API), ${cliIngest.maxMs} ms (CLI)`,
      verdict: verdictOf(worst <= maxSseDelayMs),
    },
  ];
}

export function evaluateTargets(results: BenchResults): TargetCheck[] {
  if (results.provider === 'postgres') return [...postgresQueryChecks(results), ...cmsChecks(results)];
  return [...ingestionChecks(results), ...queryChecks(results), ...cmsChecks(results)];
}
