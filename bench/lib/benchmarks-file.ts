import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const startMarker = '<!-- bench:results:start -->';
const endMarker = '<!-- bench:results:end -->';

const template = (results: string) => `# Benchmarks

Numbers measured by \`npm run bench\` (the harness is in \`bench/\`). Only the part between the
\`bench:results\` markers is rewritten by a run; everything else in this file is kept.

${startMarker}
${results}
${endMarker}

## Levers tried

Record each change by hand with the numbers before and after, measured on the same machine with
\`npm run bench\` (or the row that changed, e.g. \`npm run bench -- --skip-50k\`).

| Change | Row | Before | After | Kept? |
| --- | --- | --- | --- | --- |
`;

/**
 * Writes the results between the markers of BENCHMARKS.md, creating the file when missing. A file
 * without the markers in order gets them appended, so that nothing written by hand is lost.
 */
export function writeBenchmarksFile(path: string, results: string): void {
  const block = `${startMarker}\n${results}\n${endMarker}`;
  if (!existsSync(path)) {
    writeFileSync(path, template(results));
    return;
  }
  const text = readFileSync(path, 'utf8');
  const firstStart = text.indexOf(startMarker);
  const end = firstStart === -1 ? -1 : text.indexOf(endMarker, firstStart);
  if (end === -1) {
    writeFileSync(path, `${text.trimEnd()}\n\n${block}\n`);
    return;
  }
  // The start marker nearest the end marker: a stray one before it (a lone start marker, or markers in
  // the wrong order, which got a block appended) stays text instead of taking what follows it along.
  const start = text.lastIndexOf(startMarker, end);
  writeFileSync(path, text.slice(0, start) + block + text.slice(end + endMarker.length));
}
