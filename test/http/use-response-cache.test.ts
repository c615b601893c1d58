import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

const cached = createApp({ config: { ...testConfig, responseCache: { maxEntries: 100, maxBytes: 1 << 20 } }, db });
const uncached = createApp({ config: { ...testConfig, responseCache: { maxEntries: 0, maxBytes: 0 } }, db });

const body = JSON.stringify({ query: '{ latestChangeSequence }' });

function post(app: typeof cached, contentType: string, origin?: string) {
  return app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': contentType, ...(origin ? { origin } : {}) },
    body,
  });
}

describe('the response cache never answers what would be refused uncached', () => {
  it('gives a text/plain POST matching a cached JSON request what it gets uncached', async () => {
    await post(cached, 'application/json');
    expect((await post(cached, 'application/json')).headers.get('x-response-cache')).toBe('hit');
    const expected = await post(uncached, 'text/plain');
    const answered = await post(cached, 'text/plain');
    expect(expected.status).toBe(415);
    expect(answered.headers.get('x-response-cache')).not.toBe('hit');
    expect({ status: answered.status, body: await answered.text() }).toEqual({
      status: expected.status,
      body: await expected.text(),
    });
  });

  it('computes CORS headers for every origin, hits included', async () => {
    await post(cached, 'application/json', 'https://one.example');
    const hit = await post(cached, 'application/json', 'https://two.example');
    const fresh = await post(uncached, 'application/json', 'https://two.example');
    expect(hit.headers.get('x-response-cache')).toBe('hit');
    expect(hit.headers.get('access-control-allow-origin')).toBe(fresh.headers.get('access-control-allow-origin'));
  });
});
