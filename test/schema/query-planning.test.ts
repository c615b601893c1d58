import { beforeAll, describe, expect, it } from 'vitest';
import { articleSpec, storeSpecs } from '../support/archive.ts';
import { execute } from '../support/execute.ts';

const authors = ['ALAN RAPPEPORT', 'KEITH BRADSHER', 'JAVIER C. HERNÁNDEZ', 'AMY QIN'].map((byline) => ({
  byline,
}));

// 60 articles, each by two of four authors, with a lead figure and links to the two previous articles.
beforeAll(async () => {
  const url = (index: number) => `https://cn.nytimes.com/china/20240301/planning-${index}/`;
  await storeSpecs(
    Array.from({ length: 60 }, (_, index) =>
      articleSpec({
        url: url(index),
        published: `2024-03-01 ${String(index % 24).padStart(2, '0')}:00:00`,
        authors: [authors[index % 4], authors[(index + 1) % 4]].flatMap((author) => (author ? [author] : [])),
        leadFigure: { src: `https://static01.nyt.com/images/${index}.jpg`, width: 800, height: 600, caption: '图' },
        body: [
          { paragraph: `见<a href="${url(index + 1)}">后一篇</a>和<a href="${url(index + 2)}">再后一篇</a>。` },
          { image: `https://static01.nyt.com/images/inline-${index}.jpg`, caption: '插图' },
        ],
      }),
    ),
  );
});

const nestedQuery = /* GraphQL */ `
  query Nested($first: Int!) {
    articles(first: $first) {
      edges {
        node {
          title
          authors { name articles(first: 3) { totalCount edges { node { title } } } }
          leadFigure { src }
          figures { src }
          links { kind target { title authors { name } } }
        }
      }
    }
  }
`;

async function statementsFor(query: string, variables: Record<string, unknown>): Promise<number> {
  const response = await execute(query, variables);
  expect(response.errors).toBeUndefined();
  const count = response.extensions?.sqlStatements;
  if (count === undefined) throw new Error('no sqlStatements extension');
  return count;
}

describe('query planning', () => {
  it('costs the same number of SQL statements for 5 and 50 articles', async () => {
    const five = await statementsFor(nestedQuery, { first: 5 });
    const fifty = await statementsFor(nestedQuery, { first: 50 });
    expect(fifty).toBe(five);
    // One each: articles, their bylines, authors, the authors' byline pages joined with those articles,
    // their count, figures, links, link targets, and the targets' bylines joined with their authors.
    expect(five).toBe(9);
  });

  it('returns the nested data it planned', async () => {
    const response = await execute(nestedQuery, { first: 50 });
    const edges = (response.data as { articles: { edges: { node: Record<string, unknown> }[] } }).articles.edges;
    expect(edges).toHaveLength(50);
    for (const { node } of edges) {
      expect(node.authors).toHaveLength(2);
      expect(node.figures).toHaveLength(2);
      expect((node.leadFigure as { src: string }).src).toMatch(/^https:\/\/static01\.nyt\.com\/images\/\d+\.jpg$/);
    }
  });

  it('keeps a relation selected twice with different arguments at a constant cost', async () => {
    const twice = /* GraphQL */ `
      query Twice($first: Int!) {
        articles(first: $first) {
          edges { node {
            all: links { href }
            internal: links(kind: ARTICLE) { target { title } }
            authors { recent: articles(first: 1) { edges { node { title } } } older: articles(first: 5) { totalCount } }
          } }
        }
      }
    `;
    expect(await statementsFor(twice, { first: 50 })).toBe(await statementsFor(twice, { first: 5 }));
  });

  it("keeps every article's section, its count and its page at a constant cost", async () => {
    const sections = /* GraphQL */ `
      query Sections($first: Int!) {
        articles(first: $first) {
          edges { node { section { name articleCount articles(first: 2) { totalCount edges { node { title } } } } } }
        }
      }
    `;
    // The list, the section's page and one count for both articleCount and totalCount.
    expect(await statementsFor(sections, { first: 5 })).toBe(3);
    expect(await statementsFor(sections, { first: 50 })).toBe(3);
  });

  it('keeps backlinks and the article page at a constant cost', async () => {
    const backlinks = /* GraphQL */ `
      query Backlinks($first: Int!) {
        articles(first: $first) { edges { node { backlinks(first: 2) { totalCount edges { node { title } } } } } }
      }
    `;
    expect(await statementsFor(backlinks, { first: 40 })).toBe(await statementsFor(backlinks, { first: 4 }));
  });
});
