import pg from 'pg';
import { type ChangeSignal, changeChannel } from '../change-signal.ts';

const reconnectDelayMs = 1000;

/**
 * Changes announced by PostgreSQL itself: the writer's transaction sends `NOTIFY`, which PostgreSQL
 * delivers to every listening session only if and when it commits. One listening connection per
 * process. While that connection is down, notifications are lost, so reconnecting counts as a change.
 */
export async function openNotifySignal(url: string): Promise<ChangeSignal> {
  let version = 0;
  let listener: pg.Client | undefined;
  let problem: string | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', () => {
      version += 1;
    });
    client.on('error', (error) => {
      problem = `change notifications: ${error.message}`;
      version += 1;
      listener = undefined;
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void connect().catch(onConnectFailure), reconnectDelayMs).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${changeChannel}`);
    listener = client;
    problem = undefined;
    version += 1;
  };
  const onConnectFailure = (error: Error) => {
    problem = `change notifications: ${error.message}`;
    if (!closed) setTimeout(() => void connect().catch(onConnectFailure), reconnectDelayMs).unref();
  };
  await connect();

  return {
    version: () => version,
    writerHooks: {
      inTransaction: async (client) => {
        await client.query(`NOTIFY ${changeChannel}`);
      },
      // This process's own requests see the change at once, without waiting for the notification.
      afterCommit: async () => {
        version += 1;
      },
    },
    readinessProblems: async () =>
      problem === undefined && listener !== undefined ? [] : [problem ?? 'change notifications: not listening'],
    close: async () => {
      closed = true;
      await listener?.end();
    },
  };
}
