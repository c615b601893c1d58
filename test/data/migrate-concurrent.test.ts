import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

const run = promisify(execFile);

/** Rounds per test: each is one chance for an unserialized runner to collide with itself. */
const rounds = 3;
const roundSpacingMs = 250;

/**
 * Loads the runner first, then migrates each file at a start time common to all the processes: node
 * and tsx take a varying half second or more to start, which would spread them too far apart to
 * collide. The last moments are spun rather than slept, for start times closer than a timer's.
 */
const migrateAtStartTimes = `
import { migrateSqliteDatabase } from './src/data/migrate.ts';
const files = JSON.parse(process.env.DATABASE_FILES);
const applied = [];
for (const [round, file] of files.entries()) {
  const startAt = Number(process.env.START_AT) + round * ${roundSpacingMs};
  await new Promise((resolve) => setTimeout(resolve, startAt - Date.now() - 20));
  while (Date.now() < startAt);
  applied.push(migrateSqliteDatabase('file:' + file).applied);
}
process.stdout.write(JSON.stringify(applied));
`;

async function migrateInChildProcess(files: string[], startAt: number): Promise<string[][]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', migrateAtStartTimes],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_FILES: JSON.stringify(files), START_AT: String(startAt) },
    },
  );
  return JSON.parse(stdout) as string[][];
}

function migrationNames(): string[] {
  return readdirSync(join(projectRoot, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function recordedMigrations(file: string): unknown[] {
  const database = new Database(file, { readonly: true });
  try {
    return database
      .prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name')
      .pluck()
      .all();
  } finally {
    database.close();
  }
}

describe('migrateSqliteDatabase from several processes', () => {
  it('applies each migration exactly once when five processes migrate a new file at the same moment', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'migrate-race-'));
    const files = Array.from({ length: rounds }, (_, round) => join(directory, `archive-${round}.db`));
    const startAt = Date.now() + 3000;
    const children = await Promise.all(Array.from({ length: 5 }, () => migrateInChildProcess(files, startAt)));

    for (const [round, file] of files.entries()) {
      const appliedByChildren = children.flatMap((applied) => applied[round] ?? []);
      expect(appliedByChildren.sort()).toEqual(migrationNames());
      expect(recordedMigrations(file)).toEqual(migrationNames());
    }
  });
});
