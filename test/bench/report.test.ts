import { describe, expect, it } from 'vitest';
import { apiServerScript } from '../../bench/lib/child-scripts.ts';
import { formatMarkdown, formatText, runWarnings } from '../../bench/lib/report.ts';
import { evaluateTargets } from '../../bench/lib/targets.ts';
import { benchResults, load, type ResultsOverrides } from './fixtures.ts';

function markdown(overrides: ResultsOverrides = {}): string {
  const results = benchResults(overrides);
  return formatMarkdown(results, evaluateTargets(results));
}

describe('formatMarkdown', () => {
  it('reports each load row with its failures, generator CPU, cache hits, SQL statements and ratio to its baseline', () => {
    const loads = {
      q1Repeated: load({ requestsPerSecond: 3000, responses: 30_000, responseCacheHits: 29_990 }, 50),
      q2: load({
        requestsPerSecond: 400.4,
        latencyP50Ms: 0,
        latencyP99Ms: 3,
        non2xx: 1,
        graphqlErrors: 2,
        loadGeneratorCores: 0.876,
        responses: 4000,
        responseCacheHits: 3,
      }),
    };
    expect(markdown({ loads })).toContain(
      [
        '| Query | conns | req/s | p50 | p99 | failed | load gen CPU | cache hits | SQL/req | ratio |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Q0 { __typename } | 50 | 5,000 | 2 ms | 10 ms | 0 | 50 % | 0 % | 0 |  |',
        '| Q1 home page, repeated | 50 | 3,000 | 2 ms | 10 ms | 0 | 50 % | 100 % | 3 | 0.75 × B0 |',
        '| B0 static Q1 bytes | 50 | 4,000 | 2 ms | 10 ms | 0 | 50 % | — | — |  |',
        '| Q1 home page, random after | 8 | 500 | 2 ms | 10 ms | 0 | 50 % | 0 % | 3 | 0.50 × B1 |',
        '| B1 SQLite, random after | 8 | 1,000 | 2 ms | 10 ms | 0 | 50 % | — | — |  |',
        '| Q2 article page, random slug | 8 | 400 | <1 ms | 3 ms | 3 | 88 % | <1 % | 5–7 | 0.40 × B1 |',
        '| B1 SQLite, random slug | 8 | 1,000 | 2 ms | 10 ms | 0 | 50 % | — | — |  |',
        '| Author page, random slug | 8 | 1,200 | 2 ms | 10 ms | 0 | 50 % | 0 % | 4 | 0.60 × B1 |',
        '| B1 SQLite, random author slug | 8 | 2,000 | 2 ms | 10 ms | 0 | 50 % | — | — |  |',
        '| B0 static Q1 bytes | 8 | 4,000 | 2 ms | 10 ms | 0 | 50 % | — | — |  |',
        '| Q3 search, random two-term query | 8 | 800 | 2 ms | 30 ms | 0 | 50 % | 0 % | — |  |',
      ].join('\n'),
    );
  });

  it('reports the CMS rows: write throughput beside the CLI, and commit-to-SSE delays', () => {
    expect(markdown()).toContain(
      [
        '### CMS integration',
        '',
        '| CMS integration | documents | docs/s | p50 | p99 | max |',
        '| --- | --- | --- | --- | --- | --- |',
        '| ingestDocuments, batches of 100, 1 connection | 2,000 | 800 |  |  |  |',
        '| (ingest CLI, end to end, for comparison) | 10,000 | 2,000 |  |  |  |',
        '| commit → SSE delivery, single API writes | 40 |  | 12 ms | 40 ms | 45 ms |',
        '| commit → SSE delivery, ingest CLI in another process | 40 |  | 30 ms | 70 ms | 70 ms |',
      ].join('\n'),
    );
  });

  it('shows no cache hit share for an API row without responses', () => {
    expect(markdown({ loads: { q0: load({ requestsPerSecond: 0, responses: 0 }, 50) } })).toContain(
      '| Q0 { __typename } | 50 | 0 | 2 ms | 10 ms | 0 | 50 % | 0 % | 0 |  |',
    );
  });

  it('marks the repeated home page SQL count unknown when the default page size was not counted', () => {
    const sqlStatements = { homePageBySize: [{ first: 1, statements: 3 }] };
    expect(markdown({ sqlStatements })).toContain(
      '| Q1 home page, repeated | 50 | 3,000 | 2 ms | 10 ms | 0 | 50 % | 0 % | ? |',
    );
  });

  it('reports the ingestion runs, the larger corpus only when it ran', () => {
    const table = [
      '| Ingestion | documents | docs/s | seconds | peak RSS |',
      '| --- | --- | --- | --- | --- |',
      '| ingest CLI, end to end | 10,000 | 2,000 | 5.0 | 100 MB |',
      '| parse only, no database | 10,000 | 2,500 | 4.0 | 80 MB |',
    ].join('\n');
    expect(markdown()).toContain(`${table}\n| ingest CLI, larger corpus | 50,000 | 2,000 | 25.0 | 110 MB |\n`);
    expect(markdown({ ingestion: { large: null } })).toContain(`${table}\n\n### Queries`);
  });

  it('reports the author page row with its SQL statement range and its ratio to its own B1', () => {
    const loads = {
      authorPage: load({ requestsPerSecond: 350, latencyP99Ms: 30, loadGeneratorCores: 0.2 }),
      b1Author: load({ requestsPerSecond: 1000, loadGeneratorCores: 0.85 }),
    };
    const sqlStatements = { authorPage: { min: 3, max: 4 } };
    const text = markdown({ loads, sqlStatements });
    expect(text).toContain(
      [
        '| Author page, random slug | 8 | 350 | 2 ms | 30 ms | 0 | 20 % | 0 % | 3–4 | 0.35 × B1 |',
        '| B1 SQLite, random author slug | 8 | 1,000 | 2 ms | 10 ms | 0 | 85 % | — | — |  |',
      ].join('\n'),
    );
    expect(text).toContain(
      '| Author page ≥ 0.40 × its B1 | 0.35 × B1, B1 row capped by the load generator | not met |',
    );
  });

  it('lists the targets with their verdicts', () => {
    const loads = { b1Article: load({ requestsPerSecond: 1000, loadGeneratorCores: 0.9 }) };
    expect(markdown({ loads })).toContain(
      '| Article page (Q2) ≥ 0.40 × B1 | 0.45 × B1, B1 row capped by the load generator | inconclusive |',
    );
  });

  it('says how many cursors, slugs and authors the random rows draw from', () => {
    expect(markdown()).toContain(
      'They draw uniformly from all 10,000 cursors or article slugs, or from all 51 author slugs.',
    );
  });

  it('gives the load average at the start and at the end in the machine section', () => {
    expect(markdown({ machine: { loadAverageAtStart: 0.25 }, loadAverageAtEnd: 1.5 })).toContain(
      "- Load average (1 minute): 0.25 when the run began, 1.50 when it ended (the end figure includes the run's own load;",
    );
  });

  it('puts the busy-machine warning just above the targets table', () => {
    const text = markdown({ machine: { cores: 2, loadAverageAtStart: 1.32 } });
    expect(text).toContain(
      '### Targets\n\n**Warning: the 1-minute load average was 1.32 when the run began, above the 2 cores minus one: other work was running, and every number and verdict of this run may reflect it.**\n\n| Target | Measured | Verdict |',
    );
  });

  it('has no warning on a quiet machine', () => {
    expect(markdown()).not.toContain('Warning');
  });
});

describe('both report formats', () => {
  it('say that the random rows ran against an instance without the response cache', () => {
    const results = benchResults();
    const note =
      'Random rows run against an instance without the response cache, so that every request is executed, as B1 executes every request; Q0 and the repeated Q1 run against the one with it.';
    expect(formatMarkdown(results, [])).toContain(`- ${note}`);
    expect(formatText(results, [])).toContain(note);
  });

  it('say how the two API instances were started', () => {
    expect(formatText(benchResults(), [])).toContain(
      'GRAPHQL_SQL_STATS=0), as two instances on the same database and core, loaded one at a time: one as configured, one with RESPONSE_CACHE_ENTRIES=0.',
    );
  });

  it('explain the cache hits column', () => {
    expect(formatText(benchResults(), [])).toContain(
      '"cache hits" is the share of an API row\'s responses that carried `x-response-cache: hit`',
    );
  });

  it('give the RSS of both API instances', () => {
    const results = benchResults({ serverRssMb: { cached: 150.4, uncached: 180.6 } });
    const note =
      "Server RSS after the load rows: 150 MB with the response cache, 181 MB without (VmRSS of each API instance's node process).";
    expect(formatMarkdown(results, [])).toContain(`- ${note}`);
    expect(formatText(results, [])).toContain(note);
  });

  it('say that SQL statements were counted without the response cache', () => {
    expect(formatText(benchResults(), [])).toContain(
      'SQL statements, counted by another instance with GRAPHQL_SQL_STATS=1 and without the response cache; of the home page query by page size: first 1: 3, first 20: 3, first 100: 3.',
    );
  });

  it('name the API entry script that was measured', () => {
    const results = benchResults();
    const note = `The API runs as \`${apiServerScript}\` starts it`;
    expect(formatMarkdown(results, [])).toContain(`- ${note}`);
    expect(formatText(results, [])).toContain(note);
  });

  it('state how many samples B1 was verified on', () => {
    const results = benchResults();
    const note = "B1 sent byte-identical bodies to the API's for 62 sample requests before timing.";
    expect(formatMarkdown(results, [])).toContain(note);
    expect(formatText(results, [])).toContain(note);
  });
});

describe('runWarnings', () => {
  // Nothing of the run is running yet: one core's worth is allowed for what launched it, more is other work.
  it.each<[number, number, boolean]>([
    [2, 1, false],
    [2, 1.01, true],
    [8, 7, false],
    [8, 7.5, true],
    [1, 0, false],
    [1, 0.05, true],
  ])('on %d cores with a load average of %d at the start: warns %s', (cores, loadAverageAtStart, warns) => {
    const warnings = runWarnings(benchResults({ machine: { cores, loadAverageAtStart } }));
    expect(warnings).toHaveLength(warns ? 1 : 0);
  });

  it('ignores the load average at the end, which includes the run itself', () => {
    expect(runWarnings(benchResults({ machine: { loadAverageAtStart: 0.5 }, loadAverageAtEnd: 3 }))).toEqual([]);
  });
});

describe('formatText', () => {
  it('gives the load average at the start once, on its own line and not in the machine line', () => {
    const text = formatText(benchResults({ machine: { loadAverageAtStart: 0.37 }, loadAverageAtEnd: 4.56 }), []);
    expect(text.match(/0\.37/g)).toHaveLength(1);
    expect(text.split('\n').slice(0, 2)).toEqual([
      '2 cores, Test CPU, 4.0 GB RAM, Node v20.11.0, 2025-01-02T03:04:05.000Z; unpinned: test',
      "Load average (1 minute): 0.37 when the run began, 4.56 when it ended (the end figure includes the run's own load; other work on the machine skews every number)",
    ]);
  });

  it('gives both load averages and the warning of a busy machine above the targets', () => {
    const text = formatText(benchResults({ machine: { cores: 4, loadAverageAtStart: 3.5 }, loadAverageAtEnd: 4.25 }), [
      { target: 'T', measured: 'M', verdict: 'met' },
    ]);
    expect(text).toContain('\nLoad average (1 minute): 3.50 when the run began, 4.25 when it ended');
    expect(text).toContain(
      '\nWarning: the 1-minute load average was 3.50 when the run began, above the 4 cores minus one: other work was running, and every number and verdict of this run may reflect it.\nTarget  Measured  Verdict\n',
    );
  });

  it('aligns the targets table, the first column to the left and the others to the right', () => {
    const text = formatText(benchResults(), [
      { target: 'A long target', measured: '1 MB', verdict: 'met' },
      { target: 'Short', measured: '1,000 MB', verdict: 'not met' },
    ]);
    expect(
      text.endsWith(
        [
          'Target         Measured  Verdict',
          'A long target      1 MB      met',
          'Short          1,000 MB  not met',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });
});
