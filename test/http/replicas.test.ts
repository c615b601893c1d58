import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { articleSpec } from '../support/archive.ts';
import { testConfig } from '../support/database.ts';

/**
 * Several stateless server processes on one PostgreSQL database: a write by another process (the
 * ingest CLI) must reach every replica's response cache at once, through Redis when REDIS_URL is
 * set, else through PostgreSQL's LISTEN/NOTIFY.
 */

const execFileAsync = promisify(execFile);
const redisUrl = 'redis://127.0.0.1:6379';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

function serve(environment: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: testConfig.database.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      ...environment,
    },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /GraphiQL at (\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      const message = `serve exited with ${code ?? signal}: ${output}${errors}`;
      if (code !== 0) process.stderr.write(`${message}\n`);
      reject(new Error(message));
    });
  });
}

/** Runs the ingest CLI without blocking this process (a blocked client would miss its idle sockets closing). */
async function ingest(text: string, environment: Record<string, string>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'replica-ingest-'));
  writeFileSync(join(folder, 'doc.txt'), text);
  const result = await execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production', ...environment },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('refused 0');
}

async function read(url: string, query: string): Promise<{ cache: string | null; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { cache: response.headers.get('x-response-cache'), body: await response.text() };
}

/** Polls for up to a second: "at once" allows for the announcement's trip between processes. */
async function eventually(url: string, query: string, expected: string): Promise<string> {
  const deadline = Date.now() + 1000;
  for (;;) {
    const { body } = await read(url, query);
    if (body.includes(expected) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each([
  { transport: 'Redis', environment: { REDIS_URL: redisUrl } },
  { transport: 'LISTEN/NOTIFY', environment: {} as Record<string, string> },
])('two replicas, changes carried by $transport', ({ environment }) => {
  // Four processes start here (two ingests, two servers), each a few seconds on a loaded machine.
  it("invalidates the other replica's cached responses when the CLI writes", { timeout: 120_000 }, async () => {
    const spec = articleSpec({ title: '缓存之前' });
    await ingest(renderDocument(spec), environment);
    const [replicaA, replicaB] = await Promise.all([serve(environment), serve(environment)]);
    const query = `{ article(url: "${spec.url}") { title } }`;

    for (const replica of [replicaA, replicaB]) {
      expect((await read(replica, query)).body).toContain('缓存之前');
      expect(await read(replica, query)).toMatchObject({ cache: 'hit' });
    }

    await ingest(renderDocument({ ...spec, title: '缓存之后' }), environment);
    for (const replica of [replicaA, replicaB]) {
      expect(await eventually(replica, query, '缓存之后')).toContain('缓存之后');
    }
  });
});
