import { describe, expect, it } from 'vitest';
import { searchTerms, twoTermQueries } from '../../bench/lib/search-queries.ts';

describe('Q3 queries', () => {
  it('are two corpus terms each, the same for a seed and different for another', () => {
    const terms = new Set(searchTerms());
    const queries = twoTermQueries(200);
    for (const { query } of queries) {
      const parts = String(query).split(' ');
      expect(parts).toHaveLength(2);
      for (const part of parts) expect(terms.has(part)).toBe(true);
    }
    expect(twoTermQueries(200)).toEqual(queries);
    expect(twoTermQueries(200, 2)).not.toEqual(queries);
    expect(new Set(queries.map(({ query }) => query)).size).toBeGreaterThan(150);
  });

  it('use words of at least two characters, as a reader would type them', () => {
    expect(searchTerms().every((term) => term.length >= 2 && !/\s/.test(term))).toBe(true);
  });
});
