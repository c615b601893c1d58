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

interface Pending {
  resolve: (document: ReadDocument) => void;
  reject: (error: Error) => void;
}

/**
 * The workers run TypeScript, as the rest of the app does under tsx: a worker does not inherit the
 * parent's module hooks, so each registers tsx itself before loading the worker module.
 */
function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

class WorkerPool implements ParsePool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(size: number) {
    this.#workers = Array.from({ length: size }, () => this.#watch(startWorker()));
  }

  parse(file: string): Promise<ReadDocument> {
    const id = this.#nextId++;
    const worker = this.#workers[id % this.#workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, file } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #watch(worker: Worker): Worker {
    worker.on('message', ({ id, document }: { id: number; document: ReadDocument }) => {
      this.#pending.get(id)?.resolve(document);
      this.#pending.delete(id);
    });
    // A worker that dies (out of memory, a crash in native code) fails what it was doing, loudly.
    worker.on('error', (error) => this.#failAll(error));
    return worker;
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

const inThread: ParsePool = { parse: async (file) => readDocument(file), close: async () => {} };

export function createParsePool(workers: number): ParsePool {
  return workers > 0 ? new WorkerPool(workers) : inThread;
}
