import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArticleList, sampleRequests, walkAuthorSlugs } from '../../bench/lib/graphql-client.ts';
import { articlePageQuery, authorPageQuery, authorSlugsQuery, homePageQuery } from '../../bench/lib/queries.ts';

function articleList(length: number): ArticleList {
  const indexes = Array.from({ length }, (_, index) => index);
  return {
    firstPageBody: '{}',
    cursors: indexes.map((index) => `c${index}`),
    slugs: indexes.map((index) => `s${index}`),
  };
}

const authorSlugs = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];

describe('sampleRequests', () => {
  it('spreads the samples evenly over the lists and adds the last cursor, an empty final page', () => {
    const samples = sampleRequests(articleList(10), authorSlugs, 4);
    expect(samples).toEqual({
      firstPage: { query: homePageQuery },
      pages: ['c0', 'c2', 'c5', 'c7', 'c9'].map((after) => ({ query: homePageQuery, variables: { after } })),
      articles: ['s0', 's2', 's5', 's7'].map((slug) => ({ query: articlePageQuery, variables: { slug } })),
      authors: ['a0', 'a1', 'a3', 'a4'].map((slug) => ({ query: authorPageQuery, variables: { slug } })),
    });
  });

  it('takes every item of a list shorter than asked for', () => {
    const samples = sampleRequests(articleList(2), authorSlugs, 20);
    expect(samples.pages.map((request) => request.variables?.after)).toEqual(['c0', 'c1', 'c1']);
    expect(samples.articles.map((request) => request.variables?.slug)).toEqual(['s0', 's1']);
    expect(samples.authors.map((request) => request.variables?.slug)).toEqual(authorSlugs);
  });
});

describe('walkAuthorSlugs', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A GraphQL endpoint that answers each request body with `answer`. */
  async function serve(answer: (body: { query: string; variables?: { after?: string } }) => unknown): Promise<string> {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      response.end(JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  it('follows endCursor from page to page until the last, keeping the API order', async () => {
    const slugs = ['b', 'a', 'd', 'c', 'e'];
    const afters: (string | null)[] = [];
    // Pages of two; a cursor is the index of its edge.
    const url = await serve(({ query, variables }) => {
      expect(query).toBe(authorSlugsQuery);
      const after = variables?.after ?? null;
      afters.push(after);
      const start = after === null ? 0 : Number(after) + 1;
      const page = slugs.slice(start, start + 2);
      const pageInfo = { hasNextPage: start + 2 < slugs.length, endCursor: String(start + page.length - 1) };
      return { data: { authors: { pageInfo, edges: page.map((slug) => ({ node: { slug } })) } } };
    });
    expect(await walkAuthorSlugs(url)).toEqual(slugs);
    expect(afters).toEqual([null, '1', '3']);
  });

  it('refuses an answer with GraphQL errors', async () => {
    const url = await serve(() => ({ errors: [{ message: 'boom' }] }));
    await expect(walkAuthorSlugs(url)).rejects.toThrow('GraphQL errors for {}: [{"message":"boom"}]');
  });
});
