import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { seedText } from '../support/archive.ts';
import { emptyDatabaseUrl } from '../support/database.ts';

function runIngest(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
}

describe('npm run ingest', () => {
  it('creates the database, reports a summary and names each refused file on one line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
    writeFileSync(join(folder, 'seed.txt'), seedText);
    writeFileSync(join(folder, 'broken.txt'), 'just some words\nwithout a title line\n');
    const databaseUrl = await emptyDatabaseUrl();

    const first = runIngest([folder], databaseUrl);
    expect(first.stdout).toBe(
      `refused ${join(folder, 'broken.txt')}: no title line: expected "[title](https://…)" on the first lines\n` +
        'ingested 1, updated 0, unchanged 0, refused 1\n',
    );
    expect(first.stderr).toBe('');
    expect(first.status).toBe(1);

    const second = runIngest([join(folder, 'seed.txt')], databaseUrl);
    expect(second.stdout).toBe('ingested 0, updated 0, unchanged 1, refused 0\n');
    expect(second.status).toBe(0);
  });

  it('prints usage without arguments and a one-line error for a bad environment', () => {
    const usage = runIngest([], 'file:/tmp/unused.db');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('usage: npm run ingest -- <file or folder>...\n');

    const badEnvironment = runIngest(['seeds'], 'mysql://nowhere');
    expect(badEnvironment.status).toBe(1);
    expect(badEnvironment.stderr.trim().split('\n')).toHaveLength(1);
    expect(badEnvironment.stderr).toContain(
      'DATABASE_URL must be an SQLite URL (file:<path>) or a PostgreSQL URL (postgresql://…)',
    );
  });
});
