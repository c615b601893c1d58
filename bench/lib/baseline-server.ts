import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { articlePageQuery, authorPageQuery, homePageQuery } from './queries.ts';

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

/** A baseline that failed (a database error) says why, so that the harness's verification shows it. */
function failure(error: unknown): Answer {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: JSON.stringify({ errors: [{ message: `baseline failed: ${message}` }] }) };
}

/**
 * Serves a baseline on HOST:PORT: reads each request body in full, as the API does, and sends what
 * `answer` makes of it (a 500 when it throws or rejects). Stops listening on SIGTERM.
 */
export function serveBaseline(answer: (requestBody: string) => Answer | Promise<Answer>): void {
  const server = createServer((request, response) => {
    readBody(request)
      .then(answer)
      .then(
        (answered) => send(response, answered),
        (error: unknown) => (response.headersSent ? response.destroy() : send(response, failure(error))),
      );
  });
  server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

/** What a B1 answers: one of the benchmark's three queries with its variables. */
export type BenchmarkRequest =
  | { page: 'home'; after: string | null }
  | { page: 'article'; slug: string }
  | { page: 'author'; slug: string };

export const badRequest: Answer = { status: 400, body: '{"errors":[{"message":"not a benchmark request"}]}' };

function parseBody(text: string): { query?: unknown; variables?: Record<string, unknown> } {
  try {
    return JSON.parse(text) as { query?: unknown; variables?: Record<string, unknown> };
  } catch {
    return {};
  }
}

/** The benchmark request a body holds, or null for anything else (B1 answers those with `badRequest`). */
export function readBenchmarkRequest(requestBody: string): BenchmarkRequest | null {
  const { query, variables } = parseBody(requestBody);
  if (query === homePageQuery) {
    const after = variables?.after ?? null;
    return typeof after === 'string' || after === null ? { page: 'home', after } : null;
  }
  if (query === articlePageQuery && typeof variables?.slug === 'string')
    return { page: 'article', slug: variables.slug };
  if (query === authorPageQuery && typeof variables?.slug === 'string') return { page: 'author', slug: variables.slug };
  return null;
}
