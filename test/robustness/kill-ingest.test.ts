import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { emptyDatabaseUrl, testProvider } from '../support/database.ts';
import { type CliRun, seededRandom, sleep, startIngest, summaryOf, writeCorpus } from './cli.ts';
import { type DatabaseDigest, postgresDigest, sqliteDigest } from './digest.ts';
import { robustnessCounts } from './record.ts';

/**
 * `kill -9` of the ingest CLI at random points, then a run to completion: the database must equal, table
 * by table and row by row, the one a single clean run makes. On SQLite ids included: a killed
 * transaction rolls back its rows and its `sqlite_sequence` update alike, and the pipeline stores the
 * files in the same order every run, so ids come out the same. On PostgreSQL ids are compared through
 * the natural keys they stand for (see postgresDigest: sequences do not roll back).
 *
 * The random points come from a seed printed in every failure (ROBUSTNESS_SEED=… replays one). Every
 * other kill lands at a random time after the start (startup, migration, parsing, the first batch), the
 * others at a random moment after the next batch commits (a batch in flight).
 */
const counts = robustnessCounts('kill-ingest');

const documents = 2400;
const wantedKills = 6;
const seed = Number(process.env.ROBUSTNESS_SEED ?? Date.now() % 0xffff_ffff);

function sqliteFile(url: string): string {
  return url.startsWith('file:') ? url.slice('file:'.length) : fileURLToPath(url);
}

/** Articles stored so far, read on a connection of its own; 0 while the database or its tables do not exist yet. */
async function storedArticles(url: string): Promise<number> {
  try {
    if (testProvider === 'postgresql') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "Article"');
        return Number(rows[0]?.count ?? 0);
      } finally {
        await client.end();
      }
    }
    const database = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
    try {
      return database.prepare<[], number>('SELECT count(*) FROM "Article"').pluck().get() ?? 0;
    } finally {
      database.close();
    }
  } catch {
    return 0;
  }
}

async function integrityProblems(url: string): Promise<string[]> {
  if (testProvider === 'postgresql') return []; // PostgreSQL's WAL recovery is the server's own; nothing to check per database
  const database = new Database(sqliteFile(url), { readonly: true });
  try {
    const result = database.prepare<[], string>('PRAGMA integrity_check').pluck().all();
    const foreignKeys = database.prepare('PRAGMA foreign_key_check').all();
    return [...result.filter((line) => line !== 'ok'), ...foreignKeys.map((row) => JSON.stringify(row))];
  } finally {
    database.close();
  }
}

function digest(url: string): Promise<DatabaseDigest> {
  return testProvider === 'postgresql' ? postgresDigest(url) : Promise.resolve(sqliteDigest(sqliteFile(url)));
}

describe('kill -9 of an ingest at random points', () => {
  it("recovers to a database equal to a clean run's, ids included where they are transactional", {
    timeout: 240_000,
  }, async () => {
    const random = seededRandom(seed);
    const corpus = writeCorpus(documents, 42);

    const cleanUrl = await emptyDatabaseUrl();
    const clean = await startIngest([corpus.folder], cleanUrl).finished;
    expect(summaryOf(clean)).toEqual({ created: documents, updated: 0, unchanged: 0, refused: 0 });

    const url = await emptyDatabaseUrl();
    const kills: { at: string; stored: number }[] = [];
    let finishedEarly: CliRun | null = null;
    for (let attempt = 0; kills.length < wantedKills && attempt < 3 * wantedKills; attempt += 1) {
      const before = await storedArticles(url);
      const run = startIngest([corpus.folder], url);
      let exited = false;
      void run.finished.then(() => {
        exited = true;
      });
      let at: string;
      if (attempt % 2 === 0) {
        // A random time after the start (tsx compiling, migrating, parsing, writing), cut short
        // after the first batch it commits, so that the corpus is not finished before the kills are.
        const delay = Math.floor(random() * 2500);
        const started = Date.now();
        while (!exited && Date.now() - started < delay && (await storedArticles(url)) < before + 200) await sleep(5);
        at = `${Date.now() - started} ms after the start`;
      } else {
        while (!exited && (await storedArticles(url)) <= before) await sleep(5);
        const delay = Math.floor(random() * 100);
        await sleep(delay);
        at = `${delay} ms after a batch committed`;
      }
      if (!exited) run.child.kill('SIGKILL');
      const result = await run.finished;
      if (result.signal === 'SIGKILL') {
        kills.push({ at, stored: await storedArticles(url) });
      } else {
        finishedEarly = result;
        break;
      }
    }
    const context = JSON.stringify({ seed, kills, finishedEarly: finishedEarly?.stdout ?? null });
    // Each kill leaves at most about two more batches stored, so five always land mid-ingest; a sixth
    // attempt may find the corpus done (then the final run below finds every document unchanged).
    expect(kills.length, context).toBeGreaterThanOrEqual(5);
    expect(kills[4]?.stored ?? documents, `the fifth kill left documents to store: ${context}`).toBeLessThan(documents);

    const final = await startIngest([corpus.folder], url).finished;
    const summary = summaryOf(final);
    expect(final.code, final.stderr).toBe(0);
    expect(summary.refused).toBe(0);
    expect(summary.updated, 'no document was stored half-written (it would read as changed)').toBe(0);
    expect(summary.created + summary.unchanged).toBe(documents);
    expect(await storedArticles(url)).toBe(documents);

    expect(await integrityProblems(url)).toEqual([]);
    const recovered = await digest(url);
    const expected = await digest(cleanUrl);
    expect(Object.keys(recovered).sort()).toEqual(Object.keys(expected).sort());
    expect(recovered, context).toEqual(expected);
    expect(expected.Article?.rows).toBe(documents);

    counts.add('kills survived', kills.length);
    counts.add('kill-ingest: documents (recovered = clean digest)', documents);
    counts.add('kill-ingest: tables compared', Object.keys(expected).length);
  });
});
