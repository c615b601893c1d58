import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { renderDocument } from '../../../src/corpus/render.ts';
import { type Database, openDatabase } from '../../../src/data/database.ts';
import { createApp } from '../../../src/http/app.ts';
import { articleSpec, parsed } from '../../support/archive.ts';
import { copyTemplateDatabase } from '../../support/database.ts';

/**
 * Read replicas are PostgreSQL databases kept in sync by replication; here the test keeps them in
 * sync (or deliberately not) itself, since what is tested is the routing: reads go to the replicas,
 * each request to one replica for all its statements, and writes to the primary.
 */

const opened: Database[] = [];
const copies: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
  for (const copy of copies) await copy.drop();
});

/** A copy of the migrated template, dropped after the file's tests. */
async function copy(): Promise<{ url: string }> {
  const database = await copyTemplateDatabase();
  copies.push(database);
  return database;
}

async function open(url: string, readUrls: string[] = []): Promise<Database> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATABASE_READ_URLS: readUrls.join(','),
    DATABASE_POOL_SIZE: '2',
  });
  const database = await openDatabase(config);
  opened.push(database);
  return database;
}

const countQuery = '{ articles(first: 100) { totalCount edges { node { title } } } }';

async function titles(database: Database): Promise<{ totalCount: number; titles: string[] }> {
  const app = createApp({
    config: {
      mode: 'test',
      graphql: { sqlStatementStats: false },
      responseCache: { maxEntries: 0, maxBytes: 0 },
    },
    db: database,
  });
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: countQuery }),
  });
  const { data } = (await response.json()) as {
    data: { articles: { totalCount: number; edges: { node: { title: string } }[] } };
  };
  return { totalCount: data.articles.totalCount, titles: data.articles.edges.map(({ node }) => node.title) };
}

describe('DATABASE_READ_URLS', () => {
  it('reads from the replicas and writes to the primary', async () => {
    const [primaryCopy, replicaCopy] = await Promise.all([copy(), copy()]);
    const served = await open(primaryCopy.url, [replicaCopy.url]);
    const replica = await open(replicaCopy.url);
    const primary = await open(primaryCopy.url);
    const record = parsed(renderDocument(articleSpec({ title: '只在主库' })));

    await served.writer.write([record]);
    expect((await titles(primary)).titles).toEqual(['只在主库']);
    expect(await titles(served)).toEqual({ totalCount: 0, titles: [] });

    // Replication catches up.
    await replica.writer.write([record]);
    expect(await titles(served)).toEqual({ totalCount: 1, titles: ['只在主库'] });
  });

  it('keeps each request on one replica for all its statements', async () => {
    const [primaryCopy, firstCopy, secondCopy] = await Promise.all([copy(), copy(), copy()]);
    const first = await open(firstCopy.url);
    await first.writer.write([parsed(renderDocument(articleSpec({ title: '副本一' })))]);
    const second = await open(secondCopy.url);
    await second.writer.write(['副本二甲', '副本二乙'].map((title) => parsed(renderDocument(articleSpec({ title })))));
    const served = await open(primaryCopy.url, [firstCopy.url, secondCopy.url]);

    const answers = await Promise.all(Array.from({ length: 8 }, () => titles(served)));
    // totalCount and the page come from separate statements: they agree only if both read one replica.
    for (const answer of answers) expect(answer.totalCount).toBe(answer.titles.length);
    expect(new Set(answers.map((answer) => answer.totalCount))).toEqual(new Set([1, 2]));
  });
});
