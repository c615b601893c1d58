import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { findFiles } from '../../src/ingest/find-files.ts';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { readDocument } from '../../src/ingest/read-document.ts';
import { articleSpec } from '../support/archive.ts';
import { db } from '../support/database.ts';

function folderOf(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'file-system-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

describe('ingesting a hostile file system', () => {
  it('refuses a FIFO by name without opening it, and stores the good document of its batch', async () => {
    const good = articleSpec();
    const root = folderOf({ 'b-good.txt': renderDocument(good) });
    // Nothing ever writes to this FIFO: opening it to read would wait forever.
    execFileSync('mkfifo', [join(root, 'a-pipe.txt')]);

    const summary = await ingestPaths(db.writer, [root]);
    expect(summary).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      refused: [{ file: join(root, 'a-pipe.txt'), reason: 'not a regular file (a FIFO)' }],
    });
    expect(await db.prisma.article.count({ where: { url: good.url } })).toBe(1);
  });

  it('refuses a symbolic link to /dev/zero as a device, reading nothing', async () => {
    const root = folderOf({ 'good.txt': renderDocument(articleSpec()) });
    symlinkSync('/dev/zero', join(root, 'zero.txt'));
    const summary = await ingestPaths(db.writer, [root]);
    expect(summary.created).toBe(1);
    expect(summary.refused).toEqual([
      { file: join(root, 'zero.txt'), reason: 'not a regular file (a character device)' },
    ]);
  });

  it('refuses a FIFO or a device even when the name passed the listing (checked on the open file)', () => {
    const root = folderOf({});
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(readDocument(join(root, 'pipe'), 1024)).toEqual({
      file: join(root, 'pipe'),
      reason: 'not a regular file (a FIFO)',
    });
    expect(readDocument('/dev/zero', 1024)).toEqual({
      file: '/dev/zero',
      reason: 'not a regular file (a character device)',
    });
  });

  it('follows links but reads each folder once: a loop is named once and skipped', async () => {
    const spec = articleSpec();
    const root = folderOf({ 'a/doc.txt': renderDocument(spec) });
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync(join(root, 'a'), join(root, 'again'));

    const found = await findFiles([root]);
    expect(found.files.map((file) => file.path)).toEqual([join(root, 'a', 'doc.txt')]);
    expect(found.refused).toEqual([
      { file: join(root, 'a', 'up'), reason: 'skipped: a link to a folder already read (a loop, or a second way in)' },
      { file: join(root, 'again'), reason: 'skipped: a link to a folder already read (a loop, or a second way in)' },
    ]);

    const summary = await ingestPaths(db.writer, [root]);
    expect(summary.created + summary.unchanged).toBe(1);
    expect(summary.refused).toHaveLength(2);
  });

  it('names a dangling link and a loop of file links, and goes on', async () => {
    const root = folderOf({ 'good.txt': renderDocument(articleSpec()) });
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.txt'));
    symlinkSync(join(root, 'loop-b.txt'), join(root, 'loop-a.txt'));
    symlinkSync(join(root, 'loop-a.txt'), join(root, 'loop-b.txt'));
    const found = await findFiles([root]);
    expect(found.files.map((file) => file.path)).toEqual([join(root, 'good.txt')]);
    expect(found.refused).toEqual([
      { file: join(root, 'dangling.txt'), reason: 'no such file or folder' },
      { file: join(root, 'loop-a.txt'), reason: 'a loop of symbolic links' },
      { file: join(root, 'loop-b.txt'), reason: 'a loop of symbolic links' },
    ]);
  });

  it('reads at most the limit plus one byte, so a file that grew since it was listed is refused too', () => {
    const root = folderOf({ 'grown.txt': 'x'.repeat(10_000) });
    // As if the listing had seen it small: readDocument checks the open file itself.
    expect(readDocument(join(root, 'grown.txt'), 4096)).toEqual({
      file: join(root, 'grown.txt'),
      reason: '10 KB is over the 4 KB document limit',
    });
  });

  it('refuses documents over the limit by their size on disk and stores the rest, in workers too', async () => {
    const small = articleSpec();
    const root = folderOf({ 'big.txt': 'x'.repeat(64 * 1024), 'small.txt': renderDocument(small) });
    const summary = await ingestPaths(db.writer, [root], { maxDocumentBytes: 32 * 1024, parseWorkers: 1 });
    expect(summary.created).toBe(1);
    expect(summary.refused).toEqual([
      { file: join(root, 'big.txt'), reason: '64 KB is over the 32 KB document limit' },
    ]);
  });

  it('decodes UTF-16 documents with a byte-order mark, little- and big-endian, as their UTF-8 twins', async () => {
    const le = articleSpec();
    const be = articleSpec();
    const root = folderOf({ 'le.txt': utf16(renderDocument(le), 'le'), 'be.txt': utf16(renderDocument(be), 'be') });
    const summary = await ingestPaths(db.writer, [root]);
    expect(summary).toEqual({ created: 2, updated: 0, unchanged: 0, refused: [] });
    const stored = await db.prisma.article.findUniqueOrThrow({ where: { url: be.url } });
    expect(stored.title).toBe(be.title);

    // The text, not its encoding, is what is hashed: the UTF-8 twin is the same document.
    const twin = folderOf({ 'le.txt': renderDocument(le) });
    expect(await ingestPaths(db.writer, [twin])).toMatchObject({ unchanged: 1, refused: [] });
  });

  it('refuses UTF-16 without a byte-order mark as binary', async () => {
    const root = folderOf({ 'bare.txt': Buffer.from(renderDocument(articleSpec()), 'utf16le') });
    const summary = await ingestPaths(db.writer, [root]);
    expect(summary.refused).toEqual([
      { file: join(root, 'bare.txt'), reason: expect.stringMatching(/^binary content: /) },
    ]);
  });
});
