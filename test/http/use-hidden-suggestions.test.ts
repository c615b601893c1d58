import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

async function messagesOf(environment: Record<string, string>, query: string, variables?: unknown) {
  const security = loadConfig(environment).security;
  const app = createApp({ config: { ...testConfig, security }, db });
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return result.errors?.map((error) => error.message);
}

const typo = '{ articels { totalCount } }';
const enumTypo = '{ articles(orderBy: PUBLISHED_AT_AS) { totalCount } }';
const variableTypo = 'query ($where: ArticleWhere) { articles(where: $where) { totalCount } }';

describe('field suggestions', () => {
  it('are hidden in production: fields, enum values, and input fields of variables', async () => {
    const production = { NODE_ENV: 'production' };
    expect(await messagesOf(production, typo)).toEqual(['Cannot query field "articels" on type "Query".']);
    expect(await messagesOf(production, enumTypo)).toEqual([
      'Argument "orderBy" of "articles" has an invalid value: Value "PUBLISHED_AT_AS" does not exist in "ArticleOrderBy" enum.',
    ]);
    expect(await messagesOf(production, variableTypo, { where: { sectoin: 'world' } })).toEqual([
      'Variable "$where" got invalid value { sectoin: "world" }; Field "sectoin" is not defined by type "ArticleWhere".',
    ]);
  });

  it('are shown elsewhere, and with GRAPHQL_FIELD_SUGGESTIONS=1 in production', async () => {
    for (const environment of [{}, { NODE_ENV: 'production', GRAPHQL_FIELD_SUGGESTIONS: '1' }] as Record<
      string,
      string
    >[]) {
      expect(await messagesOf(environment, typo)).toEqual([
        'Cannot query field "articels" on type "Query". Did you mean "articles" or "article"?',
      ]);
    }
    expect(await messagesOf({ GRAPHQL_FIELD_SUGGESTIONS: '0' }, typo)).toEqual([
      'Cannot query field "articels" on type "Query".',
    ]);
  });
});
