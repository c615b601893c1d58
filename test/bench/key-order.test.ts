import { describe, expect, it } from 'vitest';
import { applyKeyOrder, learnKeyOrder } from '../../bench/lib/key-order.ts';

describe('key order', () => {
  it('rewrites objects built in query order into the bytes the API sent', () => {
    // The API wrote `authors` (asynchronous) after the synchronous fields, unlike the query.
    const apiBody =
      '{"data":{"article":{"title":"T","blocks":[{"__typename":"HeadingBlock","level":2,"text":"H"}],"authors":[{"name":"A","slug":"a"}]}}}';
    const builtInQueryOrder = {
      data: {
        article: {
          authors: [{ slug: 'a', name: 'A' }],
          title: 'T',
          blocks: [{ text: 'H', level: 2, __typename: 'HeadingBlock' }],
        },
      },
    };
    expect(JSON.stringify(applyKeyOrder(builtInQueryOrder, learnKeyOrder([apiBody])))).toBe(apiBody);
  });

  it('merges the keys of union members in the order first seen, over several answers', () => {
    const order = learnKeyOrder([
      '{"blocks":[{"__typename":"ParagraphBlock","html":"p"}]}',
      '{"blocks":[{"__typename":"HeadingBlock","level":1,"text":"t"},{"__typename":"ParagraphBlock","html":"q"}]}',
    ]);
    expect(order.children.blocks?.keys).toEqual(['__typename', 'html', 'level', 'text']);
    const blocks = [
      { text: 't', level: 1, __typename: 'HeadingBlock' },
      { html: 'p', __typename: 'ParagraphBlock' },
    ];
    expect(JSON.stringify(applyKeyOrder({ blocks }, order))).toBe(
      '{"blocks":[{"__typename":"HeadingBlock","level":1,"text":"t"},{"__typename":"ParagraphBlock","html":"p"}]}',
    );
  });

  it('keeps nulls where the API sent objects', () => {
    const order = learnKeyOrder(['{"leadFigure":{"src":"s","width":1}}']);
    expect(JSON.stringify(applyKeyOrder({ leadFigure: null }, order))).toBe('{"leadFigure":null}');
  });

  it('keeps keys it never learned after the learned ones, in the order they were built', () => {
    const order = learnKeyOrder(['{"blocks":[{"__typename":"ParagraphBlock","html":"p"}]}']);
    const blocks = [{ figure: { src: 's', caption: null }, __typename: 'FigureBlock' }];
    expect(JSON.stringify(applyKeyOrder({ blocks }, order))).toBe(
      '{"blocks":[{"__typename":"FigureBlock","figure":{"src":"s","caption":null}}]}',
    );
  });
});
