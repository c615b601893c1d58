import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { projectRoot } from '../../../src/config.ts';
import { corpusFileName } from '../../../src/corpus/generate.ts';
import { renderDocument } from '../../../src/corpus/render.ts';
import { PostgresArticleWriter } from '../../../src/data/postgres/writer.ts';
import { archiveState, corpusSpecs, freshDatabase, parsedRecord, unresolvedLinks } from './writer-support.ts';

/**
 * Two ingest processes on one PostgreSQL archive, on corpora sharing a third of their documents, which
 * they meet in opposite orders: two batches of 200 each, so their transactions interleave.
 */
const options = { count: 600, seed: 59 };

/** Documents `from` to `to` in a new folder, named so that the CLI walks them ascending or descending. */
function writeCorpus(from: number, to: number, order: 'ascending' | 'descending'): string {
  const folder = mkdtempSync(join(tmpdir(), 'postgres-ingest-race-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  corpusSpecs(from, to, options).forEach((spec, offset) => {
    const position = order === 'ascending' ? offset : to - from - 1 - offset;
    writeFileSync(join(folder, corpusFileName(position)), renderDocument(spec));
  });
  return folder;
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

function summaryOf(run: CliRun) {
  const match = /^ingested (\d+), updated (\d+), unchanged (\d+), refused (\d+)$/m.exec(run.stdout);
  if (!match) throw new Error(`unexpected ingest output: ${run.stdout.slice(-500)}${run.stderr}`);
  const [created, updated, unchanged, refused] = match.slice(1).map(Number) as [number, number, number, number];
  return { created, updated, unchanged, refused };
}

describe('two ingest processes on one PostgreSQL archive', () => {
  it('store every document, author and link once, as ingesting one after the other would', {
    timeout: 180_000,
  }, async () => {
    const [archive, serial] = await Promise.all([freshDatabase(), freshDatabase()]);
    const folders = [writeCorpus(0, 400, 'ascending'), writeCorpus(200, 600, 'descending')];

    const runs = await Promise.all(folders.map((folder) => ingestInChildProcess(folder, archive.url)));

    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    const [first, second] = runs.map(summaryOf);
    expect(first?.refused).toBe(0);
    expect(second?.refused).toBe(0);
    // Each of the 200 shared documents was created by one process and found unchanged by the other.
    expect((first?.created ?? 0) + (second?.created ?? 0)).toBe(600);
    expect((first?.unchanged ?? 0) + (second?.unchanged ?? 0)).toBe(200);
    expect((first?.updated ?? 0) + (second?.updated ?? 0)).toBe(0);

    await new PostgresArticleWriter(serial.pool).write(corpusSpecs(0, 600, options).map(parsedRecord));
    expect(await archiveState(archive.pool)).toEqual(await archiveState(serial.pool));
    expect(await unresolvedLinks(archive.pool)).toEqual([]);
  });
});
