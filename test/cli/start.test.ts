import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { emptyDatabaseUrl } from '../support/database.ts';

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
});

function start(databaseUrl: string): Promise<{ output: string; url: string }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /GraphiQL at (\S+)/.exec(output)?.[1];
      if (url) resolve({ output, url });
    });
    let errors = '';
    child?.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child?.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}${errors}`)));
  });
}

describe('npm start', () => {
  // Two starts of a whole server process, each several seconds on a loaded machine.
  it('creates the database, ingests the seeds idempotently and serves them', { timeout: 90_000 }, async () => {
    const databaseUrl = await emptyDatabaseUrl();
    const first = await start(databaseUrl);
    expect(first.output).toContain('seeds: ingested 1, updated 0, unchanged 0, refused 0');
    const response = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 1) { edges { node { title authors { name } } } } }' }),
    });
    expect(await response.json()).toEqual({
      data: {
        articles: {
          edges: [{ node: { title: '美国高级官员将访华进行经贸谈判', authors: [{ name: 'Alan Rappeport' }] } }],
        },
      },
    });
    child?.kill('SIGTERM');

    const second = await start(databaseUrl);
    expect(second.output).toContain('seeds: ingested 0, updated 0, unchanged 1, refused 0');
  });
});
