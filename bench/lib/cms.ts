import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { ingestScript } from './child-scripts.ts';
import type { Pinning } from './machine.ts';
import { type Children, nodeScript } from './processes.ts';
import { startGraphqlServer } from './servers.ts';

/** The write API's batch limit: the largest batch a CMS can send. */
export const writeBatchSize = 100;
/** Single-document writes through the API, and documents per CLI run, whose SSE delays are measured. */
const singleWrites = 40;
const cliRuns = 8;
const documentsPerCliRun = 5;
/** Every change of the run must have reached the subscriber within this long after the last write. */
const deliveryTimeoutMs = 30_000;
const cliTimeoutMs = 120_000;
/** Not the main corpus's seed: these documents are new to whatever they are written to. */
const corpusSeed = 7;

export interface DelayStats {
  changes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface CmsResults {
  /** `ingestDocuments` batches sent one after the other on one connection into an empty archive. */
  writes: { documents: number; batchSize: number; seconds: number; documentsPerSecond: number };
  /** From each change's commit timestamp to its arrival at an `articleChanged` SSE subscriber. */
  delay: { apiWrites: DelayStats; cliIngest: DelayStats };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function delayStats(delays: number[]): DelayStats {
  const sorted = [...delays].sort((a, b) => a - b);
  return {
    changes: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * An `articleChanged` subscriber over GraphQL over SSE, recording when each change arrived. Its
 * delay is measured against the change's `at`, stamped by the writer in the transaction just before
 * the commit (same machine, same clock), so it includes the commit itself.
 */
class ChangeSubscriber {
  readonly #arrivals = new Map<number, { arrivedAt: number; at: number }>();
  readonly #abort = new AbortController();
  #buffer = '';
  #ended: Promise<void> = Promise.resolve();

  async open(url: string): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription BenchChanges { articleChanged { sequence at } }' }),
      signal: this.#abort.signal,
    });
    if (!response.ok || response.body === null) throw new Error(`subscription answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.#ended = (async () => {
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) this.#receive(chunk.value);
      } catch (error) {
        if (!this.#abort.signal.aborted) throw error;
      }
    })();
  }

  #receive(text: string): void {
    const arrivedAt = Date.now();
    this.#buffer += text;
    const events = this.#buffer.split('\n\n');
    this.#buffer = events.pop() ?? '';
    for (const event of events) {
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).trim())
        .join('\n');
      if (data === '') continue;
      const change = (JSON.parse(data) as { data?: { articleChanged?: { sequence: number; at: string } } }).data
        ?.articleChanged;
      if (change) this.#arrivals.set(change.sequence, { arrivedAt, at: Date.parse(change.at) });
    }
  }

  get received(): number {
    return this.#arrivals.size;
  }

  /** Waits until `count` changes arrived in all; the delays of those with sequences from `from` on. */
  async delaysFrom(from: number, count: number): Promise<number[]> {
    const deadline = Date.now() + deliveryTimeoutMs;
    while (this.#arrivals.size < count) {
      if (Date.now() > deadline) throw new Error(`the subscriber got ${this.#arrivals.size} of ${count} changes`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [...this.#arrivals]
      .filter(([sequence]) => sequence >= from)
      .map(([, { arrivedAt, at }]) => Math.max(0, arrivedAt - at));
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#ended;
  }
}

/** A bearer token with the write scope, and the `API_TOKENS` entry that accepts it. */
function writeToken(): { token: string; entry: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, entry: `bench:write+read:${createHash('sha256').update(token).digest('hex')}` };
}

function documentSource(index: number, count: number): string {
  return renderDocument(generateDocumentSpec(index, { count, seed: corpusSeed }));
}

async function mutate(url: string, token: string, query: string, variables: object): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || body.errors) throw new Error(`write failed (${response.status}): ${JSON.stringify(body)}`);
  return body.data;
}

const ingestBatch = `mutation BenchIngest($inputs: [DocumentInput!]!) {
  ingestDocuments(inputs: $inputs) { status }
}`;
const ingestOne = `mutation BenchIngestOne($input: DocumentInput!) {
  ingestDocument(input: $input) { status }
}`;

/**
 * The CMS rows: write throughput through `ingestDocuments` into an empty archive, then the delay from
 * commit to SSE delivery for single API writes and for ingest CLI runs in another process (the
 * cross-process path). The server is pinned like the query rows; the subscriber and the writers run
 * in the harness, on the other core.
 */
export async function measureCms(
  children: Children,
  pinning: Pinning,
  workDirectory: string,
  databaseUrl: string,
  documents: number,
): Promise<CmsResults> {
  const count = documents + singleWrites + cliRuns * documentsPerCliRun;
  const { token, entry } = writeToken();
  const server = await startGraphqlServer(children, pinning, databaseUrl, {
    sqlStatementStats: false,
    responseCache: true,
    env: { API_TOKENS: entry },
  });
  const subscriber = new ChangeSubscriber();
  try {
    await subscriber.open(server.url);
    const started = performance.now();
    for (let first = 0; first < documents; first += writeBatchSize) {
      const inputs = [];
      for (let index = first; index < Math.min(documents, first + writeBatchSize); index += 1) {
        inputs.push({ name: corpusFileName(index), source: documentSource(index, count) });
      }
      await mutate(server.url, token, ingestBatch, { inputs });
    }
    const seconds = (performance.now() - started) / 1000;
    await subscriber.delaysFrom(0, documents);

    const firstSingle = subscriber.received + 1;
    for (let index = documents; index < documents + singleWrites; index += 1) {
      await mutate(server.url, token, ingestOne, { input: { source: documentSource(index, count) } });
    }
    const apiWrites = await subscriber.delaysFrom(firstSingle, documents + singleWrites);

    const firstCli = subscriber.received + 1;
    for (let run = 0; run < cliRuns; run += 1) {
      const folder = join(workDirectory, `cms-cli-${run}`);
      mkdirSync(folder, { recursive: true });
      const offset = documents + singleWrites + run * documentsPerCliRun;
      for (let index = offset; index < offset + documentsPerCliRun; index += 1) {
        writeFileSync(join(folder, corpusFileName(index)), documentSource(index, count));
      }
      await children.run(
        nodeScript(ingestScript, folder),
        { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
        cliTimeoutMs,
      );
    }
    const cliIngest = await subscriber.delaysFrom(firstCli, count);
    return {
      writes: { documents, batchSize: writeBatchSize, seconds, documentsPerSecond: documents / seconds },
      delay: { apiWrites: delayStats(apiWrites), cliIngest: delayStats(cliIngest) },
    };
  } finally {
    await subscriber.close();
    await children.stop(server.child);
  }
}
