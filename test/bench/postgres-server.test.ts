import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childrenOf, pinPostgres } from '../../bench/lib/postgres-pinning.ts';
import {
  benchDatabaseName,
  databaseNameOf,
  harnessPidOf,
  postgresDatabaseUrl,
} from '../../bench/lib/postgres-server.ts';

describe('the databases of a PostgreSQL run', () => {
  it("are named after the harness's pid, so a later run can tell abandoned ones", () => {
    const name = benchDatabaseName(4242, 'main');
    expect(name).toMatch(/^news_bench_4242_main_[0-9a-f]{8}$/);
    expect(harnessPidOf(name)).toBe(4242);
    expect(benchDatabaseName(4242, 'main')).not.toBe(name);
  });

  it.each(['news_test_4242_abc', 'bench_4242', 'news_bench_x_main', 'postgres'])('do not include %s', (name) => {
    expect(harnessPidOf(name)).toBeNull();
  });

  it('are found again from their URL', () => {
    const name = benchDatabaseName(7, 'large');
    expect(databaseNameOf(postgresDatabaseUrl(name))).toBe(name);
  });
});

describe('pinning PostgreSQL', () => {
  it('is skipped, without connecting, when the API server is not pinned either', async () => {
    const pinning = await pinPostgres('postgresql://nobody@127.0.0.1:1/none', null);
    expect(pinning).toMatchObject({ pinned: false, note: 'PostgreSQL unpinned: the API server is not pinned either' });
    expect(() => pinning.restore()).not.toThrow();
  });

  it("finds a process's children in /proc", async () => {
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      expect(childrenOf(process.pid)).toContain(child.pid);
    } finally {
      child.kill();
    }
  });
});
