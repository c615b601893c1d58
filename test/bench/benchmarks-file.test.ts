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
    writeBenchmarksFile(path, '## Results\n\nrun 1', 'sqlite');
    const text = contents();
    expect(text.startsWith('# Benchmarks\n')).toBe(true);
    expect(text).toContain(`\n${block('## Results\n\nrun 1')}\n`);
    expect(text.indexOf('## Levers tried')).toBeGreaterThan(text.indexOf(end));
  });

  it('replaces only the section between the markers, keeping the text around it byte for byte', () => {
    const before = '# Notes\r\nhand-written, trailing spaces   \n\n';
    const after = '\n\n## Levers tried\n| a | b |\n\n\n  last line without a newline';
    writeFileSync(path, `${before}${block('old results\nmore old results')}${after}`);

    writeBenchmarksFile(path, 'new results', 'sqlite');

    expect(contents()).toBe(`${before}${block('new results')}${after}`);
  });

  it('appends the markers to a file without them, losing none of its text', () => {
    writeFileSync(path, '# Notes\n\nwritten by hand\n\n\n');
    writeBenchmarksFile(path, 'run 1', 'sqlite');
    expect(contents()).toBe(`# Notes\n\nwritten by hand\n\n${block('run 1')}\n`);
  });

  it('then rewrites the appended section on the next run', () => {
    writeFileSync(path, '# Notes\n');
    writeBenchmarksFile(path, 'run 1', 'sqlite');
    writeBenchmarksFile(path, 'run 2', 'sqlite');
    expect(contents()).toBe(`# Notes\n\n${block('run 2')}\n`);
  });

  it('appends a section when the markers are in the wrong order, and rewrites only that one next time', () => {
    const handWritten = `# Notes\n${end}\nbetween the stray markers\n${start}\nafter them\n`;
    writeFileSync(path, handWritten);

    writeBenchmarksFile(path, 'run 1', 'sqlite');
    expect(contents()).toBe(`${handWritten}\n${block('run 1')}\n`);

    writeBenchmarksFile(path, 'run 2', 'sqlite');
    expect(contents()).toBe(`${handWritten}\n${block('run 2')}\n`);
  });

  it('appends a section to a file with a start marker only, and rewrites only that one next time', () => {
    const handWritten = `# Notes\n${start}\nkept\n`;
    writeFileSync(path, handWritten);

    writeBenchmarksFile(path, 'run 1', 'sqlite');
    writeBenchmarksFile(path, 'run 2', 'sqlite');

    expect(contents()).toBe(`${handWritten}\n${block('run 2')}\n`);
  });

  it.each([
    ['a missing file', null],
    ['a file with the markers', `intro\n${block('old')}\noutro\n`],
    ['a file without the markers', 'intro\n'],
    ['a file with the markers in the wrong order', `intro\n${end}\nmiddle\n${start}\noutro\n`],
  ])('is idempotent on %s', (_, initial) => {
    if (initial !== null) writeFileSync(path, initial);
    writeBenchmarksFile(path, 'same results', 'sqlite');
    const once = contents();
    writeBenchmarksFile(path, 'same results', 'sqlite');
    expect(contents()).toBe(once);
    expect(existsSync(path)).toBe(true);
  });
});

describe('writeBenchmarksFile for PostgreSQL', () => {
  const pgStart = '<!-- bench:results:postgres:start -->';
  const pgEnd = '<!-- bench:results:postgres:end -->';
  const pgBlock = (results: string) => `${pgStart}\n${results}\n${pgEnd}`;
  const levers = '\n\n## Levers tried\n| a | b |\n';

  it('adds its section right after the SQLite results, keeping them and the text around byte for byte', () => {
    writeFileSync(path, `# Notes\n\n${block('sqlite results')}${levers}`);
    writeBenchmarksFile(path, '## PostgreSQL\n\npg run 1', 'postgres');
    expect(contents()).toBe(
      `# Notes\n\n${block('sqlite results')}\n\n${pgBlock('## PostgreSQL\n\npg run 1')}${levers}`,
    );
  });

  it('then rewrites only its own section, and a SQLite run only the SQLite one', () => {
    writeFileSync(path, `# Notes\n\n${block('sqlite 1')}${levers}`);
    writeBenchmarksFile(path, 'pg 1', 'postgres');
    writeBenchmarksFile(path, 'pg 2', 'postgres');
    expect(contents()).toBe(`# Notes\n\n${block('sqlite 1')}\n\n${pgBlock('pg 2')}${levers}`);
    writeBenchmarksFile(path, 'sqlite 2', 'sqlite');
    expect(contents()).toBe(`# Notes\n\n${block('sqlite 2')}\n\n${pgBlock('pg 2')}${levers}`);
  });

  it('appends its section to a file without SQLite results', () => {
    writeFileSync(path, '# Notes\n');
    writeBenchmarksFile(path, 'pg 1', 'postgres');
    expect(contents()).toBe(`# Notes\n\n${pgBlock('pg 1')}\n`);
  });

  it('creates a missing file from the template with its section only', () => {
    writeBenchmarksFile(path, 'pg 1', 'postgres');
    const text = contents();
    expect(text).toContain(`\n${pgBlock('pg 1')}\n`);
    expect(text).not.toContain(start);
    expect(text.indexOf('## Levers tried')).toBeGreaterThan(text.indexOf(pgEnd));
  });

  it('is idempotent next to the SQLite results', () => {
    writeFileSync(path, `intro\n${block('sqlite')}\noutro\n`);
    writeBenchmarksFile(path, 'same', 'postgres');
    const once = contents();
    writeBenchmarksFile(path, 'same', 'postgres');
    expect(contents()).toBe(once);
  });
});
