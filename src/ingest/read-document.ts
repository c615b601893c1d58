import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
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
  if (code === 'ELOOP') return 'a loop of symbolic links';
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

/** Why a path that exists is not read: only regular files are documents. */
export function notRegularFileReason(info: Stats): string {
  if (info.isFIFO()) return 'not a regular file (a FIFO)';
  if (info.isCharacterDevice()) return 'not a regular file (a character device)';
  if (info.isBlockDevice()) return 'not a regular file (a block device)';
  if (info.isSocket()) return 'not a regular file (a socket)';
  return 'not a regular file';
}

function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function overLimitReason(bytes: number, maxBytes: number): string {
  return `${sizeOf(bytes)} is over the ${sizeOf(maxBytes)} document limit`;
}

/** Bytes per read once a file outgrows the size it had when opened. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The file's bytes, or why not. The checks are made on the open file, not on its name, so a file
 * swapped for a FIFO or a device since the folder was listed is still refused; non-blocking, so
 * opening a FIFO cannot hang. At most `maxBytes + 1` bytes are ever read, so a file that grows while
 * it is read is refused too, never read whole.
 */
function readBounded(file: string, maxBytes: number): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return describeFileError(error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return notRegularFileReason(info);
    if (info.size > maxBytes) return overLimitReason(info.size, maxBytes);
    const chunks: Uint8Array[] = [];
    let total = 0;
    let want = info.size + 1;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      want = CHUNK_BYTES;
    }
    if (total > maxBytes) return overLimitReason(total, maxBytes);
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, total);
  } catch (error) {
    return describeFileError(error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Synchronous: on a parse worker nothing else waits for the thread, and reading a small file at once
 * costs less than scheduling hundreds of asynchronous reads (which left the worker idle).
 */
export function readDocument(file: string, maxBytes: number): ReadDocument {
  const bytes = readBounded(file, maxBytes);
  if (typeof bytes === 'string') return { file, reason: bytes };
  try {
    const parsed = parseDocument(bytes);
    return parsed.ok ? { file, article: parsed.article } : { file, reason: parsed.refusal.message };
  } catch (error) {
    // A parser bug must cost one document, not the run.
    return { file, reason: `could not be parsed: ${firstLineOf(error)}` };
  }
}
