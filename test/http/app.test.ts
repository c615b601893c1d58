import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { defaultGraphiqlQuery } from '../../src/http/graphiql.ts';
import { articleSpec, parsed } from '../support/archive.ts';
import { db, openTestDatabase, testConfig } from '../support/database.ts';
import { execute, requestGet } from '../support/execute.ts';

describe('server', () => {
  it('serves GraphiQL with the newest-articles query to browsers', async () => {
    const response = await requestGet('/graphql', { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('News archive GraphQL');
    expect(page).toContain('query NewestArticles');
  });

  it('answers the default GraphiQL query', async () => {
    const response = await execute(defaultGraphiqlQuery);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      articles: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });

  it('answers GET queries', async () => {
    const response = await requestGet(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      accept: 'application/json',
    });
    expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('reports syntax and validation errors clearly', async () => {
    expect((await execute('{ articles { edges { node { nope } } } }')).errors?.[0]?.message).toBe(
      'Cannot query field "nope" on type "Article".',
    );
    expect((await execute('{ articles(')).errors?.[0]?.message).toMatch(/^Syntax Error/);
  });

  it('refuses an article lookup without url or slug', async () => {
    const response = await execute('{ article { title } }');
    expect(response.errors?.[0]).toMatchObject({
      message: 'article needs "url" or "slug"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('createApp', () => {
  it('serves any number of databases side by side in one process', async () => {
    const other = await openTestDatabase();
    const spec = articleSpec({ title: '只在另一个数据库里' });
    await other.db.writer.write([parsed(renderDocument(spec))]);
    const count = async (app: App) => {
      const response = await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles { totalCount } }' }),
      });
      return ((await response.json()) as { data: { articles: { totalCount: number } } }).data.articles.totalCount;
    };
    expect(await count(createApp({ config: other.config, db: other.db }))).toBe(1);
    expect(await count(createApp({ config: testConfig, db }))).toBe(0);
  });
});
