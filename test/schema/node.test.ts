import { beforeAll, describe, expect, it } from 'vitest';
import { NodeLookupDocument } from '../generated/graphql.ts';
import { seedText, store } from '../support/archive.ts';
import { execute, executeOk } from '../support/execute.ts';

let articleId: string;
let authorId: string;

beforeAll(async () => {
  await store(seedText);
  const data = (await executeOk('{ articles(first: 1) { edges { node { id authors { id } } } } }')) as {
    articles: { edges: { node: { id: string; authors: { id: string }[] } }[] };
  };
  const node = data.articles.edges[0]?.node;
  if (!node?.authors[0]) throw new Error('seed missing');
  articleId = node.id;
  authorId = node.authors[0].id;
});

function globalId(text: string): string {
  return Buffer.from(text).toString('base64');
}

describe('node', () => {
  it('refetches articles and authors by global id', async () => {
    expect(await executeOk(NodeLookupDocument, { id: articleId })).toEqual({
      node: {
        __typename: 'Article',
        id: articleId,
        title: '美国高级官员将访华进行经贸谈判',
        url: 'https://cn.nytimes.com/world/20240813/us-china-working-group-trade/',
      },
    });
    expect(await executeOk(NodeLookupDocument, { id: authorId })).toEqual({
      node: { __typename: 'Author', id: authorId, name: 'Alan Rappeport', slug: 'alan-rappeport' },
    });
  });

  it('answers null for a well-formed id of nothing', async () => {
    expect(await executeOk(NodeLookupDocument, { id: globalId('Article:999999') })).toEqual({ node: null });
  });

  it.each([
    ['not base64 at all!', 'Invalid ID "not base64 at all!": not an ID issued by this API'],
    [globalId('Article'), `Invalid ID "${globalId('Article')}": not an ID issued by this API`],
    [globalId('Article:abc'), `Invalid ID "${globalId('Article:abc')}": not an ID issued by this API`],
    [globalId('Figure:1'), `Invalid ID "${globalId('Figure:1')}": there are no Figure nodes`],
  ])('refuses the malformed id %s', async (id, message) => {
    const response = await execute(NodeLookupDocument, { id });
    expect(response.errors?.map((error) => error.message)).toEqual([message]);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
