import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { articleSpec, seedText } from '../support/archive.ts';
import { db } from '../support/database.ts';

function folderOf(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'pipeline-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

describe('ingestPaths', () => {
  it('reads folders recursively, skips hidden entries and refuses bad documents without stopping', async () => {
    const good = articleSpec();
    const root = folderOf({
      'a/seed.txt': seedText,
      'a/b/good.txt': renderDocument(good),
      'a/empty.txt': '',
      'binary.bin': new Uint8Array([0, 159, 146, 150, 0, 1]),
      'headerless.txt': '<p>no title line here</p>',
      '.hidden.txt': renderDocument(articleSpec()),
      '.git/objects.txt': renderDocument(articleSpec()),
    });
    const progress: number[] = [];
    const summary = await ingestPaths(db.writer, [root, join(root, 'missing.txt')], {
      onProgress: ({ done }) => progress.push(done),
    });
    expect(summary).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(summary.refused.map((refusal) => refusal.file.slice(root.length + 1)).sort()).toEqual([
      'a/empty.txt',
      'binary.bin',
      'headerless.txt',
      'missing.txt',
    ]);
    for (const refusal of summary.refused) expect(refusal.reason).not.toContain('\n');
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(await db.prisma.article.count({ where: { url: good.url } })).toBe(1);

    const again = await ingestPaths(db.writer, [join(root, 'a')]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('refuses only the document at fault when its batch cannot be stored', async () => {
    const first = articleSpec();
    const sameSlug = { ...first, url: first.url.replace('https://cn.nytimes.com/', 'https://example.com/') };
    const other = articleSpec();
    const root = folderOf({
      '1.txt': renderDocument(first),
      '2.txt': renderDocument(sameSlug),
      '3.txt': renderDocument(other),
    });
    const progress: string[] = [];
    const summary = await ingestPaths(db.writer, [root], { onProgress: ({ file }) => progress.push(file) });

    expect(summary).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(summary.refused).toEqual([
      { file: join(root, '2.txt'), reason: expect.stringMatching(/^could not be stored: .*slug[^\n]*$/) },
    ]);
    expect(progress).toEqual(['1.txt', '2.txt', '3.txt'].map((name) => join(root, name)));
    const stored = await db.prisma.article.findMany({ where: { url: { in: [first.url, sameSlug.url, other.url] } } });
    expect(stored.map((article) => article.url).sort()).toEqual([first.url, other.url].sort());
  });

  it('reports a URL that occurs twice in one batch as it would when stored one after the other', async () => {
    const original = articleSpec();
    const revised = { ...original, title: '改过的标题' };
    const root = folderOf({
      '1.txt': renderDocument(original),
      '2.txt': renderDocument(revised),
      '3.txt': renderDocument(revised),
    });
    const summary = await ingestPaths(db.writer, [root]);

    expect(summary).toEqual({ created: 1, updated: 1, unchanged: 1, refused: [] });
    const stored = await db.prisma.article.findMany({ where: { url: original.url } });
    expect(stored.map((article) => article.title)).toEqual(['改过的标题']);
  });

  it('refuses a document over the size limit before reading it, and stores the others', async () => {
    const small = articleSpec();
    const large = articleSpec({ body: [{ paragraph: '很长的段落。'.repeat(400) }] });
    const root = folderOf({ 'large.txt': renderDocument(large), 'small.txt': renderDocument(small) });
    const summary = await ingestPaths(db.writer, [root], { maxDocumentBytes: 4096 });

    expect(summary.created).toBe(1);
    expect(summary.refused).toEqual([
      {
        file: join(root, 'large.txt'),
        reason: expect.stringMatching(/^\d+ KB is over the 4 KB document limit$/),
      },
    ]);
    expect(await db.prisma.article.count({ where: { url: large.url } })).toBe(0);
  });

  it('parses on worker threads and on the calling thread alike', async () => {
    const inWorkers = await ingestPaths(db.writer, [folderOf({ 'a.txt': renderDocument(articleSpec()) })], {
      parseWorkers: 2,
    });
    const inThread = await ingestPaths(db.writer, [folderOf({ 'b.txt': renderDocument(articleSpec()) })], {
      parseWorkers: 0,
    });
    expect([inWorkers, inThread]).toEqual([
      { created: 1, updated: 0, unchanged: 0, refused: [] },
      { created: 1, updated: 0, unchanged: 0, refused: [] },
    ]);
  });

  it('refuses a document whose parse outgrows a worker, and the next worker stores the rest', async () => {
    const paragraphs = Array.from(
      { length: 300_000 },
      (_, index) => `<p>段落${index}<a href="https://example.com/${index}">链接</a></p>`,
    );
    const huge = seedText.replace('</p>', `</p>${paragraphs.join('')}`);
    const other = articleSpec();
    const root = folderOf({ 'a-huge.txt': huge, 'b-other.txt': renderDocument(other) });
    const summary = await ingestPaths(db.writer, [root], { maxDocumentBytes: 100 * 1024 * 1024, parseWorkers: 1 });

    expect(summary.created).toBe(1);
    expect(summary.refused).toEqual([
      { file: join(root, 'a-huge.txt'), reason: expect.stringMatching(/^could not be parsed: .*memory limit/) },
    ]);
    expect(await db.prisma.article.count({ where: { url: other.url } })).toBe(1);
  }, 60_000);
});
