import { describe, expect, it } from 'vitest';
import { apiServerScript } from '../../bench/lib/child-scripts.ts';
import { formatMarkdown, formatText } from '../../bench/lib/report.ts';
import { evaluateTargets } from '../../bench/lib/targets.ts';
import { benchResults, load, type ResultsOverrides } from './fixtures.ts';

function markdown(overrides: ResultsOverrides = {}): string {
  const results = benchResults(overrides);
  return formatMarkdown(results, evaluateTargets(results));
}

describe('formatMarkdown', () => {
  it('reports each load row with its failures, generator CPU, SQL statements and ratio to its baseline', () => {
    const loads = {
      q2: load({
        requestsPerSecond: 400.4,
        latencyP50Ms: 0,
        latencyP99Ms: 3,
        non2xx: 1,
        graphqlErrors: 2,
        loadGeneratorCores: 0.876,
      }),
    };
    expect(markdown({ loads })).toContain(
      [
        '| Query | conns | req/s | p50 | p99 | failed | load gen CPU | SQL/req | ratio |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Q0 { __typename } | 50 | 5,000 | 2 ms | 10 ms | 0 | 50 % | 0 |  |',
        '| Q1 home page, repeated | 50 | 3,000 | 2 ms | 10 ms | 0 | 50 % | 3 | 0.75 × B0 |',
        '| B0 static Q1 bytes | 50 | 4,000 | 2 ms | 10 ms | 0 | 50 % | — |  |',
        '| Q1 home page, random after | 8 | 500 | 2 ms | 10 ms | 0 | 50 % | 3 | 0.50 × B1 |',
        '| B1 SQLite, random after | 8 | 1,000 | 2 ms | 10 ms | 0 | 50 % | — |  |',
        '| Q2 article page, random slug | 8 | 400 | <1 ms | 3 ms | 3 | 88 % | 5–7 | 0.40 × B1 |',
        '| B1 SQLite, random slug | 8 | 1,000 | 2 ms | 10 ms | 0 | 50 % | — |  |',
        '| B0 static Q1 bytes | 8 | 4,000 | 2 ms | 10 ms | 0 | 50 % | — |  |',
        '| Q3 search: not yet implemented |  |  |  |  |  |  |  |  |',
      ].join('\n'),
    );
  });

  it('marks the repeated home page SQL count unknown when the default page size was not counted', () => {
    const sqlStatements = { homePageBySize: [{ first: 1, statements: 3 }] };
    expect(markdown({ sqlStatements })).toContain(
      '| Q1 home page, repeated | 50 | 3,000 | 2 ms | 10 ms | 0 | 50 % | ? |',
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

  it('lists the targets with their verdicts', () => {
    const loads = { b1Article: load({ requestsPerSecond: 1000, loadGeneratorCores: 0.9 }) };
    expect(markdown({ loads })).toContain(
      '| Q2 ≥ 0.3 × B1 | 0.40 × B1, B1 row capped by the load generator | inconclusive |',
    );
  });
});

describe('both report formats', () => {
  it('name the API entry script that was measured', () => {
    const results = benchResults();
    const note = `The API runs as \`${apiServerScript}\` starts it`;
    expect(formatMarkdown(results, [])).toContain(`- ${note}`);
    expect(formatText(results, [])).toContain(note);
  });

  it('state how many samples B1 was verified on', () => {
    const results = benchResults();
    const note = "B1 sent byte-identical bodies to the API's for 42 sample requests before timing.";
    expect(formatMarkdown(results, [])).toContain(note);
    expect(formatText(results, [])).toContain(note);
  });
});

describe('formatText', () => {
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
