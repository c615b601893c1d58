import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { prisma } from '../../src/db.ts';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { articleSpec, seedText } from '../support/archive.ts';

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
    const summary = await ingestPaths(prisma, [root, join(root, 'missing.txt')], {
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
    expect(await prisma.article.count({ where: { url: good.url } })).toBe(1);

    const again = await ingestPaths(prisma, [join(root, 'a')]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });
});
