import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { articleSpec, storeSpecs } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

describe('response bodies', () => {
  it('list fields in the order the query selects them, however their values resolve', async () => {
    await storeSpecs([articleSpec(), articleSpec()]);
    const app = createApp({ config: testConfig, db });
    const response = await app.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // totalCount is counted by a query of its own, after the page: it resolves last.
      body: JSON.stringify({
        query: '{ articles(first: 1) { totalCount pageInfo { hasNextPage } edges { cursor } } }',
      }),
    });
    const text = await response.text();
    expect(Object.keys(JSON.parse(text).data.articles)).toEqual(['totalCount', 'pageInfo', 'edges']);
  });
});
