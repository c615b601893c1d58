import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';

const folder = mkdtempSync(join(tmpdir(), 'corpus-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function runCorpus(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/corpus.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
}

describe('npm run corpus', () => {
  it('writes one sortable file per document into a new folder, as the generator renders them', () => {
    const out = join(folder, 'nested', 'corpus');
    const result = runCorpus(['--count', '20', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^wrote 20 documents \([\d.]+ MB, seed 1\) to .+\n$/);
    const names = Array.from({ length: 20 }, (_, index) => corpusFileName(index));
    expect(readdirSync(out).sort()).toEqual(names);
    expect(names[7]).toBe('000007.txt');
    const corpus = { count: 20, seed: 1 };
    expect(readFileSync(join(out, '000007.txt'), 'utf8')).toBe(renderDocument(generateDocumentSpec(7, corpus)));
  });

  it('writes into an existing empty folder', () => {
    const out = join(folder, 'empty');
    mkdirSync(out);
    const result = runCorpus(['--count', '2', '--out', out]);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([corpusFileName(0), corpusFileName(1)]);
  });

  it('refuses a folder that has entries with a one-line message, and leaves it as it was', () => {
    const out = join(folder, 'used');
    mkdirSync(out);
    writeFileSync(join(out, '000000.txt'), 'another corpus');
    writeFileSync(join(out, 'notes.md'), 'mine');
    const result = runCorpus(['--count', '3', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: --out ${out} is not empty (2 entries); pass --force to write into it anyway\n`);
    expect(readdirSync(out).sort()).toEqual(['000000.txt', 'notes.md']);
    expect(readFileSync(join(out, '000000.txt'), 'utf8')).toBe('another corpus');
  });

  it('writes into a folder that has entries with --force, replacing files of the same names', () => {
    const out = join(folder, 'forced');
    mkdirSync(out);
    writeFileSync(join(out, '000000.txt'), 'another corpus');
    writeFileSync(join(out, 'notes.md'), 'mine');
    const result = runCorpus(['--count', '2', '--out', out, '--force']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['000000.txt', '000001.txt', 'notes.md']);
    expect(readFileSync(join(out, '000000.txt'), 'utf8')).toBe(
      renderDocument(generateDocumentSpec(0, { count: 2, seed: 1 })),
    );
  });

  it('refuses an --out that is a file', () => {
    const out = join(folder, 'a-file');
    writeFileSync(out, '');
    const result = runCorpus(['--count', '1', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: --out ${out} is not a folder\n`);
  });

  it('refuses a bad count with exit code 2 and a one-line message', () => {
    const out = join(folder, 'refused');
    const result = runCorpus(['--count', 'abc', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: --count must be .*usage: npm run corpus -- --count N --out DIR \[--seed S\] \[--force\]\n$/,
    );
    expect(() => readdirSync(out)).toThrow();
  });
});
