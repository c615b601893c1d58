import { availableParallelism } from 'node:os';
import type { BusyRetryOptions } from '../data/write/busy-retry.ts';
import type { StoreOutcome } from '../data/write/plan.ts';
import { type StoreResult, storeTogetherOrAlone } from '../data/write/store-each.ts';
import type { ArticleWriter } from '../data/write/writer.ts';
import { type FoundFile, findFiles } from './find-files.ts';
import { createParsePool, type ParsePool } from './parse-pool.ts';
import {
  isParsed,
  overLimitReason,
  type ParsedDocument,
  type ReadDocument,
  type RefusedDocument,
} from './read-document.ts';

export type { RefusedDocument } from './read-document.ts';

/** Documents per transaction: enough to spread the cost of a commit, few enough to keep a batch's memory small. */
const BATCH_SIZE = 200;
/**
 * A batch also ends at this many bytes of source (its parsed records take a few times that), so 200
 * documents near the size limit make several batches rather than one holding a gigabyte.
 */
const BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Documents read and parsed ahead of the writer, bounded by count and by their size on disk (parsed
 * records take a few times that): memory stays flat whatever the corpus, and the parse workers have
 * the next batch ready while the current one is written.
 */
const MAX_DOCUMENTS_AHEAD = 2 * BATCH_SIZE;
const MAX_BYTES_AHEAD = 2 * BATCH_BYTES;

const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface IngestSummary {
  created: number;
  updated: number;
  unchanged: number;
  refused: RefusedDocument[];
}

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

/** A batch found the database locked by another process's write and is waiting to try again. */
export interface IngestWaiting {
  /** How long the batch has been waiting so far. */
  waitedMs: number;
}

export interface IngestOptions {
  onProgress?: (progress: IngestProgress) => void;
  /** Called each time a batch finds the write lock held by another process and is about to wait and try again. */
  onWaiting?: (waiting: IngestWaiting) => void;
  /** How the batches wait for other writers; tests shorten it. */
  busyRetry?: Omit<BusyRetryOptions, 'onWaiting'>;
  /** Threads that read and parse documents (default: one per core but the writer's); 0 parses on this one. */
  parseWorkers?: number;
  /** Larger documents are refused before they are read (default 5 MB): a parse needs many times its size. */
  maxDocumentBytes?: number;
}

type DocumentOutcome = StoreOutcome | RefusedDocument;

interface DocumentResult {
  file: string;
  outcome: DocumentOutcome;
}

/** Stores the parsed documents of a batch and answers every document's outcome, in file order. */
async function storeBatch(
  writer: ArticleWriter,
  documents: ReadDocument[],
  busyRetry: BusyRetryOptions,
): Promise<DocumentResult[]> {
  const parsed = documents.filter(isParsed);
  const stored = await storeTogetherOrAlone(
    writer,
    parsed.map((document) => document.article),
    busyRetry,
  );
  const results = stored.values();
  return documents.map((document) => ({
    file: document.file,
    outcome: isParsed(document) ? nextOutcome(results, document) : document,
  }));
}

function nextOutcome(results: Iterator<StoreResult>, document: ParsedDocument): DocumentOutcome {
  const next = results.next();
  if (next.done) throw new Error(`no outcome was reported for ${document.file}`);
  return 'outcome' in next.value ? next.value.outcome : { file: document.file, reason: next.value.failure };
}

/** Files handed to the parse pool ahead of the writer, in file order, within the count and byte bounds. */
class ReadAhead {
  readonly #queue: { file: FoundFile; document: Promise<ReadDocument> }[] = [];
  #next = 0;
  #bytes = 0;

  constructor(
    private readonly files: readonly FoundFile[],
    private readonly pool: ParsePool,
  ) {}

  /**
   * The next documents, parsed: at most `count` of them and `maxBytes` on disk (but always one);
   * reading ahead goes on meanwhile.
   */
  async take(count: number, maxBytes: number): Promise<ReadDocument[]> {
    this.#fill();
    let taking = 0;
    for (let bytes = 0; taking < Math.min(count, this.#queue.length); taking += 1) {
      bytes += this.#queue[taking]?.file.bytes ?? 0;
      if (taking > 0 && bytes > maxBytes) break;
    }
    const taken = this.#queue.splice(0, taking);
    const documents = await Promise.all(taken.map((entry) => entry.document));
    for (const { file } of taken) this.#bytes -= file.bytes;
    this.#fill();
    return documents;
  }

  #fill(): void {
    while (this.#next < this.files.length && this.#queue.length < MAX_DOCUMENTS_AHEAD) {
      const file = this.files[this.#next] as FoundFile;
      // Always at least one document in flight, however large.
      if (this.#queue.length > 0 && this.#bytes + file.bytes > MAX_BYTES_AHEAD) return;
      this.#queue.push({ file, document: this.pool.parse(file.path) });
      this.#bytes += file.bytes;
      this.#next += 1;
    }
  }
}

function withinSizeLimit(files: FoundFile[], maxBytes: number, refused: RefusedDocument[]): FoundFile[] {
  return files.filter((file) => {
    if (file.bytes <= maxBytes) return true;
    refused.push({ file: file.path, reason: overLimitReason(file.bytes, maxBytes) });
    return false;
  });
}

function defaultParseWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Ingests files and folders (recursively, hidden entries skipped): worker threads read and parse the
 * documents while the writer stores them in batches, one transaction each; memory stays bounded by
 * the documents read ahead. A refused or failing document never stops the others. Other processes
 * may write to the same database meanwhile: a batch waits for their write lock, and throws
 * DatabaseBusyError only if it stays locked for minutes.
 */
export async function ingestPaths(
  writer: ArticleWriter,
  paths: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const found = await findFiles(paths);
  const summary: IngestSummary = { created: 0, updated: 0, unchanged: 0, refused: found.refused };
  const maxBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const files = withinSizeLimit(found.files, maxBytes, summary.refused);
  if (files.length === 0) return summary;

  const busyRetry = { ...options.busyRetry, onWaiting: (waitedMs: number) => options.onWaiting?.({ waitedMs }) };
  const pool = createParsePool(Math.min(options.parseWorkers ?? defaultParseWorkers(), files.length), maxBytes);
  const readAhead = new ReadAhead(files, pool);
  try {
    let done = 0;
    while (done < files.length) {
      const documents = await readAhead.take(BATCH_SIZE, BATCH_BYTES);
      for (const { file, outcome } of await storeBatch(writer, documents, busyRetry)) {
        if (typeof outcome === 'string') summary[outcome] += 1;
        else summary.refused.push(outcome);
        done += 1;
        options.onProgress?.({ done, total: files.length, file });
      }
    }
    return summary;
  } finally {
    await pool.close();
  }
}
