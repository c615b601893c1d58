import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { App } from './app.ts';

export interface Listening {
  server: Server;
  /** Where GraphiQL answers, with the port actually bound (PORT=0 picks a free one). */
  graphiqlUrl: string;
  /**
   * Stops accepting connections and closes the idle ones; requests in flight get `graceMs` to finish
   * (their responses close their connections), then the connections left are closed. Resolves once
   * the server has closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** Serves `app` over HTTP on the configured host and port. */
export async function listen(app: App, { host, port }: Pick<Config['http'], 'host' | 'port'>): Promise<Listening> {
  const inFlight = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
    // A request can still arrive once the server stopped listening, on a connection it had accepted.
    if (!server.listening) closeConnectionAfter(server, response);
    app(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    graphiqlUrl: `http://${shownHost}:${bound}${app.graphqlEndpoint}`,
    close(graceMs = 0) {
      // Node's close() also closes idle keep-alive connections, but keeps a connection alive after the
      // response in flight on it: each is told to close instead.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const response of inFlight) closeConnectionAfter(server, response);
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      return closed.finally(() => clearTimeout(deadline));
    },
  };
}

/** The response's connection closes once the response is sent, so its client sends nothing more on it. */
function closeConnectionAfter(server: Server, response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('connection', 'close');
  else response.once('finish', () => server.closeIdleConnections());
}

/**
 * Runs `stop` on the first SIGINT or SIGTERM. The handlers go with it, so a second signal ends the
 * process at once (Node's default), for an operator who will not wait for the drain.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  const handler = (signal: NodeJS.Signals) => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    void stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
