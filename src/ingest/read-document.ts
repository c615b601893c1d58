import { readFileSync } from 'node:fs';
import type { ArticleRecord } from '../archive/record.ts';
import { parseDocument } from './parse/document.ts';

/**
 * One file read and parsed: the article to store, or why it was refused. Runs in the parse workers
 * (see parse-pool.ts), so only the parsed record, never the file's bytes, crosses to the writer.
 */
export interface RefusedDocument {
  file: string;
  reason: string;
}

export interface ParsedDocument {
  file: string;
  article: ArticleRecord;
}

export type ReadDocument = ParsedDocument | RefusedDocument;

export function isParsed(document: ReadDocument): document is ParsedDocument {
  return 'article' in document;
}

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return code ? `cannot read (${code})` : 'cannot read';
}

/** The first line of an error's message: enough to say why, without a stack or a dump of the input. */
export function firstLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? 'unknown error'
  );
}

/**
 * Synchronous: on a parse worker nothing else waits for the thread, and reading a small file at once
 * costs less than scheduling hundreds of asynchronous reads (which left the worker idle).
 */
export function readDocument(file: string): ReadDocument {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { file, reason: describeFileError(error) };
  }
  try {
    const parsed = parseDocument(bytes);
    return parsed.ok ? { file, article: parsed.article } : { file, reason: parsed.refusal.message };
  } catch (error) {
    // A parser bug must cost one document, not the run.
    return { file, reason: `could not be parsed: ${firstLineOf(error)}` };
  }
}
