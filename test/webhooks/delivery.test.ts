import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { articleSpec } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { childTimeoutMs, type Served, serveInChild } from '../support/served.ts';

/**
 * Webhooks as a receiver meets them: the server and the ingest CLI as child processes, a receiver on a
 * port of this test process that checks every signature as the README tells receivers to.
 */

const secret = 'test-webhook-secret-0123456789';

interface Received {
  sequence: number;
  /** What the receiver answered. */
  status: number;
  body: Record<string, unknown>;
  signatureValid: boolean;
  headerMatchesBody: boolean;
  /** Seconds between X-Timestamp and arrival. */
  age: number;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return typeof value === 'string' ? value : '';
}

/** The README's check: HMAC-SHA256 over the raw body, compared in constant time. */
function signatureValid(headers: IncomingHttpHeaders, rawBody: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header(headers, 'x-signature'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A receiver answering each POST with `status(index)` (index from 0), recording what it got. */
async function startReceiver(status: (index: number) => number) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let rawBody = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      rawBody += chunk;
    });
    request.on('end', () => {
      const body = JSON.parse(rawBody) as Record<string, unknown>;
      const answer = status(received.length);
      received.push({
        sequence: Number(body.sequence),
        status: answer,
        body,
        signatureValid: signatureValid(request.headers, rawBody),
        headerMatchesBody:
          header(request.headers, 'x-webhook-sequence') === String(body.sequence) &&
          header(request.headers, 'x-timestamp') === String(body.timestamp),
        age: Date.now() / 1000 - Number(header(request.headers, 'x-timestamp')),
      });
      response.writeHead(answer).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const acknowledged = () => received.filter((request) => request.status < 300).map((request) => request.sequence);
  return { url: `http://127.0.0.1:${port}/hook`, received, acknowledged };
}

const run = promisify(execFile);

/** `npm run ingest` of `count` new documents in a process of its own; their changes' sequences, in order. */
async function ingestInChild(count: number): Promise<number[]> {
  const before = await latestSequence();
  const folder = mkdtempSync(join(tmpdir(), 'webhook-ingest-'));
  for (let index = 0; index < count; index += 1) {
    writeFileSync(join(folder, `${index}.txt`), renderDocument(articleSpec()));
  }
  // Asynchronously: the receiver in this process must answer while the ingest runs.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' },
  });
  expect(stdout).toContain(`ingested ${count}`);
  const changes = await db.prisma.change.findMany({
    where: { sequence: { gt: before } },
    orderBy: { sequence: 'asc' },
  });
  expect(changes).toHaveLength(count);
  return changes.map((change) => change.sequence);
}

async function latestSequence(): Promise<number> {
  const { _max } = await db.prisma.change.aggregate({ _max: { sequence: true } });
  return _max.sequence ?? 0;
}

function serveWithWebhooks(url: string, env: Record<string, string> = {}): Promise<Served> {
  return serveInChild('serve', { WEBHOOK_URLS: url, WEBHOOK_SECRET: secret, ...env });
}

async function metricsText(served: Served): Promise<string> {
  return (await fetch(`http://127.0.0.1:${served.port}/metrics`)).text();
}

/** Each request's sequence is the one acknowledged last or the next after it: order, and nothing skipped. */
function expectInOrder(received: Received[], sequences: number[]): void {
  let next = 0;
  for (const request of received) {
    expect(request.sequence).toBe(sequences[next]);
    if (request.status < 300) next += 1;
  }
}

describe('webhooks', () => {
  it(
    "deliver a CLI ingest's changes signed and in order, retrying a receiver that fails twice",
    async () => {
      const receiver = await startReceiver((index) => (index < 2 ? 500 : 204));
      const served = await serveWithWebhooks(receiver.url);
      const sequences = await ingestInChild(3);
      await served.waitFor(() => (receiver.acknowledged().length >= 3 ? true : undefined));

      expect(receiver.received.map(({ sequence, status }) => ({ sequence, status }))).toEqual([
        { sequence: sequences[0], status: 500 },
        { sequence: sequences[0], status: 500 },
        { sequence: sequences[0], status: 204 },
        { sequence: sequences[1], status: 204 },
        { sequence: sequences[2], status: 204 },
      ]);
      for (const request of receiver.received) {
        expect(request).toMatchObject({ signatureValid: true, headerMatchesBody: true });
        expect(Math.abs(request.age)).toBeLessThan(30);
      }
      const changes = await db.prisma.change.findMany({
        where: { sequence: { in: sequences } },
        orderBy: { sequence: 'asc' },
      });
      expect(receiver.received.slice(2).map((request) => request.body)).toEqual(
        changes.map(({ sequence, type, articleId, url, section, at }) => ({
          sequence,
          type,
          articleId,
          url,
          section,
          at: at.toISOString(),
          timestamp: expect.any(Number),
        })),
      );
      const metrics = await metricsText(served);
      expect(metrics).toContain(`webhook_deliveries_total{endpoint="${receiver.url}",outcome="delivered"} 3`);
      expect(metrics).toContain(`webhook_deliveries_total{endpoint="${receiver.url}",outcome="rejected"} 2`);
      expect(metrics).toContain(`webhook_endpoint_failing{endpoint="${receiver.url}"} 0`);
      expect(metrics).toContain(`webhook_lag_changes{endpoint="${receiver.url}"} 0`);
    },
    childTimeoutMs,
  );

  it(
    'resume after a restart in the middle of deliveries, losing nothing, and report a failing receiver',
    async () => {
      let failing = true;
      const receiver = await startReceiver(() => (failing ? 503 : 200));
      const first = await serveWithWebhooks(receiver.url, { WEBHOOK_ALERT_AFTER_SECONDS: '1' });
      const sequences = await ingestInChild(2);
      const warning = await first.waitFor(() =>
        first.logLines().find((line) => line.msg === 'webhook endpoint failing' && line.level === 'warn'),
      );
      expect(warning).toMatchObject({ endpoint: receiver.url, sequence: sequences[0] });
      expect(await metricsText(first)).toContain(`webhook_endpoint_failing{endpoint="${receiver.url}"} 1`);
      expect(await metricsText(first)).toContain(`webhook_lag_changes{endpoint="${receiver.url}"} 2`);
      // Once per failing period, however many attempts fail.
      const attempts = receiver.received.length;
      await first.waitFor(() => (receiver.received.length > attempts ? true : undefined));
      expect(first.logLines().filter((line) => line.msg === 'webhook endpoint failing')).toHaveLength(1);

      first.child.kill('SIGTERM');
      expect(await first.exit).toEqual({ code: 0, signal: null });
      // Written while no server runs: delivered after the restart, after the two waiting.
      sequences.push(...(await ingestInChild(2)));

      const failedBefore = receiver.received.length;
      const second = await serveWithWebhooks(receiver.url, { WEBHOOK_ALERT_AFTER_SECONDS: '1' });
      await second.waitFor(() => (receiver.received.length > failedBefore ? true : undefined));
      failing = false;
      await second.waitFor(() => (receiver.acknowledged().length >= sequences.length ? true : undefined));

      expect(receiver.acknowledged()).toEqual(sequences);
      expectInOrder(receiver.received, sequences);
      expect(receiver.received.every((request) => request.signatureValid)).toBe(true);
      const metrics = await metricsText(second);
      expect(metrics).toContain(`webhook_endpoint_failing{endpoint="${receiver.url}"} 0`);
      expect(metrics).toContain(`webhook_lag_changes{endpoint="${receiver.url}"} 0`);
      expect(second.logLines().some((line) => line.msg === 'webhook endpoint recovered')).toBe(true);
    },
    childTimeoutMs * 2,
  );
});
