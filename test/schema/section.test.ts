import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { SECTIONS } from '../../src/corpus/vocabulary.ts';
import { sectionName } from '../../src/schema/section.ts';
import { SectionPageDocument } from '../generated/graphql.ts';
import { articleSpec, parsed, seedText, store, storeSpecs } from '../support/archive.ts';
import { execute, executeOk } from '../support/execute.ts';

// The seed (world), and articles in china, business and multimedia (a section without a known name).
beforeAll(async () => {
  await store(seedText);
  await storeSpecs([
    ...['2024-02-01', '2024-03-01', '2024-04-01'].map((day, index) =>
      articleSpec({
        title: `中国${index}`,
        url: `https://cn.nytimes.com/china/${day.replaceAll('-', '')}/china-${index}/`,
        published: `${day} 08:00:00`,
      }),
    ),
    ...['2024-02-02', '2024-03-02'].map((day, index) =>
      articleSpec({
        title: `商业${index}`,
        url: `https://cn.nytimes.com/business/${day.replaceAll('-', '')}/business-${index}/`,
        published: `${day} 08:00:00`,
      }),
    ),
    articleSpec({
      title: '视频',
      url: 'https://cn.nytimes.com/multimedia/20240105/video/',
      published: '2024-01-05 08:00:00',
    }),
  ]);
});

interface SectionsOfList {
  articles: {
    edges: {
      node: {
        title: string;
        section: { slug: string; articles: { totalCount: number; edges: { node: { title: string } }[] } };
      };
    }[];
  };
}

async function statementsFor(query: string): Promise<number> {
  const response = await execute(query);
  expect(response.errors).toBeUndefined();
  return response.extensions?.sqlStatements ?? Number.NaN;
}

describe('section names', () => {
  it('name every section the seeds and the synthetic corpus use, in Chinese', () => {
    const seedSections = readdirSync(join(projectRoot, 'seeds')).map(
      (file) => parsed(readFileSync(join(projectRoot, 'seeds', file), 'utf8')).section,
    );
    const slugs = [...new Set([...seedSections, ...SECTIONS.map((section) => section.path)])];
    expect(slugs.filter((slug) => !/^\p{Script=Han}+$/u.test(sectionName(slug)))).toEqual([]);
  });

  it('fall back to the slug', () => {
    expect(sectionName('multimedia')).toBe('multimedia');
  });
});

describe('sections', () => {
  it('lists every section with its name and article count, by slug', async () => {
    expect(await executeOk('{ sections { slug name articleCount } }')).toMatchInlineSnapshot(`
      {
        "sections": [
          {
            "articleCount": 2,
            "name": "商业与经济",
            "slug": "business",
          },
          {
            "articleCount": 3,
            "name": "中国",
            "slug": "china",
          },
          {
            "articleCount": 1,
            "name": "multimedia",
            "slug": "multimedia",
          },
          {
            "articleCount": 1,
            "name": "国际",
            "slug": "world",
          },
        ],
      }
    `);
  });

  it('serves a section front: the Section object and its articles', async () => {
    expect(await executeOk(SectionPageDocument, { slug: 'china', first: 2 })).toMatchInlineSnapshot(`
      {
        "section": {
          "articleCount": 3,
          "articles": {
            "edges": [
              {
                "node": {
                  "authors": [
                    {
                      "name": "Alan Rappeport",
                      "slug": "alan-rappeport",
                    },
                  ],
                  "id": "QXJ0aWNsZTo0",
                  "publishedAt": "2024-04-01T00:00:00.000Z",
                  "slug": "china/20240401/china-2",
                  "title": "中国2",
                },
              },
              {
                "node": {
                  "authors": [
                    {
                      "name": "Alan Rappeport",
                      "slug": "alan-rappeport",
                    },
                  ],
                  "id": "QXJ0aWNsZToz",
                  "publishedAt": "2024-03-01T00:00:00.000Z",
                  "slug": "china/20240301/china-1",
                  "title": "中国1",
                },
              },
            ],
            "pageInfo": {
              "endCursor": "WyJhMSIsIlBVQkxJU0hFRF9BVF9ERVNDIiwiMjAyNC0wMy0wMVQwMDowMDowMC4wMDBaIiwzXQ",
              "hasNextPage": true,
            },
            "totalCount": 3,
          },
          "name": "中国",
          "slug": "china",
        },
      }
    `);
  });

  it('counts only the articles its filter keeps', async () => {
    const data = await executeOk(
      '{ section(slug: "china") { articleCount articles(where: { publishedAfter: "2024-02-15" }) { totalCount edges { node { title } } } } }',
    );
    expect(data).toEqual({
      section: {
        articleCount: 3,
        articles: { totalCount: 2, edges: [{ node: { title: '中国2' } }, { node: { title: '中国1' } }] },
      },
    });
  });

  it('answers null for a section without articles', async () => {
    expect(await executeOk('{ section(slug: "nowhere") { slug } }')).toEqual({ section: null });
  });
});

describe('Article.section', () => {
  it("is the article's section, named", async () => {
    expect(
      await executeOk('{ article(slug: "business/20240202/business-0") { section { slug name articleCount } } }'),
    ).toEqual({ article: { section: { slug: 'business', name: '商业与经济', articleCount: 2 } } });
  });

  it("is read from the article's own row: no statement of its own", async () => {
    const titles = '{ articles(first: 7) { edges { node { title } } } }';
    const sections = '{ articles(first: 7) { edges { node { title section { slug name } } } } }';
    expect(await statementsFor(sections)).toBe(await statementsFor(titles));
  });

  it('counts the articles of every section on a page in one grouped statement', async () => {
    const counts = (first: number) => `{ articles(first: ${first}) { edges { node { section { articleCount } } } } }`;
    // The page, then one count for all its sections.
    expect(await statementsFor(counts(2))).toBe(2);
    expect(await statementsFor(counts(7))).toBe(2);
  });

  it("reads each section's page once, however many of its articles are on the list", async () => {
    const query = /* GraphQL */ `
      {
        articles(first: 7) {
          edges { node { title section { slug articles(first: 2) { totalCount edges { node { title } } } } } }
        }
      }
    `;
    const response = await execute<SectionsOfList, never>(query);
    // The list, a page for each of its four sections and one count for all of them.
    expect(response.extensions?.sqlStatements).toBe(1 + 4 + 1);
    const lines = response.data?.articles.edges.map(({ node: { title, section } }) => {
      const newest = section.articles.edges.map((edge) => edge.node.title).join(', ');
      return `${title} → ${section.slug} (${section.articles.totalCount}): ${newest}`;
    });
    expect(lines).toMatchInlineSnapshot(`
      [
        "美国高级官员将访华进行经贸谈判 → world (1): 美国高级官员将访华进行经贸谈判",
        "中国2 → china (3): 中国2, 中国1",
        "商业1 → business (2): 商业1, 商业0",
        "中国1 → china (3): 中国2, 中国1",
        "商业0 → business (2): 商业1, 商业0",
        "中国0 → china (3): 中国2, 中国1",
        "视频 → multimedia (1): 视频",
      ]
    `);
  });
});
