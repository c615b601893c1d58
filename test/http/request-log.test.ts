import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/log.ts';
import { db, testConfig } from '../support/database.ts';

/** An app whose log lines (parsed) land in the returned array. */
function loggingApp(requests: boolean, database: Database = db): { app: App; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const config = {
    ...testConfig,
    log: { level: 'info' as const, requests },
    responseCache: { maxEntries: 100, maxBytes: 1024 * 1024 },
  };
  return { app: createApp({ config, db: database, logger }), lines };
}

const post = (app: App, query: string, requestId: string) =>
  app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ query }),
  });

/** What every line has, times in ISO-8601 UTC. */
const anyLine = {
  time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  pid: process.pid,
  hostname: expect.any(String),
};

/** What every request line has that the tests cannot know in advance. */
const anyRequestLine = { ...anyLine, durationMs: expect.any(Number) };

describe('request log', () => {
  it('writes one JSON line per request: id, method, path, operation, status, duration and error codes', async () => {
    const { app, lines } = loggingApp(true);
    await post(app, 'query Sections { sections { slug } }', 'first');
    await post(app, 'query Sections { sections { slug } }', 'cached');
    await post(app, 'query Oversized { articles(first: 500) { totalCount } }', 'refused');
    await app.fetch('http://archive.test/health?probe=1', { headers: { 'x-request-id': 'probe' } });
    const request = { ...anyRequestLine, level: 'info', msg: 'request', method: 'POST', path: '/graphql', status: 200 };
    expect(lines).toEqual([
      { ...request, requestId: 'first', operationName: 'Sections', errorCodes: [] },
      { ...request, requestId: 'cached', operationName: 'Sections', errorCodes: [] },
      { ...request, requestId: 'refused', operationName: 'Oversized', errorCodes: ['BAD_USER_INPUT'] },
      { ...request, requestId: 'probe', method: 'GET', path: '/health', operationName: null, errorCodes: [] },
    ]);
    expect(lines.every((line) => (line.durationMs as number) >= 0)).toBe(true);
  });

  it('logs a request that ends in a server error at error level, with its generated id', async () => {
    const failing = {
      ...db,
      forRequest: () => {
        throw new Error('no connection left');
      },
    };
    const { app, lines } = loggingApp(true, failing);
    const response = await post(app, 'query Sections { sections { slug } }', 'not a usable id');
    expect(lines).toEqual([
      // Yoga's own report of the unexpected error, through the same logger.
      {
        ...anyLine,
        level: 'error',
        err: expect.objectContaining({ type: 'Error', message: 'no connection left' }),
        msg: 'no connection left',
      },
      {
        ...anyRequestLine,
        level: 'error',
        msg: 'request',
        requestId: response.headers.get('x-request-id'),
        method: 'POST',
        path: '/graphql',
        operationName: 'Sections',
        status: 500,
        errorCodes: ['INTERNAL_SERVER_ERROR'],
      },
    ]);
    expect(response.headers.get('x-request-id')).not.toBe('not a usable id');
  });

  it('writes no request lines when LOG_REQUESTS is off', async () => {
    const { app, lines } = loggingApp(false);
    await post(app, '{ sections { slug } }', 'quiet');
    await app.fetch('http://archive.test/health');
    expect(lines).toEqual([]);
  });
});
