import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';

/** Three batches of 200 per process: enough that the two processes' transactions interleave. */
const documentsPerCorpus = 600;

interface Corpus {
  folder: string;
  urls: string[];
}

/** A new directory for this test's files, removed when the test ends: the corpora are a few megabytes. */
function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

function writeCorpus(seed: number): Corpus {
  const folder = join(temporaryDirectory('ingest-race-corpus-'), `seed-${seed}`);
  mkdirSync(folder);
  const urls: string[] = [];
  for (let index = 0; index < documentsPerCorpus; index += 1) {
    const spec = generateDocumentSpec(index, { count: documentsPerCorpus, seed });
    writeFileSync(join(folder, corpusFileName(index)), renderDocument(spec));
    urls.push(spec.url);
  }
  return { folder, urls };
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The ingest CLI as users run it, with piped (not terminal) output. */
function ingestInChildProcess(folder: string, databaseUrl: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The summary line; the lines before it name refused documents, the first few of which a failure shows. */
function summaryOf(run: CliRun) {
  const lines = run.stdout.trimEnd().split('\n');
  const match = /^ingested (\d+), updated (\d+), unchanged (\d+), refused (\d+)$/.exec(lines.at(-1) ?? '');
  if (!match) throw new Error(`unexpected ingest output: ${run.stdout.slice(-500)}${run.stderr}`);
  const [created, updated, unchanged, refused] = match.slice(1).map(Number) as [number, number, number, number];
  expect(lines.slice(0, 3).filter((line) => line.startsWith('refused '))).toEqual([]);
  return { created, updated, unchanged, refused };
}

function storedUrls(file: string): string[] {
  const database = new Database(file, { readonly: true });
  try {
    return database.prepare<[], string>('SELECT url FROM "Article"').pluck().all();
  } finally {
    database.close();
  }
}

function freshDatabaseFile(): string {
  return join(temporaryDirectory('ingest-race-db-'), 'archive.db');
}

describe('two ingest processes on one new database', () => {
  it('stores every document of two different corpora and refuses none', { timeout: 60_000 }, async () => {
    const corpora = [writeCorpus(1), writeCorpus(2)];
    const file = freshDatabaseFile();
    const runs = await Promise.all(corpora.map((corpus) => ingestInChildProcess(corpus.folder, `file:${file}`)));

    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(summaryOf(run)).toEqual({ created: documentsPerCorpus, updated: 0, unchanged: 0, refused: 0 });
      expect(run.status).toBe(0);
    }
    const expected = new Set(corpora.flatMap((corpus) => corpus.urls));
    expect(expected.size).toBe(2 * documentsPerCorpus);
    const stored = storedUrls(file);
    expect(stored.filter((url) => !expected.has(url))).toEqual([]);
    expect(stored).toHaveLength(expected.size);
  });

  it('stores each document of a corpus ingested twice at once exactly once', { timeout: 60_000 }, async () => {
    const corpus = writeCorpus(3);
    const file = freshDatabaseFile();
    const runs = await Promise.all([1, 2].map(() => ingestInChildProcess(corpus.folder, `file:${file}`)));

    const summaries = runs.map(summaryOf);
    for (const [index, summary] of summaries.entries()) {
      expect(runs[index]?.status).toBe(0);
      expect(summary.refused).toBe(0);
      expect(summary.updated).toBe(0);
      expect(summary.created + summary.unchanged).toBe(documentsPerCorpus);
    }
    // Each document was created by exactly one of the two and found unchanged by the other.
    expect(summaries.reduce((sum, summary) => sum + summary.created, 0)).toBe(documentsPerCorpus);
    const stored = storedUrls(file);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.sort()).toEqual([...new Set(corpus.urls)].sort());
  });
});
