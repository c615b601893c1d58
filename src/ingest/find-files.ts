import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFileError, notRegularFileReason, type RefusedDocument } from './read-document.ts';

/** A document to read, with its size when found (what the read-ahead and the batches count). */
export interface FoundFile {
  path: string;
  bytes: number;
}

export interface FoundFiles {
  files: FoundFile[];
  /** Paths that cannot be read as documents, each named once with the reason. */
  refused: RefusedDocument[];
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * The documents under the given files and folders, recursively, hidden entries skipped, in name
 * order. Only regular files are documents: a FIFO would block the read forever and a device
 * (`/dev/zero`) never ends, so both are refused by name before anything opens them. Symbolic links
 * are followed, but each folder is read once, known by device and inode: a link back up the tree (a
 * loop) or a second way into a folder already read is named once and skipped. A path that cannot be
 * read (no permission, gone meanwhile) is refused by name and the walk goes on.
 */
export async function findFiles(paths: readonly string[]): Promise<FoundFiles> {
  const found: FoundFiles = { files: [], refused: [] };
  const visited = new Set<string>();
  for (const path of paths) await collect(path, found, visited);
  return found;
}

async function collect(path: string, found: FoundFiles, visited: Set<string>): Promise<void> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    found.refused.push({ file: path, reason: describeFileError(error) });
    return;
  }
  if (info.isFile()) {
    found.files.push({ path, bytes: info.size });
    return;
  }
  if (!info.isDirectory()) {
    found.refused.push({ file: path, reason: notRegularFileReason(info) });
    return;
  }
  const identity = `${info.dev}:${info.ino}`;
  if (visited.has(identity)) {
    found.refused.push({ file: path, reason: 'skipped: a link to a folder already read (a loop, or a second way in)' });
    return;
  }
  visited.add(identity);
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    found.refused.push({ file: path, reason: describeFileError(error) });
    return;
  }
  const visible = names.filter((name) => !isHidden(name));
  visible.sort((a, b) => a.localeCompare(b));
  for (const name of visible) await collect(join(path, name), found, visited);
}
