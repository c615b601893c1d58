import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Answer = { status: number; body: string | Buffer };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, { status, body }: Answer): void {
  // The headers graphql-yoga sends for a JSON result, so that responses weigh the same on the wire.
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * Serves a baseline on HOST:PORT: reads each request body in full, as the API does, and sends what
 * `answer` makes of it. Stops on SIGTERM.
 */
export function serveBaseline(answer: (requestBody: string) => Answer): void {
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => send(response, answer(body)),
      () => response.destroy(),
    );
  });
  server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}
