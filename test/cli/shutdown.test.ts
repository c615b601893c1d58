import { once } from 'node:events';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedText, store } from '../support/archive.ts';
import { childTimeoutMs, type Served, serveInChild } from '../support/served.ts';

beforeAll(() => store(seedText));

const query = JSON.stringify({ query: '{ articles(first: 1) { edges { node { title } } } }' });

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * A POST whose headers the server has read (it answered `100 Continue`) and whose body has only begun
 * to arrive: a request in flight. `answer` settles when its response has been read, or its connection lost.
 */
async function requestInFlight(port: number): Promise<{ request: ClientRequest; answer: Promise<Answer> }> {
  const request = httpRequest({
    host: '127.0.0.1',
    port,
    path: '/graphql',
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(query),
      expect: '100-continue',
      // As a client pooling its connections sends it (agent: false would ask for `close`).
      connection: 'keep-alive',
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
      );
    });
  });
  request.flushHeaders();
  await once(request, 'continue');
  request.write(query.slice(0, 10));
  return { request, answer };
}

/** How a new connection to `port` fares. */
function connectionAttempt(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function shuttingDown(server: Served): Promise<void> {
  server.child.kill('SIGTERM');
  await server.waitFor(() => server.logLines().find((line) => line.msg === 'shutting down'));
}

describe('shutdown on SIGTERM', () => {
  it(
    'refuses new connections, lets the request in flight finish, then exits 0',
    async () => {
      const server = await serveInChild('serve', { SHUTDOWN_TIMEOUT_MS: '10000' });
      const { request, answer } = await requestInFlight(server.port);

      await shuttingDown(server);
      expect(await connectionAttempt(server.port)).toBe('ECONNREFUSED');

      request.end(query.slice(10));
      expect(await answer).toEqual({
        status: 200,
        connection: 'close',
        body: JSON.stringify({
          data: { articles: { edges: [{ node: { title: '美国高级官员将访华进行经贸谈判' } }] } },
        }),
      });
      expect(await server.exit).toEqual({ code: 0, signal: null });
      expect(server.logLines().map(({ level, msg, signal }) => ({ level, msg, signal }))).toEqual([
        { level: 'info', msg: 'listening', signal: undefined },
        { level: 'info', msg: 'shutting down', signal: 'SIGTERM' },
        { level: 'info', msg: 'request', signal: undefined },
        { level: 'info', msg: 'stopped', signal: 'SIGTERM' },
      ]);
    },
    childTimeoutMs,
  );

  it(
    'cuts a request that outlasts SHUTDOWN_TIMEOUT_MS, and still exits 0',
    async () => {
      const server = await serveInChild('serve', { SHUTDOWN_TIMEOUT_MS: '300' });
      const { answer } = await requestInFlight(server.port);
      const started = performance.now();

      await shuttingDown(server);
      // Closed without an answer: 'socket hang up', or 'read ECONNRESET' when the server had not read all it was sent.
      await expect(answer).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect(await server.exit).toEqual({ code: 0, signal: null });
    },
    childTimeoutMs,
  );
});
