import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import type { DocumentSpec } from '../../src/corpus/render.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { defaultQueryLimits, useQueryLimits } from '../../src/http/use-query-limits.ts';
import { useSseEventIds } from '../../src/http/use-sse-event-ids.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { articleSpec, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { childTimeoutMs, serveInChild } from '../support/served.ts';

/**
 * `articleChanged` over Server-Sent Events as an integration meets it: the server and the ingest CLI
 * are processes of their own, so changes cross a process boundary between commit and delivery.
 */

const subscription = `subscription Changes($after: Int, $section: String) {
  articleChanged(after: $after, section: $section) { sequence type url }
}`;

interface Event {
  id: string | undefined;
  event: string | undefined;
  data: string;
  /** When it arrived (performance.now()). */
  at: number;
}

interface ChangeEvent {
  id: string | undefined;
  sequence: number;
  type: string;
  url: string;
  at: number;
}

/** An open event stream: its events as they arrive, parsed as EventSource does (comments dropped). */
class EventStream {
  readonly events: Event[] = [];
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #ended = false;

  constructor(response: Response) {
    if (response.body === null) throw new Error('the response has no body');
    this.#reader = response.body.getReader();
    void this.#read();
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
          }
          if (fields.size > 0) {
            this.events.push({
              id: fields.get('id'),
              event: fields.get('event'),
              data: fields.get('data') ?? '',
              at: performance.now(),
            });
          }
        }
      }
    } catch {
      // Cancelled by close().
    }
    this.#ended = true;
  }

  changes(): ChangeEvent[] {
    return this.events
      .filter((event) => event.event === 'next')
      .map((event) => ({ id: event.id, at: event.at, ...JSON.parse(event.data).data.articleChanged }));
  }

  /** Waits until `count` changes arrived (failing after `timeoutMs`), then a little more for any extra. */
  async waitForChanges(count: number, timeoutMs = 10_000): Promise<ChangeEvent[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.changes().length < count) {
      if (this.#ended || performance.now() > deadline) {
        throw new Error(`expected ${count} changes, got ${JSON.stringify(this.events)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A duplicate or a change out of the filter would come right behind.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return this.changes();
  }

  /** Disconnects, as a client going away does. */
  close(): void {
    void this.#reader.cancel();
  }
}

async function subscribe(
  port: number,
  variables: { after?: number; section?: string },
  options: { method?: 'GET' | 'POST'; lastEventId?: string } = {},
): Promise<EventStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  let body: string | undefined;
  if (options.method === 'GET') {
    // As an EventSource subscribes: everything in the query string.
    url.searchParams.set('query', subscription);
    url.searchParams.set('variables', JSON.stringify(variables));
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify({ query: subscription, variables });
  }
  const response = await fetch(url, { method: options.method ?? 'POST', headers, body });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  // The response starts once the subscription is registered: from here on nothing is missed.
  return new EventStream(response);
}

/** Runs `npm run ingest` on the documents as a child process; answers when it exited. */
async function ingestInChild(specs: DocumentSpec[]): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'subscribe-ingest-'));
  // The CLI stores files in name order.
  for (const [index, spec] of specs.entries()) writeFileSync(join(folder, `${index}.txt`), renderDocument(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.pipe(process.stderr);
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(output).toContain(`ingested ${specs.length}`);
  return performance.now();
}

const inSection = (section: string) =>
  articleSpec({ url: `https://cn.nytimes.com/${section}/20240101/subscribed-${Math.random().toString(36).slice(2)}/` });

describe('articleChanged over Server-Sent Events', () => {
  it(
    'delivers the changes of an ingest in another process, in order, once, and resumes after a reconnect',
    async () => {
      const served = await serveInChild('serve');
      const all = await subscribe(served.port, {});
      const business = await subscribe(served.port, { section: 'business' }, { method: 'GET' });

      const specs = [inSection('world'), inSection('business'), inSection('world')];
      const exitedAt = await ingestInChild(specs);
      const changes = await all.waitForChanges(3);
      expect(changes.map(({ type, url }) => ({ type, url }))).toEqual(
        specs.map((spec) => ({ type: 'ARTICLE_CREATED', url: spec.url })),
      );
      for (const change of changes) {
        expect(change.id).toBe(String(change.sequence));
        expect(change.at - exitedAt).toBeLessThan(2000);
      }
      const sequences = changes.map((change) => change.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect((await business.waitForChanges(1)).map(({ url }) => url)).toEqual([specs[1]?.url]);

      // Disconnected, the subscriber misses two changes; both ways of resuming get exactly those.
      all.close();
      business.close();
      const lastEventId = changes.at(-1)?.id ?? '';
      const missed = [inSection('world'), inSection('opinion')];
      await ingestInChild(missed);
      const resumedByHeader = await subscribe(served.port, {}, { method: 'GET', lastEventId });
      const resumedByAfter = await subscribe(served.port, { after: Number(lastEventId) });
      for (const resumed of [resumedByHeader, resumedByAfter]) {
        const again = await resumed.waitForChanges(2);
        expect(again.map(({ type, url }) => ({ type, url }))).toEqual(
          missed.map((spec) => ({ type: 'ARTICLE_CREATED', url: spec.url })),
        );
        expect(again.map(({ sequence }) => sequence)).toEqual([Number(lastEventId) + 1, Number(lastEventId) + 2]);
        resumed.close();
      }
    },
    childTimeoutMs * 2,
  );
});

describe('articleChanged in the app', () => {
  const app = createApp({ config: testConfig, db });

  async function open(headers: Record<string, string>, variables: object = {}) {
    return app.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: subscription, variables }),
    });
  }

  it('lets Last-Event-ID win over `after`, as an EventSource reconnecting repeats its first request', async () => {
    const specs = [articleSpec(), articleSpec()];
    for (const spec of specs) await store(renderDocument(spec));
    const [latest] = await db.prisma.change.findMany({ orderBy: { sequence: 'desc' }, take: 1 });
    const sequence = latest?.sequence ?? 0;
    const spec = specs[1];
    const stream = new EventStream(await open({ 'last-event-id': String(sequence - 1) }, { after: 0 }));
    const changes = await stream.waitForChanges(1);
    expect(changes.map(({ id, url }) => ({ id, url }))).toEqual([{ id: String(sequence), url: spec?.url }]);
    stream.close();
  });

  it('refuses a Last-Event-ID that is not a sequence number', async () => {
    const response = await open({ 'last-event-id': 'yesterday' });
    const text = await response.text();
    expect(text).toContain('BAD_USER_INPUT');
    expect(text).toContain('Last-Event-ID');
  });

  it('holds subscriptions to the query limits', async () => {
    const limited = createYoga({
      schema: buildSchema(),
      plugins: [useQueryLimits({ ...defaultQueryLimits, maxCost: 2 })],
    });
    const response = await limited.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: subscription }),
    });
    expect(await response.text()).toContain('QUERY_TOO_COMPLEX');
  });

  it('writes errors in events as yoga does, without its internal extensions', async () => {
    const schema = createSchema({
      typeDefs: 'type Query { ok: Int } type Subscription { tick: Int }',
      resolvers: {
        Subscription: {
          tick: {
            subscribe: async function* () {
              yield 1;
            },
            resolve: () => {
              throw new Error('secret detail');
            },
          },
        },
      },
    });
    const eventData = async (plugins: Plugin[]) => {
      // Yoga would log the resolver's error, which this test provokes.
      const response = await createYoga({ schema, plugins, logging: false }).fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { tick }' }),
      });
      return /^data: (.+)$/m.exec(await response.text())?.[1];
    };
    const ours = await eventData([useSseEventIds()]);
    expect(ours).toBe(await eventData([]));
    expect(ours).toContain('"message":"Unexpected error."');
    expect(ours).not.toContain('unexpected');
  });

  it('never answers an event stream from the response cache', async () => {
    const request = () =>
      app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: '{ latestChangeSequence }' }),
      });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await request();
      expect(response.headers.get('x-response-cache')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      await response.text();
    }
  });
});
