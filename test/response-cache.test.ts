import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { config, projectRoot } from '../src/config.ts';
import { renderDocument } from '../src/corpus/render.ts';
import { cachedGraphqlListener, ResponseCache, sqliteDataVersion } from '../src/response-cache.ts';
import { createServer } from '../src/server.ts';
import { articleSpec, seedText, store } from './support/archive.ts';

const yoga = createServer({ sqlStatementStats: false });
const executions = vi.fn();
// Counts the requests that reach yoga, i.e. the cache misses.
const countedYoga = new Proxy(yoga, {
  get(target, property, receiver) {
    if (property !== 'fetch') return Reflect.get(target, property, receiver);
    return (...args: Parameters<typeof yoga.fetch>) => {
      executions();
      return target.fetch(...args);
    };
  },
});
let server: Server;
let endpoint: string;

beforeAll(async () => {
  await store(seedText);
  const cache = new ResponseCache({
    maxEntries: 100,
    maxBytes: 10 * 1024 * 1024,
    dataVersion: sqliteDataVersion(config.DATABASE_URL),
  });
  server = createHttpServer(cachedGraphqlListener(countedYoga, cache));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const titlesQuery = '{ articles(first: 100) { totalCount edges { node { title } } } }';

async function post(query: string, body?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body ?? JSON.stringify({ query }),
  });
  return { status: response.status, text: await response.text() };
}

function ingestInAnotherProcess(text: string): void {
  const folder = mkdtempSync(join(tmpdir(), 'cache-ingest-'));
  writeFileSync(join(folder, 'doc.txt'), text);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  expect(result.stdout).toContain('refused 0');
}

describe('response cache', () => {
  it('answers a repeated read from the cache, byte for byte', async () => {
    executions.mockClear();
    const first = await post(titlesQuery);
    const second = await post(titlesQuery);
    expect(second).toEqual(first);
    expect(JSON.parse(first.text).data.articles.totalCount).toBe(1);
    expect(executions).toHaveBeenCalledTimes(1);
  });

  it('never serves content older than a write committed by another process', async () => {
    await post(titlesQuery);
    ingestInAnotherProcess(renderDocument(articleSpec({ title: '另一进程写入' })));
    const after = JSON.parse((await post(titlesQuery)).text);
    expect(after.data.articles.totalCount).toBe(2);
    expect(after.data.articles.edges.map((edge: { node: { title: string } }) => edge.node.title)).toContain(
      '另一进程写入',
    );
  });

  it('sees writes made by this process too', async () => {
    await post(titlesQuery);
    await store(renderDocument(articleSpec({ title: '本进程写入' })));
    expect((await post(titlesQuery)).text).toContain('本进程写入');
  });

  it('does not cache errors', async () => {
    executions.mockClear();
    await post('{ articles(first: 500) { totalCount } }');
    const again = await post('{ articles(first: 500) { totalCount } }');
    expect(JSON.parse(again.text).errors[0].message).toBe('"first" must be between 0 and 100, got 500');
    expect(executions).toHaveBeenCalledTimes(2);
  });

  it('refuses request bodies over 1 MiB', async () => {
    const response = await post('', JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` }));
    expect(response).toEqual({ status: 413, text: 'Request body larger than 1 MiB' });
  });

  it('still serves GraphiQL', async () => {
    const response = await fetch(endpoint, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('News archive GraphQL');
  });
});

describe('ResponseCache', () => {
  const response = (size: number) => ({ status: 200, headers: {}, body: Buffer.alloc(size) });

  it('evicts the oldest entries beyond its entry and byte limits', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1000, dataVersion: () => 1 });
    cache.set('a', response(10), 1);
    cache.set('b', response(10), 1);
    cache.set('c', response(10), 1);
    expect([cache.get('a'), cache.get('b')?.body.length, cache.get('c')?.body.length]).toEqual([undefined, 10, 10]);
    cache.set('d', response(240), 1);
    cache.set('e', response(240), 1);
    expect(cache.get('d')).toBeDefined();
  });

  it('drops everything when the data version changes and ignores results computed before it', () => {
    let version = 1;
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1000, dataVersion: () => version });
    cache.set('a', response(1), 1);
    version = 2;
    expect(cache.get('a')).toBeUndefined();
    cache.set('stale', response(1), 1);
    expect(cache.get('stale')).toBeUndefined();
  });
});
