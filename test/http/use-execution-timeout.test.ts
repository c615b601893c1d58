import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { useExecutionTimeout } from '../../src/http/use-execution-timeout.ts';

// A resolver that answers only when the test says so: the timeout is the only way out before then.
let release: () => void = () => {};
const released = new Promise<void>((resolve) => {
  release = resolve;
});
afterAll(() => release());

const schema = createSchema({
  typeDefs: 'type Query { slow: String, fast: String } type Mutation { slowWrite: String }',
  resolvers: {
    Query: { slow: () => released.then(() => 'late'), fast: () => 'now' },
    Mutation: { slowWrite: () => released.then(() => 'written') },
  },
});
const yoga = createYoga({ schema, plugins: [useExecutionTimeout(20)], logging: false });

function post(query: string) {
  return yoga.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
}

describe('the execution timeout', () => {
  it('answers a query still running with QUERY_TIMEOUT', async () => {
    const response = await post('{ slow }');
    expect(await response.json()).toEqual({
      data: null,
      errors: [
        {
          message: 'Query took longer than 0.02 s and was stopped; ask for less',
          extensions: { code: 'QUERY_TIMEOUT', timeoutMs: 20 },
        },
      ],
    });
  });

  it('leaves a query that finishes alone', async () => {
    expect(await (await post('{ fast }')).json()).toEqual({ data: { fast: 'now' } });
  });

  it('never cuts a mutation short: its write commits whatever the client is told', async () => {
    const answer = post('mutation { slowWrite }');
    // The mutation is still waiting when the query times out beside it.
    expect(((await (await post('{ slow }')).json()) as { errors: unknown[] }).errors).toHaveLength(1);
    release();
    expect(await (await answer).json()).toEqual({ data: { slowWrite: 'written' } });
  });
});
