import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../../src/corpus/render.ts';
import { articleSpec, parsed } from '../../support/archive.ts';
import { db } from '../../support/database.ts';

/** The feed after `sequence`, as `type articleId url section`; checks the sequence grows and `at` is set. */
async function changesAfter(sequence: number): Promise<string[]> {
  const changes = await db.prisma.change.findMany({
    where: { sequence: { gt: sequence } },
    orderBy: { sequence: 'asc' },
  });
  for (const change of changes) expect(change.at).toBeInstanceOf(Date);
  return changes.map((change) => `${change.type} ${change.articleId} ${change.url} ${change.section}`);
}

async function latest(): Promise<number> {
  const [newest] = await db.prisma.change.findMany({ orderBy: { sequence: 'desc' }, take: 1 });
  return newest?.sequence ?? 0;
}

async function idOf(url: string): Promise<number> {
  return (await db.prisma.article.findUniqueOrThrow({ where: { url } })).id;
}

describe('the change feed', () => {
  it('records each created and updated record of a batch in record order, and nothing for unchanged ones', async () => {
    const before = await latest();
    const first = articleSpec();
    const second = articleSpec({ url: `https://cn.nytimes.com/business/20240101/feed-${Date.now()}/` });
    const revised = { ...first, title: `${first.title}（修订）` };
    const records = [first, second, revised].map((spec) => parsed(renderDocument(spec)));

    expect(await db.writer.write(records)).toEqual(['created', 'created', 'updated']);
    const [firstId, secondId] = [await idOf(first.url), await idOf(second.url)];
    expect(await changesAfter(before)).toEqual([
      `ARTICLE_CREATED ${firstId} ${first.url} world`,
      `ARTICLE_CREATED ${secondId} ${second.url} business`,
      `ARTICLE_UPDATED ${firstId} ${first.url} world`,
    ]);

    const afterWrite = await latest();
    expect(await db.writer.write(records.slice(1))).toEqual(['unchanged', 'unchanged']);
    expect(await latest()).toBe(afterWrite);
  });

  it('records deleted articles in the order asked, skipping ids that name none', async () => {
    const [first, second] = [articleSpec(), articleSpec()];
    await db.writer.write([first, second].map((spec) => parsed(renderDocument(spec))));
    const [firstId, secondId] = [await idOf(first.url), await idOf(second.url)];
    const before = await latest();

    expect(await db.writer.delete([secondId, 999_999, firstId, secondId])).toEqual([
      { id: secondId, url: second.url },
      { id: firstId, url: first.url },
    ]);
    expect(await changesAfter(before)).toEqual([
      `ARTICLE_DELETED ${secondId} ${second.url} world`,
      `ARTICLE_DELETED ${firstId} ${first.url} world`,
    ]);
    expect(await db.prisma.article.count({ where: { id: { in: [firstId, secondId] } } })).toBe(0);
    expect(await db.prisma.articleAuthor.count({ where: { articleId: { in: [firstId, secondId] } } })).toBe(0);

    const afterDelete = await latest();
    expect(await db.writer.delete([firstId])).toEqual([]);
    expect(await latest()).toBe(afterDelete);
  });

  it('writes no change when the batch fails', async () => {
    const before = await latest();
    const spec = articleSpec();
    // Two URLs with one slug: the second insert violates the slug's uniqueness, and the batch rolls back.
    const clash = { ...parsed(renderDocument(spec)), url: `${spec.url}?copy` };
    await expect(db.writer.write([parsed(renderDocument(spec)), clash])).rejects.toThrow();
    expect(await latest()).toBe(before);
  });
});
