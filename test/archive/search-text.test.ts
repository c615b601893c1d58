import { describe, expect, it } from 'vitest';
import {
  matchSpans,
  maxIndexedPositions,
  maxPositionsPerToken,
  parseSearchQuery,
  SearchQueryError,
  searchDocument,
  tokenize,
  tokenTexts,
  unsearchable,
} from '../../src/archive/search-text.ts';

describe('tokenTexts', () => {
  it('splits CJK runs into overlapping bigrams, a lone character into a unigram', () => {
    expect(tokenTexts('芬太尼流入美国')).toEqual(['芬太', '太尼', '尼流', '流入', '入美', '美国']);
    expect(tokenTexts('税，工作组')).toEqual(['税', '工作', '作组']);
  });

  it('folds traditional characters to simplified ones, and full-width forms', () => {
    expect(tokenTexts('關稅與財政部')).toEqual(tokenTexts('关税与财政部'));
    expect(tokenTexts('ＲＡＰＰ２０２４')).toEqual(['rapp2024']);
  });

  it('reads other letters and digits as lowercased words without diacritics, splitting at punctuation', () => {
    expect(tokenTexts('Javier C. Hernández said U.S. tariffs rose 25%')).toEqual([
      'javier',
      'c',
      'hernandez',
      'said',
      'u',
      's',
      'tariffs',
      'rose',
      '25',
    ]);
    expect(tokenTexts('Rappeport说2024年')).toEqual(['rappeport', '说', '2024', '年']);
  });

  it('keeps each token where it was read, in UTF-16 offsets of the source text', () => {
    expect(tokenize('美𠀀中 Ab')).toEqual([
      { text: '美𠀀', start: 0, end: 3 },
      { text: '𠀀中', start: 1, end: 4 },
      { text: 'ab', start: 5, end: 7 },
    ]);
  });
});

describe('parseSearchQuery', () => {
  it('reads terms, quoted phrases and exclusions; a Chinese word becomes the phrase of its bigrams', () => {
    expect(parseSearchQuery('芬太尼 "White House" -關稅 -"金融 工作组"')).toEqual({
      required: [{ tokens: ['芬太', '太尼'] }, { tokens: ['white', 'house'] }],
      excluded: [{ tokens: ['关税'] }, { tokens: ['金融', '融工', '工作', '作组'] }],
    });
  });

  it('refuses empty, too long and too many terms, and only exclusions', () => {
    expect(() => parseSearchQuery(' \t')).toThrow(SearchQueryError);
    expect(() => parseSearchQuery('a'.repeat(201))).toThrow('is 201 characters long; at most 200 are allowed');
    expect(() => parseSearchQuery(Array.from({ length: 21 }, () => 'x').join(' '))).toThrow(
      'has 21 terms; at most 20 are allowed',
    );
    expect(() => parseSearchQuery('-关税')).toThrow('has only excluded terms');
  });

  it('answers null for a query of punctuation only', () => {
    expect(parseSearchQuery('。，！ -- "…"')).toBeNull();
  });
});

describe('matchSpans', () => {
  it('finds every occurrence of each required term, phrases whole, overlapping ones merged', () => {
    const query = parseSearchQuery('工作 "金融工作"') as NonNullable<ReturnType<typeof parseSearchQuery>>;
    expect(matchSpans('美中金融工作组；工作', query)).toEqual([
      { start: 2, end: 6 },
      { start: 8, end: 10 },
    ]);
  });
});

describe('searchDocument', () => {
  it('indexes a token at most 256 times, later occurrences as a placeholder that keeps their positions', () => {
    const document = searchDocument({ title: '', authors: [], captions: [], body: 'tax '.repeat(300) });
    expect(document.body).toHaveLength(300);
    expect(document.body.filter((token) => token === 'tax')).toHaveLength(maxPositionsPerToken);
    expect(document.body.at(-1)).toBe(unsearchable);
  });

  it('indexes at most 16383 positions, the title first and the body last', () => {
    const document = searchDocument({ title: 'a b', authors: ['Ann'], captions: [], body: 'w '.repeat(20_000) });
    expect(document.title).toEqual(['a', 'b']);
    expect(document.authors).toEqual(['ann']);
    // Each field is followed by a gap of one position.
    expect(document.title.length + document.authors.length + document.body.length + 3).toBe(maxIndexedPositions);
  });
});
