import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { createMetrics, type Metrics } from '../../src/http/metrics.ts';
import { db, testConfig } from '../support/database.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]),
      );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The values of metric `name`'s samples, keyed by their value of label `label`. */
function byLabel(samples: Sample[], name: string, label: string): Record<string, number> {
  return Object.fromEntries(
    samples.filter((sample) => sample.name === name).map((sample) => [sample.labels[label], sample.value]),
  );
}

async function scrape(app: App): Promise<{ type: string | null; samples: Sample[] }> {
  const response = await app.fetch('http://archive.test/metrics');
  return { type: response.headers.get('content-type'), samples: parseExposition(await response.text()) };
}

function appWith(metrics: Metrics, options: { sqlStatementStats?: boolean; database?: Database } = {}): App {
  return createApp({
    config: {
      ...testConfig,
      graphql: { sqlStatementStats: options.sqlStatementStats ?? false },
      responseCache: { maxEntries: 100, maxBytes: 1024 * 1024 },
    },
    db: options.database ?? db,
    metrics,
  });
}

async function post(app: App, body: object): Promise<{ cache: string | null; result: Record<string, unknown> }> {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    cache: response.headers.get('x-response-cache'),
    result: (await response.json()) as Record<string, unknown>,
  };
}

const titlesQuery = 'query TitlesPage { articles(first: 5) { totalCount edges { node { title authors { name } } } } }';

/** What the query costs in SQL statements, as GRAPHQL_SQL_STATS=1 reports it. */
async function statementsOf(query: string): Promise<number> {
  const { result } = await post(appWith(createMetrics(), { sqlStatementStats: true }), { query });
  return (result.extensions as { sqlStatements: number }).sqlStatements;
}

describe('/metrics', () => {
  it('counts GraphQL requests, errors, SQL statements and cache lookups by label', async () => {
    const app = appWith(createMetrics());
    const answers = [
      await post(app, { query: titlesQuery }),
      await post(app, { query: titlesQuery }),
      await post(app, { query: 'query OversizedPage { articles(first: 500) { totalCount } }' }),
      await post(app, { query: '{ sections { slug } }' }),
      await post(app, { query: '{ articles(' }),
    ];
    expect(answers.map(({ cache }) => cache)).toEqual(['miss', 'hit', 'miss', 'miss', 'miss']);
    await app.fetch('http://archive.test/health');

    const { type, samples } = await scrape(app);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(byLabel(samples, 'graphql_requests_total', 'operation')).toEqual({
      TitlesPage: 2,
      OversizedPage: 1,
      anonymous: 2,
    });
    expect(byLabel(samples, 'graphql_request_duration_seconds_count', 'operation')).toEqual({
      TitlesPage: 2,
      OversizedPage: 1,
      anonymous: 2,
    });
    expect(byLabel(samples, 'graphql_errors_total', 'code')).toEqual({ BAD_USER_INPUT: 1, GRAPHQL_PARSE_FAILED: 1 });
    expect(byLabel(samples, 'graphql_response_cache_lookups_total', 'outcome')).toEqual({ hit: 1, miss: 4 });
    // The hit ran none: the statements are the miss's.
    expect(byLabel(samples, 'graphql_sql_statements_total', 'operation').TitlesPage).toBe(
      await statementsOf(titlesQuery),
    );
  });

  it('counts SQL statements when responses report them too (GRAPHQL_SQL_STATS=1)', async () => {
    const metrics = createMetrics();
    const { result } = await post(appWith(metrics, { sqlStatementStats: true }), { query: titlesQuery });
    const reported = (result.extensions as { sqlStatements: number }).sqlStatements;
    expect(reported).toBeGreaterThan(0);
    const { samples } = await scrape(appWith(metrics));
    expect(byLabel(samples, 'graphql_sql_statements_total', 'operation')).toEqual({ TitlesPage: reported });
  });

  it('names the operation of a cache hit, whatever the encoding, named in the document or by operationName', async () => {
    const app = appWith(createMetrics());
    const document =
      'fragment Titles on Article { title } query First { articles(first: 1) { edges { node { ...Titles } } } } query Second { sections { slug } }';
    const get = (query: string) =>
      app.fetch(`http://archive.test/graphql?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/json' },
      });
    for (let round = 0; round < 2; round += 1) {
      await post(app, { query: document, operationName: 'Second' });
      await post(app, {
        query: 'fragment T on Article { title } query ByFragment { articles(first: 2) { edges { node { ...T } } } }',
      });
      await get('query ByGet { sections { name } }');
      await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/graphql' },
        body: 'query AsGraphQL { sections { slug name } }',
      });
    }
    const { samples } = await scrape(app);
    expect(byLabel(samples, 'graphql_response_cache_lookups_total', 'outcome')).toEqual({ hit: 4, miss: 4 });
    expect(byLabel(samples, 'graphql_requests_total', 'operation')).toEqual({
      Second: 2,
      ByFragment: 2,
      ByGet: 2,
      AsGraphQL: 2,
    });
  });

  it('counts unexpected errors as INTERNAL_SERVER_ERROR', async () => {
    const failing: Database = {
      ...db,
      forRequest: () => ({
        prisma: new Proxy(db.prisma, {
          get() {
            throw new Error('the database went away');
          },
        }),
        search: {
          page: () => Promise.reject(new Error('the database went away')),
          count: () => Promise.reject(new Error('the database went away')),
        },
        release: () => {},
        statementCount: () => 0,
      }),
    };
    const app = appWith(createMetrics(), { database: failing });
    const { result } = await post(app, { query: 'query Sections { sections { slug } }' });
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.' })]);
    expect(byLabel((await scrape(app)).samples, 'graphql_errors_total', 'code')).toEqual({ INTERNAL_SERVER_ERROR: 1 });
  });

  it('serves Node process metrics, per app', async () => {
    const [first, second] = [createMetrics(), createMetrics()];
    await post(appWith(first), { query: 'query OnlyInFirst { sections { slug } }' });
    const names = new Set((await scrape(appWith(second))).samples.map((sample) => sample.name));
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    expect(names).not.toContain('graphql_requests_total');
  });
});

describe('Metrics', () => {
  const outcome = (operationName: string | null) => ({
    requestId: 'r',
    method: 'POST',
    path: '/graphql',
    status: 200,
    durationMs: 2,
    graphql: { operationName, errorCodes: [], sqlStatements: 1 },
  });

  it('labels at most 100 operation names, and only names of GraphQL shape; the rest are other', async () => {
    const metrics = createMetrics();
    for (let index = 0; index < 105; index += 1) metrics.observeRequest(outcome(`Operation${index}`));
    for (const name of ['x'.repeat(65), 'not-a-name', 'Operation0', null]) metrics.observeRequest(outcome(name));
    const counts = byLabel(parseExposition(await metrics.registry.metrics()), 'graphql_requests_total', 'operation');
    expect(Object.keys(counts)).toHaveLength(102);
    expect(counts).toMatchObject({ Operation0: 2, Operation99: 1, other: 7, anonymous: 1 });
    expect(counts.Operation100).toBeUndefined();
  });

  it('counts stored documents by outcome, every outcome from the start', async () => {
    const metrics = createMetrics();
    const documents = async () =>
      byLabel(parseExposition(await metrics.registry.metrics()), 'ingest_documents_total', 'outcome');
    expect(await documents()).toEqual({ created: 0, updated: 0, unchanged: 0, refused: 0 });
    metrics.countDocuments({ created: 2, unchanged: 1, refused: 1 });
    metrics.countDocuments({ updated: 1 });
    expect(await documents()).toEqual({ created: 2, updated: 1, unchanged: 1, refused: 1 });
  });
});
