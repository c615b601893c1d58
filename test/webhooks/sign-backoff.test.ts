import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/generated/prisma/client.ts';
import { backoffCapMs, backoffDelayMs } from '../../src/webhooks/backoff.ts';
import { endpointLabel } from '../../src/webhooks/deliver.ts';
import { signedChange, webhookSignature } from '../../src/webhooks/sign.ts';

const change: Change = {
  sequence: 42,
  type: 'ARTICLE_UPDATED',
  articleId: 7,
  url: 'https://cn.nytimes.com/world/20240101/test/',
  section: 'world',
  at: new Date('2026-11-26T08:00:00.000Z'),
};

describe('the webhook signature', () => {
  it('is HMAC-SHA256 of the raw body with the secret, in hex', () => {
    const expected = createHmac('sha256', 'a-long-enough-secret').update('{"a":1}').digest('hex');
    expect(webhookSignature('a-long-enough-secret', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('signs the change with its timestamp in the body, and changes with either', () => {
    const { body, headers } = signedChange(change, 'a-long-enough-secret', 1_700_000_000);
    expect(JSON.parse(body)).toEqual({
      sequence: 42,
      type: 'ARTICLE_UPDATED',
      articleId: 7,
      url: 'https://cn.nytimes.com/world/20240101/test/',
      section: 'world',
      at: '2026-11-26T08:00:00.000Z',
      timestamp: 1_700_000_000,
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-signature': webhookSignature('a-long-enough-secret', body),
      'x-timestamp': '1700000000',
      'x-webhook-sequence': '42',
    });
    expect(signedChange(change, 'a-long-enough-secret', 1_700_000_001).headers['x-signature']).not.toBe(
      headers['x-signature'],
    );
    expect(signedChange(change, 'another-long-secret!', 1_700_000_000).headers['x-signature']).not.toBe(
      headers['x-signature'],
    );
  });
});

describe('the retry schedule', () => {
  it('doubles its bound from half a second up to a minute', () => {
    const bounds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 5000].map((attempts) => backoffDelayMs(attempts, () => 1));
    expect(bounds).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, backoffCapMs]);
  });

  it('draws each delay uniformly below the bound (full jitter)', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.25)).toBe(500);
    for (let attempts = 1; attempts < 30; attempts += 1) {
      const delay = backoffDelayMs(attempts);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(backoffCapMs);
    }
  });
});

describe('endpoint labels', () => {
  it('leave credentials out of metrics and logs', () => {
    expect(endpointLabel('https://user:pass@hooks.example/archive?x=1')).toBe('https://hooks.example/archive?x=1');
  });
});
