import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { articleSpec, parsed, seedText, store } from '../support/archive.ts';
import { db } from '../support/database.ts';
import { execute, executeOk } from '../support/execute.ts';

/**
 * The seed, its traditional-Chinese twin, and small articles each built for one behaviour: a title
 * match, a word inside a longer word, terms far apart, a broken word, markup in the text.
 */
const seedUrl = 'https://cn.nytimes.com/world/20240813/us-china-working-group-trade/';
const traditionalUrl = 'https://cn.nytimes.com/world/20240813/us-china-working-group-trade/zh-hant/';
const toTraditional = Converter({ from: 'cn', to: 'tw' });

const bradsher = { byline: 'KEITH BRADSHER', footerName: 'Keith Bradsher', profileSlug: 'keith-bradsher' };
const url = (slug: string) => `https://cn.nytimes.com/business/20240901/${slug}/`;

const specs = {
  tariffTitle: articleSpec({
    title: '关税战升级',
    url: url('tariff-title'),
    published: '2024-06-01 08:00:00',
    authors: [bradsher],
    body: [{ paragraph: '两国贸易摩擦持续。' }],
  }),
  remoteWork: articleSpec({
    title: '远程办公的未来',
    url: url('remote-work'),
    published: '2024-07-01 08:00:00',
    authors: [bradsher],
    body: [{ paragraph: '越来越多的人在家工作，RAPPEPORT在报道中写道。' }],
  }),
  farApart: articleSpec({
    title: '边境执法',
    url: url('far-apart'),
    published: '2024-05-01 08:00:00',
    authors: [bradsher],
    body: [{ paragraph: '芬太尼问题仍然严重。' }, { paragraph: '大量资金流入边境地区。' }],
  }),
  brokenWord: articleSpec({
    title: '药物报道',
    url: url('broken-word'),
    published: '2024-04-01 08:00:00',
    authors: [bradsher],
    body: [{ paragraph: '芬太，尼古丁与其他药物。' }],
  }),
  markup: articleSpec({
    title: '网页安全',
    url: url('markup'),
    published: '2024-03-01 08:00:00',
    authors: [bradsher],
    // Entities in the feed HTML: the stored text holds the characters `<b>` and `&`.
    body: [{ paragraph: '他写道&lt;b&gt;关税&lt;/b&gt; &amp; 贸易。' }],
  }),
};

/** The seed in traditional characters, under the seed's zh-hant URL. */
const traditionalSeedText = toTraditional(seedText.replace(seedUrl, traditionalUrl));
const seedSlug = parsed(seedText).slug;
const traditionalSlug = parsed(traditionalSeedText).slug;
const slug = (spec: { url: string }) => new URL(spec.url).pathname.replace(/^\/|\/$/g, '');

beforeAll(async () => {
  await store(seedText);
  await store(traditionalSeedText);
  for (const spec of Object.values(specs)) await store(renderDocument(spec));
});

interface SearchResult {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; score: number; node: { slug: string }; highlights: { field: string; html: string }[] }[];
  };
}

const searchQuery = `query Search($query: String!, $first: Int, $after: String, $where: ArticleWhere) {
  search(query: $query, first: $first, after: $after, where: $where) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor score node { slug } highlights { field html } }
  }
}`;

async function search(query: string, variables: Record<string, unknown> = {}): Promise<SearchResult['search']> {
  return (await executeOk<SearchResult, Record<string, unknown>>(searchQuery, { query, ...variables })).search;
}

async function slugsFound(query: string): Promise<string[]> {
  const result = await search(query, { first: 100 });
  expect(result.totalCount).toBe(result.edges.length);
  return result.edges.map((edge) => edge.node.slug).sort();
}

describe('search results', () => {
  it('finds a Chinese word in bodies, titles and captions, in simplified and traditional articles', async () => {
    expect(await slugsFound('关税')).toEqual(
      [seedSlug, traditionalSlug, slug(specs.tariffTitle), slug(specs.markup)].sort(),
    );
    // 耶伦 is in a caption and the body of the seed (耶倫 in its twin).
    expect(await slugsFound('耶伦')).toEqual([seedSlug, traditionalSlug].sort());
  });

  it('finds a word inside a longer word: 工作 in 工作组', async () => {
    expect(await slugsFound('工作')).toEqual([seedSlug, traditionalSlug, slug(specs.remoteWork)].sort());
  });

  it('requires every term, anywhere in the article, and a Chinese word as contiguous text', async () => {
    expect(await slugsFound('芬太尼 流入')).toEqual([seedSlug, traditionalSlug, slug(specs.farApart)].sort());
    // 芬太，尼 is not 芬太尼.
    expect(await slugsFound('芬太尼')).toEqual([seedSlug, traditionalSlug, slug(specs.farApart)].sort());
  });

  it('matches a quoted phrase as adjacent words only', async () => {
    expect(await slugsFound('"芬太尼流入"')).toEqual([seedSlug, traditionalSlug].sort());
    expect(await slugsFound('"芬太尼 流入"')).toEqual([seedSlug, traditionalSlug].sort());
  });

  it('matches a Latin name whole and case-insensitively, in bylines and in text', async () => {
    const withRappeport = [seedSlug, traditionalSlug, slug(specs.remoteWork)].sort();
    expect(await slugsFound('Rappeport')).toEqual(withRappeport);
    expect(await slugsFound('rappeport')).toEqual(withRappeport);
    expect(await slugsFound('rappe')).toEqual([]);
  });

  it('leaves out articles with an excluded term', async () => {
    expect(await slugsFound('关税 -耶伦')).toEqual([slug(specs.tariffTitle), slug(specs.markup)].sort());
    expect(await slugsFound('芬太尼 -"芬太尼流入"')).toEqual([slug(specs.farApart)]);
  });

  it('finds nothing for a word that occurs nowhere', async () => {
    const result = await search('量子计算');
    expect(result).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('finds simplified text from a traditional query', async () => {
    expect(await slugsFound('關稅')).toEqual(await slugsFound('关税'));
    expect(await slugsFound('財政部')).toEqual([seedSlug, traditionalSlug].sort());
  });

  it('applies ArticleWhere', async () => {
    expect(
      (await search('关税', { where: { section: 'business' } })).edges.map((edge) => edge.node.slug).sort(),
    ).toEqual([slug(specs.tariffTitle), slug(specs.markup)].sort());
    const before = await search('关税', { where: { publishedBefore: '2024-05-01' } });
    expect(before.edges.map((edge) => edge.node.slug)).toEqual([slug(specs.markup)]);
    expect(before.totalCount).toBe(1);
    const byAuthor = await search('工作', { where: { authorSlug: 'keith-bradsher' } });
    expect(byAuthor.edges.map((edge) => edge.node.slug)).toEqual([slug(specs.remoteWork)]);
  });
});

describe('search ranking', () => {
  it('ranks a title match above body-only matches, best score first', async () => {
    const { edges } = await search('关税');
    expect(edges[0]?.node.slug).toBe(slug(specs.tariffTitle));
    const scores = edges.map((edge) => edge.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => score > 0)).toBe(true);
  });

  it('pages through the ranking with cursors, each result once', async () => {
    const all = await search('关税', { first: 100 });
    const first = await search('关税', { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search('关税', { first: 2, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...second.edges].map((edge) => edge.node.slug)).toEqual(
      all.edges.map((edge) => edge.node.slug),
    );
  });
});

describe('search highlights', () => {
  it('marks the match in an escaped excerpt of each field that matched', async () => {
    const { edges } = await search('耶伦');
    const seed = edges.find((edge) => edge.node.slug === seedSlug);
    expect(seed?.highlights.map((highlight) => highlight.field)).toEqual(['BODY', 'CAPTION']);
    expect(seed?.highlights[1]?.html).toBe(
      '美国财长<mark>耶伦</mark>今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。',
    );
    const body = seed?.highlights[0]?.html ?? '';
    expect(body).toContain('<mark>耶伦</mark>');
    expect(body.length).toBeLessThan(140);
    expect(body.startsWith('…')).toBe(true);
  });

  it('marks a traditional match found by a simplified query, and a word inside a longer one', async () => {
    const twin = (await search('耶伦')).edges.find((edge) => edge.node.slug === traditionalSlug);
    expect(twin?.highlights.find((highlight) => highlight.field === 'CAPTION')?.html).toContain('<mark>耶倫</mark>');
    const title = (await search('关税')).edges.find((edge) => edge.node.slug === slug(specs.tariffTitle));
    expect(title?.highlights).toEqual([{ field: 'TITLE', html: '<mark>关税</mark>战升级' }]);
    const seed = (await search('工作')).edges.find((edge) => edge.node.slug === seedSlug);
    expect(seed?.highlights[0]?.html).toContain('美中金融<mark>工作</mark>组');
  });

  it('marks names and escapes every markup character of the stored text', async () => {
    const author = (await search('rappeport')).edges.find((edge) => edge.node.slug === seedSlug);
    expect(author?.highlights).toEqual([{ field: 'AUTHOR', html: 'Alan <mark>Rappeport</mark>' }]);
    const markup = (await search('关税')).edges.find((edge) => edge.node.slug === slug(specs.markup));
    expect(markup?.highlights).toEqual([
      { field: 'BODY', html: '他写道&lt;b&gt;<mark>关税</mark>&lt;/b&gt; &amp; 贸易。' },
    ]);
  });
});

describe('search queries refused or empty', () => {
  async function errorOf(query: string) {
    const response = await execute<SearchResult, { query: string }>(searchQuery, { query });
    return response.errors?.[0];
  }

  it('refuses an empty or blank query', async () => {
    for (const query of ['', '   \n']) {
      expect(await errorOf(query)).toMatchObject({
        message: '"query" is empty: give at least one word to search for',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });

  it('refuses a query over 200 characters or 20 terms, naming the argument', async () => {
    expect(await errorOf('关'.repeat(201))).toMatchObject({
      message: '"query" is 201 characters long; at most 200 are allowed',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await errorOf(Array.from({ length: 21 }, (_, index) => `w${index}`).join(' '))).toMatchObject({
      message: '"query" has 21 terms; at most 20 are allowed',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await errorOf('-关税')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('finds nothing for punctuation only', async () => {
    expect(await search('，。！？ ... "')).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });

  it('refuses a cursor of another list, and pages too large for the cost limits', async () => {
    const response = await execute<SearchResult, Record<string, unknown>>(searchQuery, {
      query: '关税',
      after: 'bm90IGEgY3Vyc29y',
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nested = await execute(
      '{ search(query: "关税", first: 100) { edges { node { links { target { backlinks(first: 100) { edges { node { links { href } } } } } } } } } }',
    );
    expect(nested.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('the index follows the writes', () => {
  it('replaces the entries of a re-ingested article and removes those of a deleted one', async () => {
    const spec = articleSpec({
      title: '暂时的文章',
      url: url('changing'),
      authors: [bradsher],
      body: [{ paragraph: '这里讨论碳关税。' }],
    });
    await store(renderDocument(spec));
    expect(await slugsFound('碳关税')).toEqual([slug(spec)]);

    await store(renderDocument({ ...spec, body: [{ paragraph: '这里讨论稀土出口。' }] }));
    expect(await slugsFound('碳关税')).toEqual([]);
    expect(await slugsFound('稀土')).toEqual([slug(spec)]);

    const [row] = await db.prisma.article.findMany({ where: { url: spec.url }, select: { id: true } });
    await db.writer.delete([row?.id as number]);
    expect(await slugsFound('稀土')).toEqual([]);
  });

  it('re-indexes the other articles of an author whose name changed', async () => {
    const renamed = { byline: 'MEI LING', footerName: 'Mei Ling', bio: '是时报记者。', profileSlug: 'mei-ling' };
    const first = articleSpec({ url: url('name-1'), authors: [renamed] });
    await store(renderDocument(first));
    expect(await slugsFound('Ling')).toEqual([slug(first)]);
    const second = articleSpec({
      url: url('name-2'),
      authors: [{ ...renamed, byline: 'MEI LINGWOOD', footerName: 'Mei Lingwood' }],
    });
    await store(renderDocument(second));
    expect(await slugsFound('Ling')).toEqual([]);
    expect(await slugsFound('Lingwood')).toEqual([slug(first), slug(second)].sort());
  });

  it('indexes what the parse workers tokenized exactly as rebuilding from the stored rows does', async () => {
    const spec = articleSpec({
      title: '量子通信試驗',
      url: url('quantum'),
      authors: [bradsher],
      leadFigure: { src: 'https://static01.nyt.com/q.jpg', caption: '量子卫星' },
      body: [{ paragraph: '量子通信的新进展。' }],
    });
    const folder = mkdtempSync(join(tmpdir(), 'search-ingest-'));
    writeFileSync(join(folder, 'quantum.txt'), renderDocument(spec));
    await ingestPaths(db.writer, [folder]);
    const before = await search('量子 Bradsher');
    expect(before.edges.map((edge) => edge.node.slug)).toEqual([slug(spec)]);

    // Every entry replaced: the same tokens, and on SQLite the same BM25 statistics, give the same scores.
    await db.writer.reindexSearch(0, 10_000);
    expect(await search('量子 Bradsher')).toEqual(before);
  });
});
