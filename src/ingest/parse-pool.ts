import { Worker } from 'node:worker_threads';
import type { ParseRequest } from './parse-worker.ts';
import { type ReadDocument, readDocument } from './read-document.ts';

/**
 * Reads and parses files on worker threads, so that parsing the next documents overlaps with writing
 * the current batch on the main thread. With no workers, files are parsed on the calling thread.
 */
export interface ParsePool {
  parse(file: string): Promise<ReadDocument>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  file: string;
  resolve: (document: ReadDocument) => void;
}

/**
 * A worker's heap is kept small (the ingest's peak memory is mostly the workers'); a document whose
 * parse would need more ends that worker, costs that one document and a fresh worker takes over.
 */
const workerLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/**
 * The workers run TypeScript, as the rest of the app does under tsx: a worker does not inherit the
 * parent's module hooks, so each registers tsx itself before loading the worker module.
 */
function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits: workerLimits });
}

/** One worker and the jobs sent to it, answered in the order sent. */
class ParseWorker {
  #worker: Worker;
  readonly #jobs: Job[] = [];
  #closed = false;

  constructor(private readonly maxBytes: number) {
    this.#worker = this.#start();
  }

  get queued(): number {
    return this.#jobs.length;
  }

  send(job: Job): void {
    this.#jobs.push(job);
    this.#worker.postMessage({ id: job.id, file: job.file, maxBytes: this.maxBytes } satisfies ParseRequest);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker.terminate();
  }

  #start(): Worker {
    const worker = startWorker();
    worker.on('message', ({ id, document }: { id: number; document: ReadDocument }) => {
      const index = this.#jobs.findIndex((job) => job.id === id);
      if (index !== -1) this.#jobs.splice(index, 1)[0]?.resolve(document);
    });
    worker.on('error', (error) => this.#replace(error));
    return worker;
  }

  /** The job in progress is the oldest: it is refused; the others go to a fresh worker. */
  #replace(error: Error): void {
    if (this.#closed) return;
    const [failed, ...rest] = this.#jobs.splice(0);
    failed?.resolve({ file: failed.file, reason: `could not be parsed: ${error.message.split('\n')[0]}` });
    this.#worker = this.#start();
    for (const job of rest) this.send(job);
  }
}

class WorkerPool implements ParsePool {
  readonly #workers: ParseWorker[];
  #nextId = 0;

  constructor(size: number, maxBytes: number) {
    this.#workers = Array.from({ length: size }, () => new ParseWorker(maxBytes));
  }

  parse(file: string): Promise<ReadDocument> {
    const id = this.#nextId++;
    const worker = this.#workers.reduce((least, each) => (each.queued < least.queued ? each : least));
    return new Promise((resolve) => worker.send({ id, file, resolve }));
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }
}

/** `maxBytes`: larger documents are refused, and no file is read past it (see readDocument). */
export function createParsePool(workers: number, maxBytes: number): ParsePool {
  if (workers > 0) return new WorkerPool(workers, maxBytes);
  return { parse: async (file) => readDocument(file, maxBytes), close: async () => {} };
}
