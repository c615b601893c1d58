import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';

/** A new directory, removed when the current test ends. */
export function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

export interface Corpus {
  folder: string;
  urls: string[];
}

/** `count` documents of the deterministic synthetic corpus (as `npm run corpus` writes them) in a new folder. */
export function writeCorpus(count: number, seed: number): Corpus {
  const folder = join(temporaryDirectory('robustness-corpus-'), `seed-${seed}`);
  mkdirSync(folder);
  const urls: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const spec = generateDocumentSpec(index, { count, seed });
    writeFileSync(join(folder, corpusFileName(index)), renderDocument(spec));
    urls.push(spec.url);
  }
  return { folder, urls };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningIngest {
  child: ChildProcess;
  finished: Promise<CliRun>;
}

/** `npm run ingest -- <paths>` as users run it (piped output, production mode), killed if the test ends first. */
export function startIngest(paths: string[], databaseUrl: string): RunningIngest {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...paths], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

export interface IngestSummary {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

/** The summary line of a finished run (`ingested 12, updated 1, unchanged 40, refused 2`). */
export function summaryOf(run: CliRun): IngestSummary {
  const line = run.stdout.trimEnd().split('\n').at(-1) ?? '';
  const match = /^ingested (\d+), updated (\d+), unchanged (\d+), refused (\d+)$/.exec(line);
  if (!match) throw new Error(`unexpected ingest output: ${run.stdout.slice(-500)}${run.stderr.slice(-2000)}`);
  const [created, updated, unchanged, refused] = match.slice(1).map(Number) as [number, number, number, number];
  return { created, updated, unchanged, refused };
}

/** A small seeded PRNG (mulberry32): the random points of a run are reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
