import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { archiveIdentity } from '../../src/data/archive-identity.ts';
import { createApp } from '../../src/http/app.ts';
import { openSharedRateLimits } from '../../src/http/shared-rate-limits.ts';
import { db, testConfig } from '../support/database.ts';
import { childTimeoutMs, serveInChild } from '../support/served.ts';

const redisUrl = 'redis://127.0.0.1:6379';
const limits = { RATE_LIMIT_PER_MINUTE: '4', TRUST_PROXY_HOPS: '1', LOG_LEVEL: 'silent' };

/** An address no other run has used within the last minute: Redis keeps counts for a minute. */
const freshAddress = () => `198.18.${randomInt(256)}.${randomInt(256)}`;

async function status(port: number, address: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql?query=%7BlatestChangeSequence%7D`, {
    headers: { 'x-forwarded-for': address, accept: 'application/json' },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('rate limits across replicas', () => {
  it(
    'with REDIS_URL, gives a client its limit once across two server processes',
    async () => {
      const [a, b] = await Promise.all([
        serveInChild('serve', { ...limits, REDIS_URL: redisUrl }),
        serveInChild('serve', { ...limits, REDIS_URL: redisUrl }),
      ]);
      const client = freshAddress();
      const answers = [];
      for (const replica of [a, b, a, b, a, b]) answers.push(await status(replica.port, client));
      expect(answers).toEqual([200, 200, 200, 200, 429, 429]);
      // Another client has its own count.
      expect(await status(b.port, freshAddress())).toBe(200);
    },
    childTimeoutMs,
  );

  it(
    'without REDIS_URL, counts in each process',
    async () => {
      const [a, b] = await Promise.all([serveInChild('serve', limits), serveInChild('serve', limits)]);
      const client = freshAddress();
      const answers = [];
      for (const replica of [a, b, a, b, a, b, a, b, a, b]) answers.push(await status(replica.port, client));
      expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    },
    childTimeoutMs,
  );
});

describe('rate limits while Redis cannot be reached', () => {
  it('counts in this process instead, and never fails a request for it', async () => {
    // Port 1: nothing listens there, so every connection attempt is refused.
    const shared = openSharedRateLimits('redis://127.0.0.1:1', archiveIdentity(testConfig.database.url));
    const app = createApp({
      config: { ...testConfig, rateLimit: { anonymousPerMinute: 2, tokenPerMinute: 0, trustProxyHops: 1 } },
      db,
      sharedRateLimits: shared,
    });
    const ask = async () =>
      (
        await app.fetch('http://archive.test/graphql?query=%7BlatestChangeSequence%7D', {
          headers: { 'x-forwarded-for': '203.0.113.9', accept: 'application/json' },
        })
      ).status;
    try {
      expect([await ask(), await ask(), await ask()]).toEqual([200, 200, 429]);
    } finally {
      await shared.close();
    }
  });
});
