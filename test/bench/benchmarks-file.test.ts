import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBenchmarksFile } from '../../bench/lib/benchmarks-file.ts';

const start = '<!-- bench:results:start -->';
const end = '<!-- bench:results:end -->';
const block = (results: string) => `${start}\n${results}\n${end}`;

let directory: string;
let path: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'news-archive-bench-file-'));
  path = join(directory, 'BENCHMARKS.md');
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function contents(): string {
  return readFileSync(path, 'utf8');
}

describe('writeBenchmarksFile', () => {
  it('creates a missing file from the template, the results between the markers', () => {
    writeBenchmarksFile(path, '## Results\n\nrun 1');
    const text = contents();
    expect(text.startsWith('# Benchmarks\n')).toBe(true);
    expect(text).toContain(`\n${block('## Results\n\nrun 1')}\n`);
    expect(text.indexOf('## Levers tried')).toBeGreaterThan(text.indexOf(end));
  });

  it('replaces only the section between the markers, keeping the text around it byte for byte', () => {
    const before = '# Notes\r\nhand-written, trailing spaces   \n\n';
    const after = '\n\n## Levers tried\n| a | b |\n\n\n  last line without a newline';
    writeFileSync(path, `${before}${block('old results\nmore old results')}${after}`);

    writeBenchmarksFile(path, 'new results');

    expect(contents()).toBe(`${before}${block('new results')}${after}`);
  });

  it('appends the markers to a file without them, losing none of its text', () => {
    writeFileSync(path, '# Notes\n\nwritten by hand\n\n\n');
    writeBenchmarksFile(path, 'run 1');
    expect(contents()).toBe(`# Notes\n\nwritten by hand\n\n${block('run 1')}\n`);
  });

  it('then rewrites the appended section on the next run', () => {
    writeFileSync(path, '# Notes\n');
    writeBenchmarksFile(path, 'run 1');
    writeBenchmarksFile(path, 'run 2');
    expect(contents()).toBe(`# Notes\n\n${block('run 2')}\n`);
  });

  it('appends a section when the markers are in the wrong order, and rewrites only that one next time', () => {
    const handWritten = `# Notes\n${end}\nbetween the stray markers\n${start}\nafter them\n`;
    writeFileSync(path, handWritten);

    writeBenchmarksFile(path, 'run 1');
    expect(contents()).toBe(`${handWritten}\n${block('run 1')}\n`);

    writeBenchmarksFile(path, 'run 2');
    expect(contents()).toBe(`${handWritten}\n${block('run 2')}\n`);
  });

  it('appends a section to a file with a start marker only, and rewrites only that one next time', () => {
    const handWritten = `# Notes\n${start}\nkept\n`;
    writeFileSync(path, handWritten);

    writeBenchmarksFile(path, 'run 1');
    writeBenchmarksFile(path, 'run 2');

    expect(contents()).toBe(`${handWritten}\n${block('run 2')}\n`);
  });

  it.each([
    ['a missing file', null],
    ['a file with the markers', `intro\n${block('old')}\noutro\n`],
    ['a file without the markers', 'intro\n'],
    ['a file with the markers in the wrong order', `intro\n${end}\nmiddle\n${start}\noutro\n`],
  ])('is idempotent on %s', (_, initial) => {
    if (initial !== null) writeFileSync(path, initial);
    writeBenchmarksFile(path, 'same results');
    const once = contents();
    writeBenchmarksFile(path, 'same results');
    expect(contents()).toBe(once);
    expect(existsSync(path)).toBe(true);
  });
});
