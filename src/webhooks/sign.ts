import { createHmac } from 'node:crypto';
import type { Change } from '../generated/prisma/client.ts';

/** What a receiver gets for one change: the body and the headers that let it check where it came from. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** `sha256=<hex>`: HMAC-SHA256 with `secret` over the raw body, exactly as sent. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The POST for `change` at `timestamp` (unix seconds): the fields of the change feed in a fixed order,
 * then `timestamp`. The timestamp is in the body so that the signature covers it: a receiver refuses
 * old requests (replays) without trusting an unsigned header. `X-Timestamp` repeats it for receivers
 * that look before parsing.
 */
export function signedChange(change: Change, secret: string, timestamp: number): SignedRequest {
  const { sequence, type, articleId, url, section, at } = change;
  const body = JSON.stringify({ sequence, type, articleId, url, section, at: at.toISOString(), timestamp });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-signature': webhookSignature(secret, body),
      'x-timestamp': String(timestamp),
      'x-webhook-sequence': String(sequence),
    },
  };
}
