import { beforeAll, describe, expect, it } from 'vitest';
import { AuthorPageDocument } from '../generated/graphql.ts';
import { articleSpec, storeSpecs } from '../support/archive.ts';
import { execute, executeOk } from '../support/execute.ts';

const hernandez = {
  byline: 'JAVIER C. HERNÁNDEZ',
  footerName: 'Javier C. Hernández',
  bio: '是时报驻北京记者。',
  profileSlug: 'javier-c-hernandez',
};

beforeAll(async () => {
  await storeSpecs([
    articleSpec({ title: '甲', published: '2022-01-01 08:00:00', authors: [hernandez] }),
    articleSpec({ title: '乙', published: '2023-01-01 08:00:00', authors: [{ byline: 'AMY QIN' }, hernandez] }),
    articleSpec({
      title: '丙',
      published: '2024-01-01 08:00:00',
      url: 'https://cn.nytimes.com/business/20240101/c/',
      authors: [hernandez],
    }),
    articleSpec({ title: '丁', authors: [{ byline: 'ZOE BAKER' }] }),
  ]);
});

describe('author', () => {
  it('serves an author page with articles newest first, paged', async () => {
    const first = await executeOk(AuthorPageDocument, { slug: 'javier-c-hernandez', first: 2 });
    expect(first.author).toMatchObject({
      slug: 'javier-c-hernandez',
      name: 'Javier C. Hernández',
      bio: 'Javier C. Hernández是时报驻北京记者。',
      profileUrl: 'https://www.nytimes.com/by/javier-c-hernandez',
      articleCount: 3,
      articles: { totalCount: 3, pageInfo: { hasNextPage: true } },
    });
    expect(first.author?.articles.edges.map((edge) => edge.node.title)).toEqual(['丙', '乙']);

    const rest = await executeOk(AuthorPageDocument, {
      slug: 'javier-c-hernandez',
      first: 2,
      after: first.author?.articles.pageInfo.endCursor,
    });
    expect(rest.author?.articles.edges.map((edge) => edge.node.title)).toEqual(['甲']);
    expect(rest.author?.articles.pageInfo.hasNextPage).toBe(false);
  });

  it("filters an author's articles and counts only the matches", async () => {
    const data = await executeOk(
      '{ author(slug: "javier-c-hernandez") { articles(where: { section: "world", publishedAfter: "2022-06-01" }) { totalCount edges { node { title } } } } }',
    );
    expect(data).toEqual({ author: { articles: { totalCount: 1, edges: [{ node: { title: '乙' } }] } } });
  });

  it('counts each filter of one request separately', async () => {
    const data = await executeOk(
      '{ authors { edges { node { slug articleCount world: articles(where: { section: "world" }) { totalCount } business: articles(where: { section: "business" }) { totalCount } } } } }',
    );
    expect(data).toEqual({
      authors: {
        edges: [
          { node: { slug: 'amy-qin', articleCount: 1, world: { totalCount: 1 }, business: { totalCount: 0 } } },
          {
            node: {
              slug: 'javier-c-hernandez',
              articleCount: 3,
              world: { totalCount: 2 },
              business: { totalCount: 1 },
            },
          },
          { node: { slug: 'zoe-baker', articleCount: 1, world: { totalCount: 1 }, business: { totalCount: 0 } } },
        ],
      },
    });
  });

  it('answers null for an unknown author', async () => {
    expect(await executeOk(AuthorPageDocument, { slug: 'nobody' })).toEqual({ author: null });
  });

  it('lists authors by name and pages through them', async () => {
    const query =
      'query ($after: String) { authors(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }';
    const first = (await executeOk(query)) as {
      authors: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { name: string } }[];
      };
    };
    expect(first.authors.totalCount).toBe(3);
    expect(first.authors.edges.map((edge) => edge.node.name)).toEqual(['Amy Qin', 'Javier C. Hernández']);
    const rest = (await executeOk(query, { after: first.authors.pageInfo.endCursor })) as typeof first;
    expect(rest.authors.edges.map((edge) => edge.node.name)).toEqual(['Zoe Baker']);
    expect(rest.authors.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses an over-limit page of an author's articles", async () => {
    const response = await execute('{ author(slug: "javier-c-hernandez") { articles(first: 500) { totalCount } } }');
    expect(response.errors?.map((error) => error.message)).toEqual(['"first" must be between 0 and 100, got 500']);
  });
});
