import { beforeAll, describe, expect, it } from 'vitest';
import { HomePageDocument, SectionPageDocument } from '../generated/graphql.ts';
import { articleSpec, storeSpecs } from '../support/archive.ts';
import { execute, executeOk } from '../support/execute.ts';

// 25 articles in two sections, published in groups of five that share the same second.
const published = (index: number) => `2023-0${1 + Math.floor(index / 5)}-15 12:00:00`;

beforeAll(async () => {
  await storeSpecs(
    Array.from({ length: 25 }, (_, index) =>
      articleSpec({
        title: `文章${index}`,
        url: `https://cn.nytimes.com/${index % 2 ? 'china' : 'world'}/2023/paging-${index}/`,
        published: published(index),
      }),
    ),
  );
});

const pageQuery = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrderBy, $where: ArticleWhere) {
    articles(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, where: $where) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { title publishedAt } }
    }
  }
`;

interface PageData {
  articles: {
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { title: string; publishedAt: string } }[];
  };
}

async function walkForward(variables: Record<string, unknown>, size: number): Promise<string[]> {
  const titles: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const data = (await executeOk(pageQuery, { ...variables, first: size, after })) as PageData;
    titles.push(...data.articles.edges.map((edge) => edge.node.title));
    if (!data.articles.pageInfo.hasNextPage) return titles;
    after = data.articles.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('articles connection', () => {
  it('visits every article exactly once, newest first, even across publishedAt ties', async () => {
    const titles = await walkForward({}, 3);
    expect(titles).toHaveLength(25);
    expect(new Set(titles).size).toBe(25);
    const data = (await executeOk(pageQuery, { first: 25 })) as PageData;
    const dates = data.articles.edges.map((edge) => edge.node.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(titles).toEqual(data.articles.edges.map((edge) => edge.node.title));
  });

  it('walks oldest first with PUBLISHED_AT_ASC', async () => {
    const titles = await walkForward({ orderBy: 'PUBLISHED_AT_ASC' }, 4);
    const newestFirst = await walkForward({}, 25);
    expect(titles).toEqual([...newestFirst].reverse());
  });

  it('pages backwards with last/before to the same items', async () => {
    const all = (await executeOk(pageQuery, { first: 25 })) as PageData;
    const tenth = all.articles.edges[9]?.cursor;
    const data = (await executeOk(pageQuery, { last: 4, before: tenth })) as PageData;
    expect(data.articles.edges.map((edge) => edge.node.title)).toEqual(
      all.articles.edges.slice(5, 9).map((edge) => edge.node.title),
    );
    expect(data.articles.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('reports page boundaries', async () => {
    const first = (await executeOk(pageQuery, { first: 10 })) as PageData;
    expect(first.articles.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.articles.pageInfo.startCursor).toBe(first.articles.edges[0]?.cursor);
    const rest = (await executeOk(pageQuery, { first: 20, after: first.articles.pageInfo.endCursor })) as PageData;
    expect(rest.articles.edges).toHaveLength(15);
    expect(rest.articles.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('filters by section and a half-open publishedAt range', async () => {
    const data = (await executeOk(pageQuery, {
      first: 100,
      where: { section: 'china', publishedAfter: '2023-02-15T04:00:00Z', publishedBefore: '2023-04-15T04:00:00Z' },
    })) as PageData;
    // Beijing noon is 04:00 UTC: groups 2 and 3 (indexes 5–14) are in range, odd indexes are in china.
    expect(data.articles.edges.map((edge) => edge.node.title).sort()).toEqual(
      ['文章11', '文章13', '文章5', '文章7', '文章9'].sort(),
    );
  });

  it('filters by author slug', async () => {
    const data = (await executeOk(pageQuery, { first: 100, where: { authorSlug: 'alan-rappeport' } })) as PageData;
    expect(data.articles.edges).toHaveLength(25);
    const none = (await executeOk(pageQuery, { first: 100, where: { authorSlug: 'nobody' } })) as PageData;
    expect(none.articles.edges).toEqual([]);
  });

  it('refuses a cursor issued for another order', async () => {
    const data = (await executeOk(pageQuery, { first: 2 })) as PageData;
    const response = await execute(pageQuery, {
      first: 2,
      after: data.articles.pageInfo.endCursor,
      orderBy: 'PUBLISHED_AT_ASC',
    });
    expect(response.errors?.[0]?.message).toBe(
      'Cursor in "after" was issued for orderBy PUBLISHED_AT_DESC and cannot be used with orderBy PUBLISHED_AT_ASC',
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses malformed cursors with a clear error', async () => {
    const response = await execute(pageQuery, { first: 2, after: 'not-a-cursor' });
    expect(response.errors?.[0]?.message).toBe(
      'Invalid cursor "not-a-cursor" in "after": not a cursor of this article list',
    );
  });

  it.each([
    [{ first: -1 }, '"first" must be between 0 and 100, got -1'],
    [{ first: 101 }, '"first" must be between 0 and 100, got 101'],
    [{ last: 1000 }, '"last" must be between 0 and 100, got 1000'],
    [{ first: 1, last: 1 }, 'Give either "first" (with "after") or "last" (with "before"), not both'],
  ])('refuses page arguments %j', async (variables, message) => {
    const response = await execute(pageQuery, variables);
    expect(response.errors?.map((error) => error.message)).toEqual([message]);
    expect(response.data).toBeNull();
  });

  it('refuses page sizes beyond a 32-bit integer as invalid variables', async () => {
    const response = await execute(pageQuery, { first: 2 ** 40 });
    expect(response.errors?.[0]?.message).toContain('Int cannot represent non 32-bit signed integer value');
  });

  it('defaults to 20 items and counts the whole list only when asked', async () => {
    const home = await execute(HomePageDocument, {});
    expect(home.data?.articles.edges).toHaveLength(20);
    expect(home.data?.articles.totalCount).toBe(25);
    const withoutCount = await execute(pageQuery, {});
    const withCount = await execute(pageQuery.replace('pageInfo {', 'totalCount pageInfo {'), {});
    expect((withCount.extensions?.sqlStatements ?? 0) - (withoutCount.extensions?.sqlStatements ?? 0)).toBe(1);
  });
});

describe('sections', () => {
  it('lists sections with counts and pages a section front', async () => {
    const home = await executeOk(HomePageDocument, { first: 1 });
    expect(home.sections).toEqual([
      { slug: 'china', name: '中国', articleCount: 12 },
      { slug: 'world', name: '国际', articleCount: 13 },
    ]);
    const section = await executeOk(SectionPageDocument, { slug: 'china', first: 5, orderBy: 'PUBLISHED_AT_ASC' });
    expect(section.section?.articleCount).toBe(12);
    expect(section.section?.articles.totalCount).toBe(12);
    expect(section.section?.articles.edges.map((edge) => edge.node.title)).toEqual([
      '文章1',
      '文章3',
      '文章5',
      '文章7',
      '文章9',
    ]);
  });

  it('answers null for an unknown section', async () => {
    expect(await executeOk(SectionPageDocument, { slug: 'nowhere' })).toEqual({ section: null });
  });
});
