import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

const writeToken = 'body-limit-write-token';
const sha256 = createHash('sha256').update(writeToken).digest();

/** The app with the response cache off and statement stats on: the settings that once had no body limit. */
const app = createApp({
  config: {
    ...testConfig,
    graphql: { sqlStatementStats: true },
    responseCache: { maxEntries: 0, maxBytes: 0 },
    auth: { tokens: [{ name: 'cms', scopes: ['write'], sha256 }] },
  },
  db,
});

/** A JSON body of exactly `bytes` bytes: a tiny query and a padding variable. */
function bodyOf(bytes: number): string {
  const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
  const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - empty.length) } });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let start = 0; start < bytes.length; start += 16 * 1024)
        controller.enqueue(bytes.slice(start, start + 16 * 1024));
      controller.close();
    },
  });
}

describe('the request-body limit, with the response cache off', () => {
  it('accepts 100 KiB and refuses one byte more with a one-line 413', async () => {
    expect((await post(bodyOf(100 * 1024))).status).toBe(200);
    const refused = await post(bodyOf(100 * 1024 + 1));
    expect(refused.status).toBe(413);
    expect(await refused.text()).toBe('Request body larger than 100 KiB');
  });

  it('counts a body of undeclared length as it arrives', async () => {
    expect((await post(streamOf(bodyOf(100 * 1024)))).status).toBe(200);
    expect((await post(streamOf(bodyOf(100 * 1024 + 1)))).status).toBe(413);
  });

  it('refuses the 50 MB body of issue 12', async () => {
    const refused = await post(bodyOf(50 * 1024 * 1024));
    expect(refused.status).toBe(413);
  });

  it('lets a write token send a batch of documents', async () => {
    const response = await post(bodyOf(1024 * 1024), { authorization: `Bearer ${writeToken}` });
    expect(response.status).toBe(200);
  });
});
