import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { sqliteFilePath } from '../../src/data/sqlite-values.ts';
import { DatabaseBusyError } from '../../src/data/write/busy-retry.ts';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { articleSpec, parsed } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

/**
 * Another process (better-sqlite3 waits synchronously, so not this one) that takes the write lock,
 * runs `sql` and commits `holdMs` later, or when told to (a line on its stdin) without `holdMs`: timed
 * holds race with how long this side takes to start writing on a loaded machine.
 */
const holdLockScript = `
const Database = require('better-sqlite3');
const database = new Database(process.env.DATABASE_FILE);
database.exec('BEGIN IMMEDIATE');
database.prepare(process.env.SQL).run(...JSON.parse(process.env.PARAMETERS));
process.stdout.write('locked\\n');
const commit = () => { database.exec('COMMIT'); process.exit(0); };
if (process.env.HOLD_MS) setTimeout(commit, Number(process.env.HOLD_MS));
else process.stdin.once('data', commit);
`;

/** Resolves once the other process holds the lock, with a promise of its exit and a way to end its hold. */
async function otherWriter(holdMs: number | undefined, sql = 'SELECT 1', parameters: unknown[] = []) {
  const child = spawn(process.execPath, ['--eval', holdLockScript], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_FILE: sqliteFilePath(testConfig.database.url),
      SQL: sql,
      PARAMETERS: JSON.stringify(parameters),
      HOLD_MS: holdMs === undefined ? '' : String(holdMs),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await once(child.stdout, 'data');
  return { exited, release: () => child.stdin.write('commit\n') };
}

function folderOf(documents: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'other-writer-'));
  for (const [index, text] of documents.entries()) writeFileSync(join(folder, `${index}.txt`), text);
  return folder;
}

describe('the writer while another process writes', () => {
  it('waits for the write lock before reading, so it decides on what the other process committed', async () => {
    const record = parsed(renderDocument(articleSpec()));
    expect(await db.writer.write([record])).toEqual(['created']);

    const other = await otherWriter(200, `UPDATE "Article" SET "contentHash" = 'rewritten' WHERE "url" = ?`, [
      record.url,
    ]);
    // Had it read first, it would have seen its own hash, answered unchanged and left "rewritten".
    expect(await db.writer.write([record])).toEqual(['updated']);
    await other.exited;
    const stored = await db.prisma.article.findUniqueOrThrow({ where: { url: record.url } });
    expect(stored.contentHash).toBe(record.contentHash);
  });
});

describe('ingestPaths while another process writes', () => {
  it('waits for a lock held longer than the busy timeout, reports the wait and refuses nothing', async () => {
    const folder = folderOf([1, 2, 3].map(() => renderDocument(articleSpec())));
    const other = await otherWriter(undefined);
    const waits: number[] = [];

    const summary = await ingestPaths(db.writer, [folder], {
      onWaiting: ({ waitedMs }) => {
        waits.push(waitedMs);
        other.release();
      },
    });
    expect(summary).toEqual({ created: 3, updated: 0, unchanged: 0, refused: [] });
    expect(waits).not.toEqual([]);
    await other.exited;
  });

  it('stops with DatabaseBusyError rather than refuse documents when the lock outlasts its patience', async () => {
    const spec = articleSpec();
    const folder = folderOf([renderDocument(spec)]);
    const other = await otherWriter(undefined);

    await expect(ingestPaths(db.writer, [folder], { busyRetry: { maxWaitMs: 0 } })).rejects.toThrow(DatabaseBusyError);
    other.release();
    await other.exited;
    expect(await db.prisma.article.count({ where: { url: spec.url } })).toBe(0);
  });
});
