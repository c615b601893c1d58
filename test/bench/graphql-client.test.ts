import { describe, expect, it } from 'vitest';
import { type ArticleList, sampleRequests } from '../../bench/lib/graphql-client.ts';
import { articlePageQuery, homePageQuery } from '../../bench/lib/queries.ts';

function articleList(length: number): ArticleList {
  const indexes = Array.from({ length }, (_, index) => index);
  return {
    firstPageBody: '{}',
    cursors: indexes.map((index) => `c${index}`),
    slugs: indexes.map((index) => `s${index}`),
  };
}

describe('sampleRequests', () => {
  it('spreads the samples evenly over the list and adds the last cursor, an empty final page', () => {
    const samples = sampleRequests(articleList(10), 4);
    expect(samples).toEqual({
      firstPage: { query: homePageQuery },
      pages: ['c0', 'c2', 'c5', 'c7', 'c9'].map((after) => ({ query: homePageQuery, variables: { after } })),
      articles: ['s0', 's2', 's5', 's7'].map((slug) => ({ query: articlePageQuery, variables: { slug } })),
    });
  });

  it('takes every item of a list shorter than asked for', () => {
    const samples = sampleRequests(articleList(2), 20);
    expect(samples.pages.map((request) => request.variables?.after)).toEqual(['c0', 'c1', 'c1']);
    expect(samples.articles.map((request) => request.variables?.slug)).toEqual(['s0', 's1']);
  });
});
