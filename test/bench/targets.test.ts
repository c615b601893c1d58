import { describe, expect, it } from 'vitest';
import {
  evaluateTargets,
  failedResponses,
  generatorCapCores,
  type TargetCheck,
  throughputRatio,
  type Verdict,
} from '../../bench/lib/targets.ts';
import { benchResults, corpusRun, load, type ResultsOverrides } from './fixtures.ts';

const targets = {
  ingestionRate: 'Ingestion ≥ 1,000 documents/s end to end',
  ingestionShare: 'Ingestion ≥ 50 % of parse-only throughput',
  ingestionRss: 'Ingestion peak RSS independent of corpus size (within 25 %)',
  q1Paged: 'Q1 paged ≥ 0.35 × B1 with p99 < 25 ms (8 connections)',
  q2: 'Q2 ≥ 0.3 × B1',
  q1Repeated: 'Repeated Q1 ≥ 0.5 × B0',
  sqlStatements: 'SQL statements per request ≤ 6 for Q1, constant in page size',
  serverRss: 'Server RSS < 250 MB',
};

function checkOf(target: string, overrides: ResultsOverrides): TargetCheck {
  const check = evaluateTargets(benchResults(overrides)).find((candidate) => candidate.target === target);
  if (check === undefined) throw new Error(`no check for "${target}"`);
  return check;
}

const capped = generatorCapCores;
const uncapped = 0.5;

describe('evaluateTargets', () => {
  it('checks every target in the order of the report, all met by a good run', () => {
    expect(evaluateTargets(benchResults())).toEqual([
      { target: targets.ingestionRate, measured: '2000 documents/s', verdict: 'met' },
      { target: targets.ingestionShare, measured: '80 %', verdict: 'met' },
      {
        target: targets.ingestionRss,
        measured: '100 MB at 10,000 documents, 110 MB at 50,000 (+10 %)',
        verdict: 'met',
      },
      { target: targets.q1Paged, measured: '0.50 × B1, p99 10 ms', verdict: 'met' },
      { target: targets.q2, measured: '0.40 × B1', verdict: 'met' },
      { target: targets.q1Repeated, measured: '0.75 × B0', verdict: 'met' },
      {
        target: targets.sqlStatements,
        measured: 'first 1: 3, first 20: 3, first 100: 3; with after: 3',
        verdict: 'met',
      },
      { target: targets.serverRss, measured: '120 MB', verdict: 'met' },
    ] satisfies TargetCheck[]);
  });
});

describe('a ratio target when the load generator caps a row', () => {
  const apiRow = 'API row capped by the load generator';
  const baselineRow = 'B1 row capped by the load generator';

  // Q2 needs 0.3 × B1; B1 answers 1,000 requests/s, so Q2's rate over 1,000 is the ratio.
  it.each<[string, number, number, number, string, Verdict]>([
    ['neither row capped, ratio above', uncapped, uncapped, 400, '0.40 × B1', 'met'],
    ['neither row capped, ratio below', uncapped, uncapped, 200, '0.20 × B1', 'not met'],
    [
      'the API row capped, ratio above: a lower bound that meets it',
      capped,
      uncapped,
      400,
      `0.40 × B1, ${apiRow}`,
      'met',
    ],
    ['the API row capped, ratio below', capped, uncapped, 200, `0.20 × B1, ${apiRow}`, 'inconclusive'],
    [
      'the baseline capped, ratio below: an upper bound that misses it',
      uncapped,
      capped,
      200,
      `0.20 × B1, ${baselineRow}`,
      'not met',
    ],
    ['the baseline capped, ratio above', uncapped, capped, 400, `0.40 × B1, ${baselineRow}`, 'inconclusive'],
    ['both rows capped, ratio above', capped, capped, 400, `0.40 × B1, ${apiRow}, ${baselineRow}`, 'inconclusive'],
    ['both rows capped, ratio below', capped, capped, 200, `0.20 × B1, ${apiRow}, ${baselineRow}`, 'inconclusive'],
  ])('%s', (_, apiCores, baselineCores, apiRate, measured, verdict) => {
    const loads = {
      q2: load({ requestsPerSecond: apiRate, loadGeneratorCores: apiCores }),
      b1Article: load({ requestsPerSecond: 1000, loadGeneratorCores: baselineCores }),
    };
    expect(checkOf(targets.q2, { loads })).toEqual({ target: targets.q2, measured, verdict });
  });

  it('meets the target at exactly the minimum ratio', () => {
    const loads = { q2: load({ requestsPerSecond: 300 }), b1Article: load({ requestsPerSecond: 1000 }) };
    expect(checkOf(targets.q2, { loads }).verdict).toBe('met');
  });

  it('counts a row as capped from exactly the cap on', () => {
    const loads = {
      q2: load({ requestsPerSecond: 200, loadGeneratorCores: generatorCapCores }),
      b1Article: load({ requestsPerSecond: 1000, loadGeneratorCores: generatorCapCores - 0.01 }),
    };
    expect(checkOf(targets.q2, { loads })).toEqual({
      target: targets.q2,
      measured: '0.20 × B1, API row capped by the load generator',
      verdict: 'inconclusive',
    });
  });

  it('names the baseline the row is compared with', () => {
    const loads = { b0Repeated: load({ requestsPerSecond: 4000, loadGeneratorCores: capped }) };
    expect(checkOf(targets.q1Repeated, { loads })).toEqual({
      target: targets.q1Repeated,
      measured: '0.75 × B0, B0 row capped by the load generator',
      verdict: 'inconclusive',
    });
  });
});

describe('the p99 limit of Q1 paged', () => {
  it('is met below the limit', () => {
    const loads = { q1Paged: load({ requestsPerSecond: 500, latencyP99Ms: 24 }) };
    expect(checkOf(targets.q1Paged, { loads })).toEqual({
      target: targets.q1Paged,
      measured: '0.50 × B1, p99 24 ms',
      verdict: 'met',
    });
  });

  it('is not met at the limit, however good the ratio', () => {
    const loads = { q1Paged: load({ requestsPerSecond: 900, latencyP99Ms: 25 }) };
    expect(checkOf(targets.q1Paged, { loads })).toEqual({
      target: targets.q1Paged,
      measured: '0.90 × B1, p99 25 ms',
      verdict: 'not met',
    });
  });

  it('fails the target even where capped rows would leave the ratio inconclusive', () => {
    const loads = {
      q1Paged: load({ requestsPerSecond: 500, latencyP99Ms: 40, loadGeneratorCores: capped }),
      b1Paged: load({ requestsPerSecond: 1000, loadGeneratorCores: capped }),
    };
    expect(checkOf(targets.q1Paged, { loads }).verdict).toBe('not met');
  });
});

describe('failed responses', () => {
  it('are the sum of non-2xx answers, connection errors and GraphQL errors', () => {
    expect(failedResponses(load({ non2xx: 1, errors: 2, graphqlErrors: 4 }))).toBe(7);
  });

  it('invalidate a ratio that would be met, counting both rows', () => {
    const loads = {
      q2: load({ requestsPerSecond: 400, non2xx: 3, graphqlErrors: 1 }),
      b1Article: load({ requestsPerSecond: 1000, errors: 2 }),
    };
    expect(checkOf(targets.q2, { loads })).toEqual({
      target: targets.q2,
      measured: '0.40 × B1, 6 failed responses',
      verdict: 'not met',
    });
  });

  it('of the baseline alone invalidate the ratio', () => {
    const loads = { b1Article: load({ requestsPerSecond: 1000, non2xx: 1 }) };
    expect(checkOf(targets.q2, { loads }).verdict).toBe('not met');
  });

  it('fail the target even where capped rows would leave it inconclusive', () => {
    const loads = {
      q2: load({ requestsPerSecond: 200, loadGeneratorCores: capped, graphqlErrors: 1 }),
      b1Article: load({ requestsPerSecond: 1000, loadGeneratorCores: capped }),
    };
    expect(checkOf(targets.q2, { loads })).toEqual({
      target: targets.q2,
      measured:
        '0.20 × B1, 1 failed responses, API row capped by the load generator, B1 row capped by the load generator',
      verdict: 'not met',
    });
  });
});

describe('throughputRatio', () => {
  it('divides the median rates', () => {
    expect(throughputRatio(load({ requestsPerSecond: 250 }), load({ requestsPerSecond: 1000 }))).toBe(0.25);
  });
});

describe('ingestion targets', () => {
  it('judge the rate unrounded: 999.6 documents/s shows as 1000 but misses 1,000', () => {
    const ingestion = { corpus: corpusRun({ documentsPerSecond: 999.6 }) };
    expect(checkOf(targets.ingestionRate, { ingestion })).toEqual({
      target: targets.ingestionRate,
      measured: '1000 documents/s',
      verdict: 'not met',
    });
  });

  it('meet the rate at exactly 1,000 documents/s', () => {
    const ingestion = { corpus: corpusRun({ documentsPerSecond: 1000 }) };
    expect(checkOf(targets.ingestionRate, { ingestion }).verdict).toBe('met');
  });

  it.each<[number, string, Verdict]>([
    [2000, '50 %', 'met'],
    [2001, '50 %', 'not met'],
    [4000, '25 %', 'not met'],
  ])('compare with parse-only throughput: 1,000 against %d documents/s', (parseRate, measured, verdict) => {
    const ingestion = {
      corpus: corpusRun({ documentsPerSecond: 1000 }),
      parseOnly: corpusRun({ documentsPerSecond: parseRate }),
    };
    expect(checkOf(targets.ingestionShare, { ingestion })).toEqual({
      target: targets.ingestionShare,
      measured,
      verdict,
    });
  });
});

describe('ingestion peak RSS growth', () => {
  it('is not measured when the larger corpus was skipped', () => {
    expect(checkOf(targets.ingestionRss, { ingestion: { large: null } })).toEqual({
      target: targets.ingestionRss,
      measured: 'skipped (--skip-50k)',
      verdict: 'not measured',
    });
  });

  it.each<[number, string, Verdict]>([
    [125, '125 MB at 50,000 (+25 %)', 'met'],
    [126, '126 MB at 50,000 (+26 %)', 'not met'],
    [90, '90 MB at 50,000 (-10 %)', 'met'],
  ])('of 100 MB to %d MB', (largePeak, measuredLarge, verdict) => {
    const ingestion = {
      corpus: corpusRun({ documents: 10_000, peakRssMb: 100 }),
      large: corpusRun({ documents: 50_000, peakRssMb: largePeak }),
    };
    expect(checkOf(targets.ingestionRss, { ingestion })).toEqual({
      target: targets.ingestionRss,
      measured: `100 MB at 10,000 documents, ${measuredLarge}`,
      verdict,
    });
  });
});

describe('the SQL statement target', () => {
  it('is met at 6 statements everywhere', () => {
    const sqlStatements = {
      homePageBySize: [
        { first: 1, statements: 6 },
        { first: 20, statements: 6 },
      ],
      pagedHomePage: { min: 6, max: 6 },
    };
    expect(checkOf(targets.sqlStatements, { sqlStatements })).toEqual({
      target: targets.sqlStatements,
      measured: 'first 1: 6, first 20: 6; with after: 6',
      verdict: 'met',
    });
  });

  it('is not met when the count depends on the page size', () => {
    const sqlStatements = {
      homePageBySize: [
        { first: 1, statements: 3 },
        { first: 100, statements: 4 },
      ],
    };
    expect(checkOf(targets.sqlStatements, { sqlStatements })).toEqual({
      target: targets.sqlStatements,
      measured: 'first 1: 3, first 100: 4; with after: 3',
      verdict: 'not met',
    });
  });

  it('is not met when a page after a cursor needs more than 6', () => {
    const sqlStatements = { pagedHomePage: { min: 3, max: 7 } };
    expect(checkOf(targets.sqlStatements, { sqlStatements }).verdict).toBe('not met');
  });
});

describe('the server RSS target', () => {
  it.each<[number, string, Verdict]>([
    [249.6, '250 MB', 'met'],
    [250, '250 MB', 'not met'],
  ])('at %d MB', (serverRssMb, measured, verdict) => {
    expect(checkOf(targets.serverRss, { serverRssMb })).toEqual({ target: targets.serverRss, measured, verdict });
  });
});
