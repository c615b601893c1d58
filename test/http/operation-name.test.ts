import { describe, expect, it } from 'vitest';
import { operationNameOf } from '../../src/http/operation-name.ts';

describe('operationNameOf', () => {
  it('reads the first operation name from the document, anonymous operations as null', () => {
    const names = [
      'query HomePage($after: String) { articles(after: $after) { totalCount } }',
      '# a comment\n  mutation Store { store }',
      'subscription Changes { changes }',
      'fragment F on Article @include(if: true) { title } query AfterFragment { articles { ...F } }',
      'fragment F on Article @tag(names: { a: [1, 2] }) { title links { href } } query AfterObjectArgument { x }',
      '{ articles { totalCount } }',
      'query { articles { totalCount } }',
      'query ($slug: String) { article(slug: $slug) { title } }',
    ].map((query) => operationNameOf({ query }));
    expect(names).toEqual(['HomePage', 'Store', 'Changes', 'AfterFragment', 'AfterObjectArgument', null, null, null]);
  });

  it('prefers the operationName a request sends', () => {
    expect(operationNameOf({ query: 'query A { a } query B { b }', operationName: 'B' })).toBe('B');
  });

  it('answers null for what is not a document', () => {
    expect([
      operationNameOf({}),
      operationNameOf({ query: 42 }),
      operationNameOf({ query: 'query "unterminated' }),
    ]).toEqual([null, null, null]);
  });
});
