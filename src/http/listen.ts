import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { App } from './app.ts';

export interface Listening {
  server: Server;
  /** Where GraphiQL answers, with the port actually bound (PORT=0 picks a free one). */
  graphiqlUrl: string;
  /** Stops accepting, drops idle and open connections, and resolves once the server has closed. */
  close(): Promise<void>;
}

/** Serves `app` over HTTP on the configured host and port. */
export async function listen(app: App, { host, port }: Config['http']): Promise<Listening> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    graphiqlUrl: `http://${shownHost}:${bound}${app.graphqlEndpoint}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `stop` once on the first SIGINT or SIGTERM. */
export function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
