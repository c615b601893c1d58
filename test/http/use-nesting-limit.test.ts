import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { maxNesting } from '../../src/http/use-nesting-limit.ts';
import { db, testConfig } from '../support/database.ts';

const app = createApp({ config: testConfig, db });

async function post(query: string) {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

describe('deeply nested documents', () => {
  it('are refused with a code, not a stack overflow (HTTP 500)', async () => {
    // Issue 12: 2,400 levels overflowed graphql-js's recursive-descent parser (7 KB, few tokens per level).
    const deep = `{${'a{'.repeat(2399)}a${'}'.repeat(2400)}`;
    const { status, body } = await post(deep);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: `Query is nested deeper than ${maxNesting} levels of brackets`,
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }),
      }),
    ]);
  });

  it('count input objects and lists too', async () => {
    const { body } = await post(
      `{ articles(where: { section: ${'['.repeat(2400)}"x"${']'.repeat(2400)} }) { totalCount } }`,
    );
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('leave syntax errors to the parser, with their location', async () => {
    const { body } = await post('{ articles { totalCount }');
    expect(body.errors[0]).toMatchObject({ message: 'Syntax Error: Expected Name, found <EOF>.' });
  });

  it('let ordinary queries through', async () => {
    const { status, body } = await post(
      '{ articles(first: 1) { edges { node { authors { articles { totalCount } } } } } }',
    );
    expect({ status, body }).toEqual({ status: 200, body: { data: { articles: { edges: [] } } } });
  });
});
