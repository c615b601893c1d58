import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { type Listening, listen } from '../../src/http/listen.ts';
import { type ChangeFeed, etagOf, ResponseCache } from '../../src/http/response-cache.ts';
import type { ArticleChange } from '../../src/schema/cache-dependencies.ts';
import { articleSpec, seedText, store, storeSpecs } from '../support/archive.ts';
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
    const before = await postQuery(titlesQuery);
    const etag = before.headers.get('etag') ?? '';
    ingestInAnotherProcess(renderDocument(articleSpec({ title: '另一进程写入' })));
    const after = await postQuery(titlesQuery, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-response-cache')).toBe('miss');
    expect(after.text).toContain('另一进程写入');
    expect(after.headers.get('etag')).not.toBe(etag);
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

  it('refuses request bodies over 100 KiB, declared or streamed', async () => {
    const large = JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` });
    expect(await post(large)).toMatchObject({ status: 413, text: 'Request body larger than 100 KiB' });
    expect(await postChunked(' '.repeat(64 * 1024), 20)).toEqual({
      status: 413,
      text: 'Request body larger than 100 KiB',
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

describe('HTTP caching', () => {
  const defaultCacheControl = 'public, max-age=5, stale-while-revalidate=30';

  async function get(query: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${endpoint}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json', ...headers },
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  it('answers If-None-Match with 304 while the content is unchanged, cached or not', async () => {
    const spec = articleSpec({ title: '缓存验证' });
    await store(renderDocument(spec));
    const query = `{ article(url: "${spec.url}") { title } }`;
    const first = await get(query);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect([first.headers.get('cache-control'), first.headers.get('vary')]).toEqual([
      defaultCacheControl,
      'Accept, Authorization',
    ]);
    const again = await get(query, { 'if-none-match': etag });
    expect(again).toMatchObject({ status: 304, text: '' });
    expect([again.headers.get('x-response-cache'), again.headers.get('etag')]).toEqual(['hit', etag]);
    expect(again.headers.get('cache-control')).toBe(defaultCacheControl);

    // A POST not cached yet computes the same answer and finds it unchanged too.
    const posted = await postQuery(query, { accept: 'application/json', 'if-none-match': `W/"x", ${etag}` });
    expect(posted).toMatchObject({ status: 304, text: '' });
    expect(posted.headers.get('x-response-cache')).toBe('miss');

    await store(renderDocument({ ...spec, title: '缓存验证（更新）' }));
    const updated = await get(query, { 'if-none-match': etag });
    expect(updated.status).toBe(200);
    expect(updated.text).toContain('缓存验证（更新）');
    expect(updated.headers.get('etag')).not.toBe(etag);
  });

  it('evicts what an update changes and keeps what it does not', async () => {
    const world = articleSpec({ title: '国际新闻' });
    const business = articleSpec({
      title: '商业新闻',
      url: 'https://cn.nytimes.com/business/20240101/cache-unrelated/',
    });
    await storeSpecs([world, business]);
    const responses = {
      page: `{ article(url: "${world.url}") { title section { name } } }`,
      home: '{ articles(first: 100) { edges { node { title } } } }',
      section: '{ section(slug: "world") { articleCount articles(first: 100) { edges { node { title } } } } }',
      otherPage: `{ article(url: "${business.url}") { title section { name } } }`,
      otherSection: '{ section(slug: "business") { articleCount articles(first: 5) { edges { node { title } } } } }',
    };
    const ask = async () => {
      const answers: Record<string, { cache: string | null; text: string }> = {};
      for (const [name, query] of Object.entries(responses)) {
        const { headers, text } = await get(query);
        answers[name] = { cache: headers.get('x-response-cache'), text };
      }
      return answers;
    };
    await ask();
    const cached = await ask();
    expect(Object.values(cached).map((answer) => answer.cache)).toEqual(['hit', 'hit', 'hit', 'hit', 'hit']);

    await store(renderDocument({ ...world, title: '国际新闻（更新）' }));
    const after = await ask();
    for (const name of ['page', 'home', 'section'] as const) {
      expect(after[name]).toMatchObject({ cache: 'miss', text: expect.stringContaining('国际新闻（更新）') });
    }
    for (const name of ['otherPage', 'otherSection'] as const) {
      expect(after[name]).toEqual({ cache: 'hit', text: cached[name]?.text });
    }
  });

  it('lets only anonymous successful reads be stored by HTTP caches', async () => {
    const token = 'http-cache-test-token';
    const sha256 = createHash('sha256').update(token).digest();
    const config = {
      ...testConfig,
      responseCache: cacheOn,
      graphql: { sqlStatementStats: false },
      auth: { tokens: [{ name: 'cms', scopes: ['read' as const, 'write' as const], sha256 }] },
      httpCache: { cacheControl: 'public, max-age=60' },
    };
    const app = createApp({ config, db });
    const ask = async (query: string, headers: Record<string, string> = {}) => {
      const body = JSON.stringify({ query });
      const response = await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        body,
      });
      return [response.status, response.headers.get('cache-control'), response.headers.has('etag')];
    };
    const spec = articleSpec();
    await store(renderDocument(spec));
    const read = `{ article(url: "${spec.url}") { id title } }`;
    const { id } = JSON.parse((await postQuery(read)).text).data.article;
    const authorization = `Bearer ${token}`;
    expect(await ask(read)).toEqual([200, 'public, max-age=60', true]);
    expect(await ask(read, { authorization })).toEqual([200, 'no-store', false]);
    expect(await ask('{ articles(first: 500) { totalCount } }')).toEqual([200, 'no-store', false]);
    const deletion = `mutation { deleteArticle(id: "${id}") }`;
    expect(await ask(deletion)).toEqual([401, 'no-store', false]);
    expect(await ask(deletion, { authorization })).toEqual([200, 'no-store', false]);
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
  const response = (bytes: number) => {
    const body = Buffer.alloc(bytes, ' ');
    const contentType = 'application/json; charset=utf-8';
    return { body, status: 200, contentType, etag: etagOf(body, contentType) };
  };

  /** A feed in memory: `commit` appends changes and moves the data version, as a writer's commit does. */
  function memoryFeed() {
    const changes: (ArticleChange & { sequence: number })[] = [];
    let version = 1;
    let failing = false;
    const feed: ChangeFeed = {
      dataVersion: () => version,
      latestSequence: async () => changes.at(-1)?.sequence ?? 0,
      changesAfter: async (sequence) => {
        if (failing) throw new Error('the feed is unreachable');
        return changes.filter((change) => change.sequence > sequence).slice(0, 2);
      },
    };
    return {
      feed,
      commit(...commits: ArticleChange[]) {
        for (const change of commits) changes.push({ ...change, sequence: changes.length + 1 });
        version += 1;
      },
      fail() {
        failing = true;
      },
    };
  }

  async function openCache(feed: ChangeFeed, limits = { maxEntries: 10, maxBytes: 1000 }) {
    const cache = new ResponseCache({ ...limits, feed });
    await cache.catchUp();
    return cache;
  }

  it('evicts the oldest entries beyond its entry and byte limits', async () => {
    const cache = await openCache(memoryFeed().feed, { maxEntries: 2, maxBytes: 1000 });
    const small = response(10);
    cache.set('a', small, [], cache.epoch);
    cache.set('b', small, [], cache.epoch);
    cache.set('c', small, [], cache.epoch);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, small, small]);
    const large = response(240);
    cache.set('d', large, [], cache.epoch);
    cache.set('e', large, [], cache.epoch);
    expect(cache.get('d')).toBe(large);
    cache.set('f', large, [], cache.epoch);
    expect([cache.get('d'), cache.get('e'), cache.get('f')]).toEqual([undefined, large, large]);
    cache.set('too large', response(251), [], cache.epoch);
    expect(cache.get('too large')).toBeUndefined();
  });

  it('evicts what each change outdates, page after page, and keeps the rest', async () => {
    const memory = memoryFeed();
    const cache = await openCache(memory.feed);
    const body = response(1);
    cache.set('article 1', body, ['article:1'], cache.epoch);
    cache.set('article 2', body, ['article:2'], cache.epoch);
    cache.set('world', body, ['section:world'], cache.epoch);
    cache.set('business', body, ['section:business'], cache.epoch);
    cache.set('home', body, ['any'], cache.epoch);
    cache.set('missing link', body, ['article:2', 'new-article'], cache.epoch);
    const update = { type: 'ARTICLE_UPDATED', section: 'business' } as const;
    memory.commit({ ...update, articleId: 3 }, { ...update, articleId: 4 }, { ...update, articleId: 1 });
    expect(cache.catchUp()).toBeInstanceOf(Promise);
    await cache.catchUp();
    const kept = ['article 1', 'article 2', 'world', 'business', 'home', 'missing link'].filter((key) =>
      cache.get(key),
    );
    expect(kept).toEqual(['article 2', 'world', 'missing link']);
    memory.commit({ type: 'ARTICLE_CREATED', articleId: 5, section: 'world' });
    await cache.catchUp();
    expect([cache.get('article 2'), cache.get('world'), cache.get('missing link')]).toEqual([
      body,
      undefined,
      undefined,
    ]);
    expect(cache.catchUp()).toBeUndefined();
  });

  it('refuses a result computed before a change it applied since', async () => {
    const memory = memoryFeed();
    const cache = await openCache(memory.feed);
    const startedAt = cache.epoch;
    memory.commit({ type: 'ARTICLE_UPDATED', articleId: 9, section: 'world' });
    await cache.catchUp();
    cache.set('stale', response(1), ['article:1'], startedAt);
    expect(cache.get('stale')).toBeUndefined();
  });

  it('empties itself whole when the feed cannot be read', async () => {
    const memory = memoryFeed();
    const cache = await openCache(memory.feed);
    cache.set('a', response(1), ['article:1'], cache.epoch);
    memory.fail();
    memory.commit({ type: 'ARTICLE_UPDATED', articleId: 2, section: 'world' });
    await cache.catchUp();
    expect(cache.get('a')).toBeUndefined();
  });
});
