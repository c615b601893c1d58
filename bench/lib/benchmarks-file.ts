import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Provider } from './options.ts';

interface Markers {
  start: string;
  end: string;
}

/** Each provider's results have their own markers, so that a run rewrites only its own provider's. */
export const resultMarkers: Record<Provider, Markers> = {
  sqlite: { start: '<!-- bench:results:start -->', end: '<!-- bench:results:end -->' },
  postgres: { start: '<!-- bench:results:postgres:start -->', end: '<!-- bench:results:postgres:end -->' },
};

const template = (block: string) => `# Benchmarks

Numbers measured by \`npm run bench\` (the harness is in \`bench/\`). Only the parts between the
\`bench:results\` markers are rewritten by a run, each by the runs of its own database
(\`--provider\`); everything else in this file is kept.

${block}

## Levers tried

Record each change by hand with the numbers before and after, measured on the same machine with
\`npm run bench\` (or the row that changed, e.g. \`npm run bench -- --skip-50k\`).

| Change | Row | Before | After | Kept? |
| --- | --- | --- | --- | --- |
`;

/**
 * Where a provider's block is: from its start marker to the end of its end marker, or null when the
 * markers are not there in order. The start marker nearest the end marker counts: a stray one before
 * it (a lone start marker, or markers in the wrong order, which got a block appended) stays text
 * instead of taking what follows it along.
 */
function findBlock(text: string, { start, end }: Markers): { from: number; to: number } | null {
  const firstStart = text.indexOf(start);
  const endAt = firstStart === -1 ? -1 : text.indexOf(end, firstStart);
  if (endAt === -1) return null;
  return { from: text.lastIndexOf(start, endAt), to: endAt + end.length };
}

/**
 * Writes a provider's results between its markers in BENCHMARKS.md, creating the file when missing.
 * A provider without its markers in order gets its block added, so that nothing written by hand is
 * lost: PostgreSQL's right after SQLite's results when those are there, else at the end of the file.
 */
export function writeBenchmarksFile(path: string, results: string, provider: Provider): void {
  const markers = resultMarkers[provider];
  const block = `${markers.start}\n${results}\n${markers.end}`;
  if (!existsSync(path)) {
    writeFileSync(path, template(block));
    return;
  }
  const text = readFileSync(path, 'utf8');
  const own = findBlock(text, markers);
  if (own !== null) {
    writeFileSync(path, text.slice(0, own.from) + block + text.slice(own.to));
    return;
  }
  const sqlite = provider === 'postgres' ? findBlock(text, resultMarkers.sqlite) : null;
  if (sqlite !== null) {
    writeFileSync(path, `${text.slice(0, sqlite.to)}\n\n${block}${text.slice(sqlite.to)}`);
    return;
  }
  writeFileSync(path, `${text.trimEnd()}\n\n${block}\n`);
}
