import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { type Listening, listen } from '../../src/http/listen.ts';
import { ResponseCache } from '../../src/http/response-cache.ts';
import { articleSpec, seedText, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

const cacheOn = { maxEntries: 100, maxBytes: 10 * 1024 * 1024 };
let server: Listening;
let endpoint: string;

beforeAll(async () => {
  await store(seedText);
  const config = { ...testConfig, responseCache: cacheOn, graphql: { sqlStatementStats: false } };
  server = await listen(createApp({ config, db }), { host: '127.0.0.1', port: 0 });
  endpoint = server.graphiqlUrl;
});

afterAll(() => server.close());

const titlesQuery = '{ articles(first: 100) { totalCount edges { node { title } } } }';

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const postQuery = (query: string, headers: Record<string, string> = {}) => post(JSON.stringify({ query }), headers);

function ingestInAnotherProcess(text: string): void {
  const folder = mkdtempSync(join(tmpdir(), 'cache-ingest-'));
  writeFileSync(join(folder, 'doc.txt'), text);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  expect(result.stdout).toContain('refused 0');
}

/** A POST whose body arrives in chunks without a Content-Length, as a streaming client sends it. */
function postChunked(chunk: string, times: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      endpoint,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (response) => {
        let text = '';
        response.on('data', (data: Buffer) => {
          text += data.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    let sent = 0;
    // Paced by the socket, so that an early answer is read before the rest of the body is refused.
    const sendMore = () => {
      while (sent < times) {
        sent += 1;
        if (!request.write(chunk)) return void request.once('drain', sendMore);
      }
      request.end();
    };
    request.on('response', () => {
      sent = times;
    });
    sendMore();
  });
}

describe('response cache', () => {
  it('answers a repeated read from the cache, byte for byte', async () => {
    await store(renderDocument(articleSpec()));
    const first = await postQuery(titlesQuery);
    const second = await postQuery(titlesQuery);
    expect(second.text).toBe(first.text);
    expect([first.headers.get('x-response-cache'), second.headers.get('x-response-cache')]).toEqual(['miss', 'hit']);
  });

  it('computes CORS headers for each request, cached or not', async () => {
    const query = '{ articles(first: 1) { edges { node { title } } } }';
    const app = await postQuery(query, { origin: 'http://app.example' });
    const other = await postQuery(query, { origin: 'http://other.example' });
    expect(other.headers.get('x-response-cache')).toBe('hit');
    expect(other.text).toBe(app.text);
    expect(app.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(other.headers.get('access-control-allow-origin')).toBe('http://other.example');
  });

  it('negotiates the media type for each request', async () => {
    const query = '{ articles(first: 2) { totalCount } }';
    const json = await postQuery(query, { accept: 'application/json' });
    const graphqlResponse = await postQuery(query, { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.headers.get('x-response-cache')).toBe('hit');
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(graphqlResponse.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('never answers a request that would be refused uncached', async () => {
    const body = JSON.stringify({ query: titlesQuery });
    expect((await post(body)).status).toBe(200);
    expect((await post(body, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('never serves content older than a write committed by another process', async () => {
    await postQuery(titlesQuery);
    ingestInAnotherProcess(renderDocument(articleSpec({ title: '另一进程写入' })));
    const after = await postQuery(titlesQuery);
    expect(after.headers.get('x-response-cache')).toBe('miss');
    expect(after.text).toContain('另一进程写入');
  });

  it('sees writes made by this process too', async () => {
    await postQuery(titlesQuery);
    await store(renderDocument(articleSpec({ title: '本进程写入' })));
    expect((await postQuery(titlesQuery)).text).toContain('本进程写入');
  });

  it('does not cache errors', async () => {
    await postQuery('{ articles(first: 500) { totalCount } }');
    const again = await postQuery('{ articles(first: 500) { totalCount } }');
    expect(JSON.parse(again.text).errors[0].message).toBe('"first" must be between 0 and 100, got 500');
    expect(again.headers.get('x-response-cache')).toBe('miss');
  });

  it('refuses request bodies over 1 MiB, declared or streamed', async () => {
    const large = JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` });
    expect(await post(large)).toMatchObject({ status: 413, text: 'Request body larger than 1 MiB' });
    expect(await postChunked(' '.repeat(64 * 1024), 20)).toEqual({
      status: 413,
      text: 'Request body larger than 1 MiB',
    });
    expect((await postChunked(JSON.stringify({ query: '{ __typename }' }), 1)).status).toBe(200);
  });

  it('still serves GraphiQL', async () => {
    const response = await fetch(endpoint, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('News archive GraphQL');
  });
});

describe('response cache with SQL statement counts', () => {
  it('reports 0 statements for a hit instead of the count of the request that filled it', async () => {
    const config = { ...testConfig, responseCache: cacheOn, graphql: { sqlStatementStats: true } };
    const app = createApp({ config, db });
    const ask = async () => {
      const response = await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles(first: 3) { edges { node { title } } } }' }),
      });
      return (await response.json()) as { data: unknown; extensions: { sqlStatements: number } };
    };
    const miss = await ask();
    const hit = await ask();
    expect(miss.extensions.sqlStatements).toBeGreaterThan(0);
    expect(hit).toEqual({ data: miss.data, extensions: { sqlStatements: 0 } });
  });
});

describe('ResponseCache', () => {
  const result = { data: {} };

  it('evicts the oldest entries beyond its entry and byte limits', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1000, dataVersion: () => 1 });
    cache.set('a', result, 10, 1);
    cache.set('b', result, 10, 1);
    cache.set('c', result, 10, 1);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, result, result]);
    cache.set('d', result, 240, 1);
    cache.set('e', result, 240, 1);
    expect(cache.get('d')).toBe(result);
    cache.set('f', result, 240, 1);
    expect([cache.get('d'), cache.get('e'), cache.get('f')]).toEqual([undefined, result, result]);
    cache.set('too large', result, 251, 1);
    expect(cache.get('too large')).toBeUndefined();
  });

  it('drops everything when the data version changes and ignores results computed before it', () => {
    let version = 1;
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1000, dataVersion: () => version });
    cache.set('a', result, 1, 1);
    version = 2;
    expect(cache.get('a')).toBeUndefined();
    cache.set('stale', result, 1, 1);
    expect(cache.get('stale')).toBeUndefined();
  });
});
