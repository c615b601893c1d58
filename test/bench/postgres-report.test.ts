import { describe, expect, it } from 'vitest';
import { formatMarkdown, formatText } from '../../bench/lib/report.ts';
import {
  evaluateTargets,
  generatorCapCores,
  postgresLongTailMinimum,
  type TargetCheck,
  type Verdict,
} from '../../bench/lib/targets.ts';
import { benchResults, load, type ResultsOverrides } from './fixtures.ts';

const pinned = { pinned: true, note: 'PostgreSQL pinned to the same core (test)' };

/** A PostgreSQL run where every target is met: B1 answers 1,000 req/s, the API 600. */
function postgresResults(overrides: ResultsOverrides = {}) {
  return benchResults({
    provider: 'postgres',
    postgresPinning: pinned,
    ...overrides,
    loads: { q1Paged: load({ requestsPerSecond: 600 }), ...overrides.loads },
  });
}

const targets = {
  sharedCore:
    'Q1 long-tail (paged, random after) on PostgreSQL ≥ 0.5 × B1 PostgreSQL, server and PostgreSQL on one core',
  rate: "Q1 long-tail ≥ 572 req/s on PostgreSQL (1.5 × PostGraphile 5.1.5's 381 req/s)",
  sqlStatements: 'SQL statements per Q1 request ≤ 4 on PostgreSQL',
};

function checkOf(target: string, overrides: ResultsOverrides): TargetCheck {
  const check = evaluateTargets(postgresResults(overrides)).find((candidate) => candidate.target === target);
  if (check === undefined) throw new Error(`no check for "${target}"`);
  return check;
}

describe('the PostgreSQL targets', () => {
  it("are issue 9's three, in order, then issue 10's, all met by a good run", () => {
    expect(evaluateTargets(postgresResults())).toEqual([
      { target: targets.sharedCore, measured: '0.60 × B1', verdict: 'met' },
      { target: targets.rate, measured: '600 req/s', verdict: 'met' },
      {
        target: targets.sqlStatements,
        measured: 'first 1: 3, first 20: 3, first 100: 3; with after: 3',
        verdict: 'met',
      },
      {
        target: 'Commit → SSE delivery ≤ 1 s, API writes and a CLI ingest in another process',
        measured: 'max 45 ms (API), 70 ms (CLI)',
        verdict: 'met',
      },
    ] satisfies TargetCheck[]);
  });

  it('ask for 1.5 × PostGraphile, rounded up', () => {
    expect(postgresLongTailMinimum).toBe(572);
  });

  it('meet the ratio at exactly 0.5 × B1, not below', () => {
    expect(checkOf(targets.sharedCore, { loads: { q1Paged: load({ requestsPerSecond: 500 }) } }).verdict).toBe('met');
    expect(checkOf(targets.sharedCore, { loads: { q1Paged: load({ requestsPerSecond: 499 }) } }).verdict).toBe(
      'not met',
    );
  });

  it('leave the ratio inconclusive when PostgreSQL could not share the server core', () => {
    const postgresPinning = { pinned: false, note: 'PostgreSQL unpinned: test' };
    expect(checkOf(targets.sharedCore, { postgresPinning })).toEqual({
      target: targets.sharedCore,
      measured: '0.60 × B1, PostgreSQL not pinned',
      verdict: 'inconclusive',
    });
  });

  it.each<[string, Parameters<typeof load>[0], string, Verdict]>([
    ['at the minimum', { requestsPerSecond: 572 }, '572 req/s', 'met'],
    ['just below it', { requestsPerSecond: 571.9 }, '572 req/s', 'not met'],
    [
      'above it but capped by the load generator: a lower bound that meets it',
      { requestsPerSecond: 600, loadGeneratorCores: generatorCapCores },
      '600 req/s, capped by the load generator',
      'met',
    ],
    [
      'below it and capped by the load generator',
      { requestsPerSecond: 500, loadGeneratorCores: generatorCapCores },
      '500 req/s, capped by the load generator',
      'inconclusive',
    ],
    [
      'below it with cache hits: an upper bound that misses it',
      { requestsPerSecond: 500, responses: 10_000, responseCacheHits: 100 },
      '500 req/s, 1 % from the response cache',
      'not met',
    ],
    [
      'above it with cache hits',
      { requestsPerSecond: 600, responses: 10_000, responseCacheHits: 100 },
      '600 req/s, 1 % from the response cache',
      'inconclusive',
    ],
    [
      'above it with failed responses',
      { requestsPerSecond: 600, non2xx: 3 },
      '600 req/s, 3 failed responses',
      'not met',
    ],
  ])('judge the long-tail rate %s', (_, summary, measured, verdict) => {
    expect(checkOf(targets.rate, { loads: { q1Paged: load(summary) } })).toEqual({
      target: targets.rate,
      measured,
      verdict,
    });
  });

  it('count the data statements of every Q1 request, a page after a cursor included', () => {
    const four = { homePageBySize: [{ first: 20, statements: 4 }], pagedHomePage: { min: 1, max: 4 } };
    expect(checkOf(targets.sqlStatements, { sqlStatements: four })).toEqual({
      target: targets.sqlStatements,
      measured: 'first 20: 4; with after: 1–4',
      verdict: 'met',
    });
    const fiveAfter = { pagedHomePage: { min: 3, max: 5 } };
    expect(checkOf(targets.sqlStatements, { sqlStatements: fiveAfter }).verdict).toBe('not met');
  });
});

describe('the PostgreSQL report', () => {
  const markdown = () => {
    const results = postgresResults();
    return formatMarkdown(results, evaluateTargets(results));
  };

  it('is its own section, saying how to reproduce it', () => {
    expect(markdown().startsWith('## PostgreSQL\n\nReproduce with `npm run bench -- --provider postgres`')).toBe(true);
  });

  it('names B1 PostgreSQL in its rows', () => {
    expect(markdown()).toContain(
      '| Q1 home page, random after | 8 | 600 | 2 ms | 10 ms | 0 | 50 % | 0 % | 3 | 0.60 × B1 |\n| B1 PostgreSQL, random after | 8 | 1,000 |',
    );
  });

  it("gives PostgreSQL's pinning next to the server's", () => {
    expect(markdown()).toContain('- Pinning: unpinned: test; PostgreSQL pinned to the same core (test)\n');
    expect(formatText(postgresResults(), []).split('\n')[1]).toBe(pinned.note);
  });

  it('says that BEGIN and COMMIT are not counted, and how B1 reads', () => {
    const text = markdown();
    expect(text).toContain(
      'each executed request also sends BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY and COMMIT around them for its snapshot, not counted); of the home page query by page size: first 1: 3',
    );
    expect(text).toContain('one named prepared statement per request in autocommit');
    expect(text).toContain('PostGraphile 5.1.5 served the same long-tail home page at 381 req/s');
  });

  it('leaves the SQLite report as it was', () => {
    const results = benchResults();
    const text = formatMarkdown(results, evaluateTargets(results));
    expect(text.startsWith('## Results\n')).toBe(true);
    expect(text).toContain('| B1 SQLite, random after |');
    expect(text).not.toContain('PostgreSQL');
  });
});
