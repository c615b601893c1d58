/**
 * The robustness table: what `npm run test:robustness` proved, read from the counts its test files
 * wrote into test-results/robustness/ (test/robustness/record.ts), printed, and with `--write` also
 * written to docs/robustness.md. Exits with 1 when a count that must be zero is not, or when no
 * counts were recorded.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config.ts';

interface RobustnessRecord {
  test: string;
  provider: string;
  writtenAt: string;
  counts: Record<string, number>;
}

const resultsDirectory = join(projectRoot, 'test-results', 'robustness');
const documentPath = join(projectRoot, 'docs', 'robustness.md');
/** Records this much older than the newest are from an earlier run (a file that did not run this time). */
const staleAfterMs = 30 * 60 * 1000;

/** Metrics that must be zero, summed over every test file. */
const mustBeZero = [
  'torn reads',
  'inconsistent responses',
  'reader loop: errors',
  'unhandled errors',
  'concurrent documents lost',
  'concurrent documents stored twice',
];

/** The headline rows, in this order; every other metric follows, grouped by test file. */
const headline: { label: string; metric: (name: string) => boolean }[] = [
  { label: 'abusive queries refused: ', metric: (name) => name.startsWith('abusive queries refused: ') },
  { label: 'fuzz cases run', metric: (name) => name === 'fuzz cases run' },
  { label: 'XSS vectors', metric: (name) => name === 'XSS vectors' },
  { label: 'kills survived', metric: (name) => name === 'kills survived' },
  { label: 'concurrent documents stored', metric: (name) => name === 'concurrent documents stored' },
  { label: 'torn reads', metric: (name) => name === 'torn reads' },
  { label: 'unhandled errors', metric: (name) => name === 'unhandled errors' },
];

function readRecords(): { records: RobustnessRecord[]; stale: string[] } {
  if (!existsSync(resultsDirectory)) return { records: [], stale: [] };
  const all = readdirSync(resultsDirectory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(resultsDirectory, name), 'utf8')) as RobustnessRecord);
  const newest = Math.max(...all.map((record) => Date.parse(record.writtenAt)));
  const fresh = (record: RobustnessRecord) => newest - Date.parse(record.writtenAt) <= staleAfterMs;
  return {
    records: all.filter(fresh),
    stale: all
      .filter((record) => !fresh(record))
      .map((record) => `${record.test} (${record.provider}, ${record.writtenAt})`),
  };
}

interface Row {
  metric: string;
  values: Map<string, number>;
}

function buildRows(records: RobustnessRecord[], providers: string[]): Row[] {
  const totals = new Map<string, Map<string, number>>();
  const order: string[] = [];
  for (const record of records) {
    for (const [metric, count] of Object.entries(record.counts)) {
      if (!totals.has(metric)) {
        totals.set(metric, new Map());
        order.push(metric);
      }
      const byProvider = totals.get(metric) as Map<string, number>;
      byProvider.set(record.provider, (byProvider.get(record.provider) ?? 0) + count);
    }
  }
  const placed = new Set<string>();
  const rows: Row[] = [];
  for (const { metric } of headline) {
    for (const name of order.filter(metric)) {
      placed.add(name);
      rows.push({ metric: name, values: totals.get(name) as Map<string, number> });
    }
  }
  for (const name of order) {
    if (!placed.has(name)) rows.push({ metric: name, values: totals.get(name) as Map<string, number> });
  }
  for (const row of rows)
    for (const provider of providers) if (!row.values.has(provider)) row.values.set(provider, Number.NaN);
  return rows;
}

function markdownTable(rows: Row[], providers: string[]): string {
  const cell = (value: number) => (Number.isNaN(value) ? '—' : value.toLocaleString('en-US'));
  const header = ['', ...providers];
  const body = rows.map((row) => [
    row.metric,
    ...providers.map((provider) => cell(row.values.get(provider) ?? Number.NaN)),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((line) => (line[column] ?? '').length), 3),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((text, column) => (column === 0 ? text.padEnd(widths[column] ?? 0) : text.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

function document(table: string, records: RobustnessRecord[]): string {
  const newest =
    records
      .map((record) => record.writtenAt)
      .sort()
      .at(-1) ?? '';
  return `# Robustness

What \`npm run test:robustness\` (test/robustness/, also part of \`npm test\`) proved on its last recorded
run, ${newest.slice(0, 10)}, on both databases (the parser's fuzzing runs once, under \`sqlite\`). A dash: not run on
that database. Regenerate with \`npm run test:robustness -- --write\`.

${table}

- **abusive queries refused**: issue 12's hostile requests through the real app (\`createApp\`), by kind,
  each refused with its \`extensions.code\` and HTTP status, never a 500, and those refused before
  execution without running any SQL (\`abusive-queries.test.ts\`).
- **fuzz cases**: fast-check inputs (random feed HTML and the mutated seed: truncation, tag soup,
  unmatched tags, deep nesting, huge attributes, control characters, invalid UTF-8, entity bombs), each
  answered with a record holding only allowed markup and http(s) URLs, or a typed refusal
  (\`parser-fuzz.test.ts\`).
- **XSS**: OWASP filter-evasion vectors in body paragraphs, figure and image captions, credits, bylines,
  titles, link texts, headings and quotes, through the parser, the database and the API, and through the
  write API; served HTML read as a browser would, served text free of markup, except titles: the title
  line is text, so a \`<\` written there is served as that character, never as markup the document did
  not spell out (\`xss.test.ts\`).
- **kills survived**: \`kill -9\` of the ingest CLI at random points, then a run to completion whose
  database digest (every table, every row) equals a clean run's (\`kill-ingest.test.ts\`).
- **concurrent documents stored**: two ingest processes with different corpora into one database, every
  document stored exactly once (\`concurrent-ingest.test.ts\`).
- **torn reads**: a served API read in a loop while an ingest process writes; torn articles, counts
  that disagree within a response or go backwards, and errors must all be zero
  (\`reader-during-ingest.test.ts\`).
- **unhandled errors**: 5xx answers, server log lines at error level, uncaught exceptions and unhandled
  rejections, and parser exceptions, summed over every test file.
`;
}

function main(): number {
  const { values } = parseArgs({ options: { write: { type: 'boolean' } } });
  const { records, stale } = readRecords();
  if (records.length === 0) {
    process.stderr.write(`no robustness counts in ${resultsDirectory}: run \`npm run test:robustness\` first\n`);
    return 1;
  }
  for (const name of stale) process.stderr.write(`ignored, from an earlier run: ${name}\n`);
  const providers = [...new Set(records.map((record) => record.provider))].sort((a, b) =>
    a === 'sqlite' ? -1 : b === 'sqlite' ? 1 : a.localeCompare(b),
  );
  const rows = buildRows(records, providers);
  const table = markdownTable(rows, providers);
  process.stdout.write(`\n${table}\n\n`);
  const failures = rows.filter(
    (row) => mustBeZero.includes(row.metric) && [...row.values.values()].some((value) => value > 0),
  );
  for (const row of failures) process.stderr.write(`must be 0: ${row.metric}\n`);
  if (values.write) {
    writeFileSync(documentPath, document(table, records));
    process.stdout.write(`wrote ${documentPath}\n`);
  }
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
