import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { useResponseSizeLimit } from '../../src/http/use-response-size-limit.ts';
import { db, testConfig } from '../support/database.ts';

const schema = createSchema({
  typeDefs: 'type Query { text(length: Int!): String }',
  resolvers: { Query: { text: (_: unknown, { length }: { length: number }) => '字'.repeat(length) } },
});

function sizedApp(maxBytes: number) {
  return createYoga({ schema, plugins: [useResponseSizeLimit(maxBytes)], logging: false });
}

async function ask(app: ReturnType<typeof sizedApp>, length: number) {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ text(length: ${length}) }` }),
  });
  return { bytes: Buffer.byteLength(await response.clone().text()), body: await response.json() };
}

describe('the response-size backstop', () => {
  // {"data":{"text":"…"}}: 20 bytes around the text, 3 bytes a character.
  const exact = 20 + 3 * 1000;

  it('sends a response of exactly the limit, counted in UTF-8 bytes', async () => {
    const answer = await ask(sizedApp(exact), 1000);
    expect(answer.body).toEqual({ data: { text: '字'.repeat(1000) } });
    expect(answer.bytes).toBe(exact);
    expect(answer.body).toEqual({ data: { text: '字'.repeat(1000) } });
  });

  it('refuses one byte more with RESPONSE_TOO_LARGE', async () => {
    const answer = await ask(sizedApp(exact - 1), 1000);
    expect(answer.body).toEqual({
      errors: [
        {
          message: 'Response larger than 3 KiB; ask for smaller pages or fewer body fields',
          extensions: { code: 'RESPONSE_TOO_LARGE', maxBytes: exact - 1 },
        },
      ],
    });
  });

  it('is part of the app: a response over RESPONSE_MAX_MB is refused and never cached', async () => {
    const app = createApp({
      config: {
        ...testConfig,
        responseCache: { maxEntries: 100, maxBytes: 1 << 20 },
        limits: { ...testConfig.limits, maxResponseBytes: 20 },
      },
      db,
    });
    const request = () =>
      app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ sections { slug } latestChangeSequence }' }),
      });
    const first = (await (await request()).json()) as { errors: { extensions: { code: string } }[] };
    expect(first.errors[0]?.extensions.code).toBe('RESPONSE_TOO_LARGE');
    expect((await request()).headers.get('x-response-cache')).toBe('miss');
  });
});
