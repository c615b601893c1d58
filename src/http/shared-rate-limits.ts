import { Redis } from 'ioredis';

/**
 * Rate-limit counts kept in Redis, so that replicas behind a load balancer share them: a client gets
 * its limit once, not once per replica. While Redis is unreachable each process counts in its own
 * memory instead (use-rate-limit.ts), so requests are still limited and never fail for it.
 */
export interface SharedRateLimits {
  client: Redis;
  /** Starts every count's key: archives sharing one Redis keep their counts apart. */
  keyPrefix: string;
  close(): Promise<void>;
}

export function openSharedRateLimits(redisUrl: string, archive: string): SharedRateLimits {
  // No offline queue: a count Redis cannot take now is counted in memory at once, not delayed.
  const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // ioredis reports every failed reconnection; /ready reports Redis, the limits fall back meanwhile.
  client.on('error', () => {});
  return {
    client,
    keyPrefix: `rate-limit:${archive}`,
    close: async () => {
      client.disconnect();
    },
  };
}
