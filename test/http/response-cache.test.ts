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

  it('answers each media type the client accepts with its own cached response', async () => {
    const query = '{ articles(first: 2) { totalCount } }';
    const ask = async (accept: string) => {
      const { headers } = await postQuery(query, { accept });
      return [headers.get('x-response-cache'), headers.get('content-type')];
    };
    const json = 'application/json; charset=utf-8';
    const graphqlJson = 'application/graphql-response+json; charset=utf-8';
    expect(await ask('application/json')).toEqual(['miss', json]);
    expect(await ask('application/graphql-response+json')).toEqual(['miss', graphqlJson]);
    expect(await ask('application/json')).toEqual(['hit', json]);
    expect(await ask('application/graphql-response+json')).toEqual(['hit', graphqlJson]);
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

  it('answers repeated GET reads too, and never a request with credentials', async () => {
    const url = `${endpoint}?query=${encodeURIComponent('{ articles(first: 4) { totalCount } }')}`;
    const get = async (headers: Record<string, string> = {}) =>
      (await fetch(url, { headers: { accept: 'application/json', ...headers } })).headers.get('x-response-cache');
    expect([await get(), await get()]).toEqual(['miss', 'hit']);
    expect(await get({ authorization: 'Bearer x' })).toBeNull();
  });

  it('still serves GraphiQL', async () => {
    const response = await fetch(endpoint, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('News archive GraphQL');
  });
});

describe('response cache with SQL statement counts', () => {
  it('never replays a response that reports its own execution', async () => {
    const config = { ...testConfig, responseCache: cacheOn, graphql: { sqlStatementStats: true } };
    const app = createApp({ config, db });
    const ask = async () => {
      const body = JSON.stringify({ query: '{ articles(first: 3) { edges { node { title } } } }' });
      const response = await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      });
      return { cache: response.headers.get('x-response-cache'), ...((await response.json()) as object) };
    };
    const first = await ask();
    const second = await ask();
    expect(first).toMatchObject({ cache: 'miss', extensions: { sqlStatements: expect.any(Number) } });
    expect(second).toEqual(first);
  });
});

describe('ResponseCache', () => {
  const result = { body: Buffer.from('{"data":{}}'), status: 200, contentType: 'application/json; charset=utf-8' };

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
