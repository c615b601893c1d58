import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

async function post(environment: Record<string, string>, query: string) {
  const security = loadConfig(environment).security;
  const app = createApp({ config: { ...testConfig, security }, db });
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('introspection', () => {
  it('answers by default, in production too (GraphiQL is the front door)', async () => {
    const result = await post({ NODE_ENV: 'production' }, '{ __schema { queryType { name } } }');
    expect(result).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('is refused with GRAPHQL_INTROSPECTION=0, __typename excepted', async () => {
    const result = await post({ GRAPHQL_INTROSPECTION: '0' }, '{ __schema { queryType { name } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]).toMatchObject({
      message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(await post({ GRAPHQL_INTROSPECTION: '0' }, '{ __type(name: "Article") { name } }')).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
    expect(await post({ GRAPHQL_INTROSPECTION: '0' }, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });
});
