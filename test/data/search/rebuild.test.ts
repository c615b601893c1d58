import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../../src/corpus/render.ts';
import { rebuildSearchIndexIfIncomplete } from '../../../src/data/search/rebuild.ts';
import { articleSpec, store } from '../../support/archive.ts';
import { db } from '../../support/database.ts';
import { executeOk } from '../../support/execute.ts';

async function titlesFound(query: string): Promise<string[]> {
  const data = await executeOk<{ search: { edges: { node: { title: string } }[] } }, { query: string }>(
    'query ($query: String!) { search(query: $query) { edges { node { title } } } }',
    { query },
  );
  return data.search.edges.map((edge) => edge.node.title).sort();
}

beforeAll(async () => {
  await store(renderDocument(articleSpec({ title: '补建索引的文章' })));
  await store(renderDocument(articleSpec({ title: '另一篇补建索引' })));
});

describe('the search index at server start', () => {
  it('is built when stored articles have no entries, as in an archive from before search', async () => {
    await db.prisma.$executeRawUnsafe('DELETE FROM "ArticleSearch"');
    expect(await titlesFound('补建')).toEqual([]);

    expect(await rebuildSearchIndexIfIncomplete(db)).toBe(2);
    expect(await titlesFound('补建')).toEqual(['另一篇补建索引', '补建索引的文章']);
  });

  it('is left alone when every article has its entry', async () => {
    expect(await rebuildSearchIndexIfIncomplete(db)).toBe(0);
  });
});
