import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { requestIdOf } from '../../src/http/request-id.ts';
import { db, openTestDatabase, testConfig } from '../support/database.ts';

const cacheOn = { maxEntries: 100, maxBytes: 1024 * 1024 };

function appOver(database: Database, shutdown?: AbortSignal): App {
  return createApp({ config: { ...testConfig, responseCache: cacheOn }, db: database, ...(shutdown && { shutdown }) });
}

async function get(app: App, path: string, headers: Record<string, string> = {}) {
  const response = await app.fetch(`http://archive.test${path}`, { headers });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    body: await response.json(),
  };
}

function postQuery(app: App, query: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    }),
  );
}

const json = 'application/json; charset=utf-8';

describe('/health', () => {
  it('answers while the process runs, whatever the database says', async () => {
    const broken = { ...db, readinessProblems: async () => ['database unreachable: connection refused'] };
    expect(await get(appOver(broken), '/health')).toEqual({
      status: 200,
      type: json,
      cacheControl: 'no-store',
      body: { status: 'ok' },
    });
  });
});

describe('/ready', () => {
  it('is ready over a migrated, reachable database', async () => {
    expect(await get(appOver(db), '/ready')).toEqual({
      status: 200,
      type: json,
      cacheControl: 'no-store',
      body: { status: 'ready' },
    });
  });

  it('answers 503 with the problems the database reports', async () => {
    const problems = ['database unreachable: connection refused', 'change bus unreachable: Redis'];
    const broken = { ...db, readinessProblems: async () => problems };
    expect(await get(appOver(broken), '/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', problems },
    });
  });

  it('names a migration that is not applied', async () => {
    const other = await openTestDatabase();
    const [{ name }] = await other.db.prisma.$queryRawUnsafe<[{ name: string }]>(
      'SELECT MAX(migration_name) AS name FROM _prisma_migrations',
    );
    await other.db.prisma.$executeRawUnsafe(
      'DELETE FROM _prisma_migrations WHERE migration_name = (SELECT MAX(migration_name) FROM _prisma_migrations)',
    );
    expect(await get(appOver(other.db), '/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', problems: [`migration ${name} is not applied`] },
    });
  });

  it('reports a readiness check that fails as the problem', async () => {
    const failing = {
      ...db,
      readinessProblems: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    };
    expect((await get(appOver(failing), '/ready')).body).toEqual({
      status: 'not ready',
      problems: ['connect ECONNREFUSED 127.0.0.1:5432'],
    });
  });

  it('answers 503 once the server is shutting down', async () => {
    const shutdown = new AbortController();
    const app = appOver(db, shutdown.signal);
    expect((await get(app, '/ready')).status).toBe(200);
    shutdown.abort();
    expect(await get(app, '/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', problems: ['shutting down'] },
    });
  });
});

describe('x-request-id', () => {
  const app = appOver(db);

  it('echoes a usable id the client sent, on every kind of response', async () => {
    const query = '{ articles(first: 1) { totalCount } }';
    const responses = [
      await app.fetch('http://archive.test/health', { headers: { 'x-request-id': 'probe-1' } }),
      await postQuery(app, query, { 'x-request-id': 'client.req:42' }),
      await postQuery(app, query, { 'x-request-id': 'client.req:43' }),
      await postQuery(app, '{ nope }', { 'x-request-id': 'bad-query' }),
      await app.fetch('http://archive.test/nowhere', { headers: { 'x-request-id': 'lost' } }),
    ];
    expect(responses.map((response) => [response.status, response.headers.get('x-request-id')])).toEqual([
      [200, 'probe-1'],
      [200, 'client.req:42'],
      [200, 'client.req:43'],
      [200, 'bad-query'],
      [404, 'lost'],
    ]);
    expect(responses[2]?.headers.get('x-response-cache')).toBe('hit');
  });

  it('gives a request without a usable id a fresh one', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const ids = [
      (await app.fetch('http://archive.test/health')).headers.get('x-request-id'),
      (await app.fetch('http://archive.test/health', { headers: { 'x-request-id': 'has spaces' } })).headers.get(
        'x-request-id',
      ),
      (await app.fetch('http://archive.test/health', { headers: { 'x-request-id': 'x'.repeat(129) } })).headers.get(
        'x-request-id',
      ),
    ];
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(3);
  });

  it('is one id per request, whoever asks (the context, the header, the log line)', () => {
    const request = new Request('http://archive.test/graphql', { headers: { 'x-request-id': 'same' } });
    expect([requestIdOf(request), requestIdOf(request)]).toEqual(['same', 'same']);
    const anonymous = new Request('http://archive.test/graphql');
    expect(requestIdOf(anonymous)).toBe(requestIdOf(anonymous));
  });
});
