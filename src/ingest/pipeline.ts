import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleRecord } from '../archive/record.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { parseDocument } from './parse/document.ts';
import {
  type BusyRetryOptions,
  DatabaseBusyError,
  retryWhileBusy,
  type StoreOutcome,
  storeArticle,
  storeArticles,
} from './store.ts';

/**
 * Documents per transaction. Past a hundred or so, larger batches gain little (Prisma's cost per value
 * stays) while peak memory grows with them: each batch's statements are built and compiled whole.
 */
const BATCH_SIZE = 200;

export interface RefusedDocument {
  file: string;
  reason: string;
}

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
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

async function collectFiles(path: string, found: string[], missing: RefusedDocument[]): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    missing.push({ file: path, reason: describeFileError(error) });
    return;
  }
  if (!info.isDirectory()) {
    found.push(path);
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  const visible = entries.filter((entry) => !isHidden(entry.name));
  visible.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of visible) await collectFiles(join(path, entry.name), found, missing);
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return code ? `cannot read (${code})` : 'cannot read';
}

/** One line of an error worth printing: Prisma states the cause on the last line, after an "Invalid … invocation" header. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const cause = error instanceof Prisma.PrismaClientKnownRequestError ? lines.at(-1) : lines[0];
  return cause ?? 'unknown error';
}

interface ParsedDocument {
  file: string;
  article: ArticleRecord;
}

/** A file read and parsed: the article to store, or why it was refused. */
type ReadDocument = ParsedDocument | RefusedDocument;

type DocumentOutcome = StoreOutcome | RefusedDocument;

interface DocumentResult {
  file: string;
  outcome: DocumentOutcome;
}

function isParsed(document: ReadDocument): document is ParsedDocument {
  return 'article' in document;
}

async function readDocument(file: string): Promise<ReadDocument> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, reason: describeFileError(error) };
  }
  try {
    const parsed = parseDocument(bytes);
    return parsed.ok ? { file, article: parsed.article } : { file, reason: parsed.refusal.message };
  } catch (error) {
    // A parser bug must cost one document, not the run.
    return { file, reason: `could not be parsed: ${causeOf(error)}` };
  }
}

/** Stores the parsed documents of a batch and answers every document's outcome, in file order. */
async function storeBatch(
  prisma: PrismaClient,
  documents: ReadDocument[],
  busyRetry: BusyRetryOptions,
): Promise<DocumentResult[]> {
  const parsed = documents.filter(isParsed);
  const storedOutcomes = (await storeTogetherOrAlone(prisma, parsed, busyRetry)).values();
  return documents.map((document) => ({
    file: document.file,
    outcome: isParsed(document) ? nextOutcome(storedOutcomes, document) : document,
  }));
}

function nextOutcome(outcomes: Iterator<DocumentOutcome>, document: ParsedDocument): DocumentOutcome {
  const next = outcomes.next();
  if (next.done) throw new Error(`no outcome was reported for ${document.file}`);
  return next.value;
}

/**
 * One transaction for all the documents, tried again while another process holds the write lock.
 * When it fails otherwise, they are stored one at a time, so that only the document at fault is
 * refused and the others land. A database locked for longer than the retries wait stops the ingest:
 * no document is at fault.
 */
async function storeTogetherOrAlone(
  prisma: PrismaClient,
  documents: ParsedDocument[],
  busyRetry: BusyRetryOptions,
): Promise<DocumentOutcome[]> {
  const articles = documents.map((document) => document.article);
  try {
    return await retryWhileBusy(() => storeArticles(prisma, articles), busyRetry);
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw error;
    const outcomes: DocumentOutcome[] = [];
    for (const document of documents) outcomes.push(await storeAlone(prisma, document, busyRetry));
    return outcomes;
  }
}

async function storeAlone(
  prisma: PrismaClient,
  document: ParsedDocument,
  busyRetry: BusyRetryOptions,
): Promise<DocumentOutcome> {
  try {
    return await retryWhileBusy(() => storeArticle(prisma, document.article), busyRetry);
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw error;
    return { file: document.file, reason: `could not be stored: ${causeOf(error)}` };
  }
}

/**
 * Ingests files and folders (recursively, hidden entries skipped) in batches of a bounded number of
 * documents, one transaction each, so memory does not grow with the corpus; a refused or failing
 * document never stops the others. Other processes may write to the same database meanwhile: a
 * batch waits for their write lock, and throws DatabaseBusyError only if it stays locked for minutes.
 */
export async function ingestPaths(
  prisma: PrismaClient,
  paths: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const files: string[] = [];
  const summary: IngestSummary = { created: 0, updated: 0, unchanged: 0, refused: [] };
  for (const path of paths) await collectFiles(path, files, summary.refused);

  const busyRetry = { ...options.busyRetry, onWaiting: (waitedMs: number) => options.onWaiting?.({ waitedMs }) };
  let done = 0;
  for (let start = 0; start < files.length; start += BATCH_SIZE) {
    const documents = await Promise.all(files.slice(start, start + BATCH_SIZE).map(readDocument));
    for (const { file, outcome } of await storeBatch(prisma, documents, busyRetry)) {
      if (typeof outcome === 'string') summary[outcome] += 1;
      else summary.refused.push(outcome);
      done += 1;
      options.onProgress?.({ done, total: files.length, file });
    }
  }
  return summary;
}
