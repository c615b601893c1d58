import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { type ChangeSignal, changeChannel } from './change-signal.ts';

/**
 * Changes announced through Redis pub/sub, for several replicas (and the ingest CLI) behind a load
 * balancer, where a LISTEN connection to the primary per process is not wanted or not possible (a
 * transaction-pooling proxy). The writer publishes after each commit. A message lost while a
 * subscriber was disconnected is made up for by counting the reconnection itself as a change.
 */
export async function openRedisSignal(url: string, archive: string): Promise<ChangeSignal> {
  // Archives sharing one Redis do not invalidate each other's caches.
  const topic = `${changeChannel}:${archive}`;
  const publishClient = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscribeClient = new Redis(url, { lazyConnect: true });
  let version = 0;
  const bump = () => {
    version += 1;
  };
  // Redis clients emit errors on every failed reconnection; readiness reports them instead.
  publishClient.on('error', () => {});
  subscribeClient.on('error', () => {});
  subscribeClient.on('ready', bump);
  await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  const events = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  events.addEventListener(topic, bump);

  return {
    version: () => version,
    writerHooks: {
      afterCommit: async () => {
        bump();
        events.dispatchEvent(new CustomEvent(topic, { detail: { at: Date.now() } }));
      },
    },
    readinessProblems: async () => {
      const down = [publishClient, subscribeClient].filter((client) => client.status !== 'ready');
      return down.length === 0 ? [] : [`redis: ${down.map((client) => client.status).join(', ')}`];
    },
    close: async () => {
      events.removeEventListener(topic, bump);
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
