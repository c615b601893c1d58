import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { clientAddressOf } from '../../src/http/use-rate-limit.ts';
import { db, testConfig } from '../support/database.ts';

const token = 'rate-limit-read-token';
const sha256 = createHash('sha256').update(token).digest();

// Behind one trusted proxy: the client is the last X-Forwarded-For entry.
const app = createApp({
  config: {
    ...testConfig,
    auth: { tokens: [{ name: 'reader', scopes: ['read'], sha256 }] },
    rateLimit: { anonymousPerMinute: 3, tokenPerMinute: 5, trustProxyHops: 1 },
  },
  db,
});

function ask(address: string, headers: Record<string, string> = {}, path = '/graphql') {
  return app.fetch(`http://archive.test${path}?query=%7BlatestChangeSequence%7D`, {
    headers: { 'x-forwarded-for': `198.51.100.1, ${address}`, accept: 'application/json', ...headers },
  });
}

describe('rate limiting', () => {
  it('answers the request over the limit with 429, Retry-After and a coded GraphQL error', async () => {
    for (let request = 0; request < 3; request++) expect((await ask('203.0.113.1')).status).toBe(200);
    const refused = await ask('203.0.113.1');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: `Too many requests from this address: at most 3 a minute; retry in ${retryAfter} s`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
        },
      ],
    });
  });

  it('counts each address on its own, never by what the client put in X-Forwarded-For', async () => {
    for (let request = 0; request < 3; request++) expect((await ask('203.0.113.2')).status).toBe(200);
    expect((await ask('203.0.113.2')).status).toBe(429);
    expect((await ask('203.0.113.3')).status).toBe(200);
  });

  it('counts a token by its name, whatever the address', async () => {
    const withToken = { authorization: `Bearer ${token}` };
    for (let request = 0; request < 5; request++) {
      expect((await ask(`203.0.113.${10 + request}`, withToken)).status).toBe(200);
    }
    const refused = await ask('203.0.113.20', withToken);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(
      /^Too many requests from token "reader": at most 5 a minute/,
    );
  });

  it('leaves health, readiness, metrics and the schema alone', async () => {
    for (const path of ['/health', '/ready', '/metrics', '/schema.graphql']) {
      for (let request = 0; request < 5; request++) expect((await ask('203.0.113.30', {}, path)).status).toBe(200);
    }
  });
});

describe('the client address', () => {
  const request = new Request('http://archive.test/graphql', { headers: { 'x-forwarded-for': 'forged, 192.0.2.7' } });
  const socket = { req: { socket: { remoteAddress: '10.0.0.1' } } };

  it('is the socket peer when no proxy is trusted', () => {
    expect(clientAddressOf(request, socket, 0)).toBe('10.0.0.1');
  });

  it('is what the outermost trusted proxy saw', () => {
    expect(clientAddressOf(request, socket, 1)).toBe('192.0.2.7');
  });

  it('is unknown for an in-process call', () => {
    expect(clientAddressOf(request, undefined, 0)).toBeNull();
  });
});
