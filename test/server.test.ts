import { describe, expect, it } from 'vitest';
import { defaultGraphiqlQuery } from '../src/server.ts';
import { execute, requestGet } from './support/execute.ts';

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
