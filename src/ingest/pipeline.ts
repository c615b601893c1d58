import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { parseDocument } from './parse.ts';
import { type StoreOutcome, storeArticle } from './store.ts';

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

export interface IngestOptions {
  onProgress?: (progress: IngestProgress) => void;
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

function describeStoreError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return `could not be stored: ${firstLine.trim()}`;
}

async function ingestFile(prisma: PrismaClient, file: string): Promise<StoreOutcome | RefusedDocument> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, reason: describeFileError(error) };
  }
  const parsed = parseDocument(bytes);
  if (!parsed.ok) return { file, reason: parsed.refusal.message };
  try {
    return await storeArticle(prisma, parsed.article);
  } catch (error) {
    return { file, reason: describeStoreError(error) };
  }
}

/**
 * Ingests files and folders (recursively, hidden entries skipped) one document at a time, so memory
 * does not grow with the corpus; a refused or failing document never stops the others.
 */
export async function ingestPaths(
  prisma: PrismaClient,
  paths: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const files: string[] = [];
  const summary: IngestSummary = { created: 0, updated: 0, unchanged: 0, refused: [] };
  for (const path of paths) await collectFiles(path, files, summary.refused);

  for (const [index, file] of files.entries()) {
    const outcome = await ingestFile(prisma, file);
    if (typeof outcome === 'string') summary[outcome] += 1;
    else summary.refused.push(outcome);
    options.onProgress?.({ done: index + 1, total: files.length, file });
  }
  return summary;
}
