import { Converter } from 'opencc-js/t2cn';
import type { ArticleRecord } from './record.ts';

/**
 * Search text: what the index stores and what a query asks for, the same on both sides (the writers
 * index with it, the API parses queries and computes highlights with it) and on both providers.
 *
 * Chinese has no spaces, so CJK runs become overlapping bigrams, as Lucene's CJK analyzer does
 * ("芬太尼" → 芬太 太尼; a CJK character standing alone is a unigram); a query word of n ≥ 2 CJK
 * characters is the phrase of its bigrams, so it matches exactly that contiguous text, inside longer
 * words too (工作 finds 工作组). Other letters and digits form words, lowercased, without diacritics.
 * Traditional characters are folded to simplified ones first (OpenCC's tables), so 關稅 finds 关税.
 * Tokens hold letters and digits only: the databases split the stored text on spaces and never
 * re-tokenize it.
 */

export interface Token {
  text: string;
  /** UTF-16 offsets of the source text the token was read from: [start, end). */
  start: number;
  end: number;
}

type CharKind = 'cjk' | 'word' | 'other';

/**
 * A source character as the tokenizer sees it: zero or more folded characters, each of a kind, flat
 * (`[char, kind, char, kind, …]`) because the scan reads it for every character of every article.
 */
type Folded = readonly string[];

const toSimplified = Converter({ from: 't', to: 'cn' });
const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const wordChar = /[\p{L}\p{N}]/u;
const combiningMark = /\p{M}/gu;

function kindOf(char: string): CharKind {
  if (cjkChar.test(char)) return 'cjk';
  return wordChar.test(char) ? 'word' : 'other';
}

/**
 * Folded one character at a time (never by phrase), so that a character folds the same wherever it
 * occurs, in a document or in a query: search needs consistency more than the best conversion.
 */
function foldChar(char: string): Folded {
  const decomposed = char.normalize('NFKD').replace(combiningMark, '').toLowerCase();
  const folded: string[] = [];
  for (const part of decomposed) {
    const kind = kindOf(part);
    const simplified = kind === 'cjk' ? toSimplified(part) : part;
    // OpenCC maps characters to single characters; anything else keeps the character as it was.
    folded.push([...simplified].length === 1 ? simplified : part, kind);
  }
  return folded;
}

const foldedChars = new Map<string, Folded>();
/** Characters of the Basic Multilingual Plane by code unit, folded on first sight: the hot path's lookup. */
const foldedBmp: (Folded | undefined)[] = [];

function foldedAt(text: string, index: number, code: number): Folded {
  if (code < 0xd800 || code > 0xdfff) {
    let result = foldedBmp[code];
    if (result === undefined) {
      result = foldChar(String.fromCharCode(code));
      foldedBmp[code] = result;
    }
    return result;
  }
  const char = String.fromCodePoint(text.codePointAt(index) as number);
  let result = foldedChars.get(char);
  if (result === undefined) {
    result = foldChar(char);
    foldedChars.set(char, result);
  }
  return result;
}

type Emit = (text: string, start: number, end: number) => void;

const isAsciiDigit = (code: number) => code >= 48 && code <= 57;
const isAsciiLower = (code: number) => code >= 97 && code <= 122;
const isAsciiUpper = (code: number) => code >= 65 && code <= 90;

/**
 * Calls `emit` for every token of `text`, in order. Written for speed (the writer tokenizes every
 * article it stores): one pass over code units, ASCII without a lookup, bigrams emitted as they close.
 */
function scan(text: string, emit: Emit): void {
  // The current word: its folded text and where it began; or the current CJK run's last character.
  let word = '';
  let wordStart = -1;
  let wordEnd = -1;
  let cjkPrevious = '';
  let cjkPreviousStart = -1;
  let cjkPreviousEnd = -1;
  let cjkRunLength = 0;
  const endWord = () => {
    if (wordStart < 0) return;
    emit(word, wordStart, wordEnd);
    word = '';
    wordStart = -1;
  };
  const endCjkRun = () => {
    if (cjkRunLength === 1) emit(cjkPrevious, cjkPreviousStart, cjkPreviousEnd);
    cjkRunLength = 0;
  };
  const addWordChar = (char: string, start: number, end: number) => {
    if (cjkRunLength > 0) endCjkRun();
    if (wordStart < 0) wordStart = start;
    word += char;
    wordEnd = end;
  };
  const addCjkChar = (char: string, start: number, end: number) => {
    endWord();
    if (cjkRunLength > 0) emit(cjkPrevious + char, cjkPreviousStart, end);
    cjkPrevious = char;
    cjkPreviousStart = start;
    cjkPreviousEnd = end;
    cjkRunLength += 1;
  };
  const addSeparator = () => {
    endWord();
    if (cjkRunLength > 0) endCjkRun();
  };
  const length = text.length;
  for (let index = 0; index < length; ) {
    const code = text.charCodeAt(index);
    const start = index;
    if (code < 128) {
      index += 1;
      if (isAsciiLower(code) || isAsciiDigit(code)) addWordChar(text[start] as string, start, index);
      else if (isAsciiUpper(code)) addWordChar(String.fromCharCode(code + 32), start, index);
      else addSeparator();
      continue;
    }
    const parts = foldedAt(text, index, code);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < length ? 2 : 1;
    for (let part = 0; part < parts.length; part += 2) {
      const kind = parts[part + 1] as CharKind;
      if (kind === 'word') addWordChar(parts[part] as string, start, index);
      else if (kind === 'cjk') addCjkChar(parts[part] as string, start, index);
      else addSeparator();
    }
  }
  endWord();
  endCjkRun();
}

/** The tokens of `text` with their places in it (highlights need them). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(text, (token, start, end) => tokens.push({ text: token, start, end }));
  return tokens;
}

/** The tokens of `text` alone: what the index stores. */
export function tokenTexts(text: string): string[] {
  const tokens: string[] = [];
  scan(text, (token) => tokens.push(token));
  return tokens;
}

/** What an article contributes to the index, field by field (each field's texts in document order). */
export interface SearchFields {
  title: string;
  authors: readonly string[];
  captions: readonly string[];
  body: string;
}

/**
 * A record's searchable text. `authorNames`: the names its bylines are stored under (a bare byline may
 * resolve to an author whose footer spelled the name otherwise).
 */
export function recordSearchFields(record: ArticleRecord, authorNames: readonly string[]): SearchFields {
  return {
    title: record.title,
    authors: authorNames,
    captions: record.figures.flatMap((figure) => figure.caption ?? []),
    body: record.bodyText,
  };
}

export const searchFieldNames = ['title', 'authors', 'captions', 'body'] as const;
export type SearchFieldName = (typeof searchFieldNames)[number];

/** An article's tokens, field by field, as both providers index them. */
export type SearchDocument = Record<SearchFieldName, string[]>;

/**
 * PostgreSQL's tsvector keeps positions up to 16383 and 256 positions per lexeme. Both indexes obey
 * the same limits, so that a query finds the same articles on either provider: a document is indexed
 * up to 16383 positions (title, authors and captions first; the body is what gets cut), and the
 * occurrences of a token past its 256th are indexed as the `unsearchable` placeholder, which keeps
 * their positions (phrases stay exact) and which no query ever produces; so are tokens over
 * `maxTokenLength`.
 */
export const maxIndexedPositions = 16_383;
export const maxPositionsPerToken = 256;
/** A private-use character: no query token can be it (queries yield letters and digits only). */
export const unsearchable = '\u{E000}';
/**
 * Longer tokens (a run of letters with no space, such as an encoded blob) are indexed as `unsearchable`:
 * PostgreSQL refuses lexemes over 2 KB, and nobody searches for them.
 */
export const maxTokenLength = 100;

/**
 * Positions in PostgreSQL's tsvector run on across fields; a gap of this many between fields keeps a
 * phrase from matching across two of them, as it never does across FTS5 columns.
 */
export const fieldGap = 1;

export function searchDocument(fields: SearchFields): SearchDocument {
  const texts: Record<SearchFieldName, string> = {
    title: fields.title,
    authors: fields.authors.join('\n'),
    captions: fields.captions.join('\n'),
    body: fields.body,
  };
  let positions = 0;
  const document = {} as SearchDocument;
  for (const name of searchFieldNames) {
    const room = Math.max(0, maxIndexedPositions - positions);
    const tokens = tokenTexts(texts[name]).slice(0, room);
    for (let index = 0; index < tokens.length; index += 1) {
      if ((tokens[index] as string).length > maxTokenLength) tokens[index] = unsearchable;
    }
    document[name] = tokens;
    positions += tokens.length + fieldGap;
  }
  if (mayRepeatTooOften(document)) capOccurrences(document);
  return document;
}

/** A document as the FTS5 columns store it: each field's tokens joined by spaces. */
export type SearchColumns = Record<SearchFieldName, string>;

export function searchColumns(fields: SearchFields): SearchColumns {
  const document = searchDocument(fields);
  return {
    title: document.title.join(' '),
    authors: document.authors.join(' '),
    captions: document.captions.join(' '),
    body: document.body.join(' '),
  };
}

/** The tokens of SearchColumns back, field by field. */
export function columnTokens(columns: SearchColumns): SearchDocument {
  const split = (text: string) => (text === '' ? [] : text.split(' '));
  return {
    title: split(columns.title),
    authors: split(columns.authors),
    captions: split(columns.captions),
    body: split(columns.body),
  };
}

const hashBuckets = new Uint16Array(4096);

/**
 * Whether some token may occur more than `maxPositionsPerToken` times: counted by hash bucket, which
 * can only overcount, so that the exact count (a Map, twice the cost of tokenizing) runs only for the
 * rare document where a bucket overflows. The writer calls this for every article it stores.
 */
function mayRepeatTooOften(document: SearchDocument): boolean {
  hashBuckets.fill(0);
  for (const name of searchFieldNames) {
    for (const token of document[name]) {
      let hash = 0;
      for (let index = 0; index < token.length; index += 1) hash = (hash * 31 + token.charCodeAt(index)) | 0;
      const bucket = hash & 4095;
      const count = (hashBuckets[bucket] as number) + 1;
      if (count > maxPositionsPerToken) return true;
      hashBuckets[bucket] = count;
    }
  }
  return false;
}

function capOccurrences(document: SearchDocument): void {
  const occurrences = new Map<string, number>();
  for (const name of searchFieldNames) {
    const tokens = document[name];
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index] as string;
      const seen = (occurrences.get(token) ?? 0) + 1;
      occurrences.set(token, seen);
      if (seen > maxPositionsPerToken) tokens[index] = unsearchable;
    }
  }
}

/** A term of a query: one token, or a phrase of tokens that must be adjacent, in order. */
export interface SearchTerm {
  tokens: string[];
}

/** A parsed query: articles with every required term and none of the excluded ones. */
export interface SearchQuery {
  required: SearchTerm[];
  excluded: SearchTerm[];
}

export const maxQueryLength = 200;
export const maxQueryTerms = 20;

/** A query the client must fix; the message names the problem. */
export class SearchQueryError extends Error {
  override name = 'SearchQueryError';
}

interface RawTerm {
  text: string;
  excluded: boolean;
}

/** `-"a phrase"`, `"a phrase"` (an unclosed quote runs to the end), `-term` or `term`, split on whitespace. */
const rawTermPattern = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;

/**
 * Chinese is written without spaces: a space between two CJK characters of a phrase marks a word
 * boundary for the reader (`"芬太尼 流入"`), and the phrase matches the text written without it.
 */
const spaceBetweenCjk =
  /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

function rawTerms(query: string): RawTerm[] {
  return [...query.matchAll(rawTermPattern)].map((match) => ({
    text: match[2]?.replace(spaceBetweenCjk, '') ?? match[3] ?? '',
    excluded: match[1] === '-',
  }));
}

/**
 * Terms, `"quoted phrases"` and `-excluded` terms, all required. Null when nothing in the query can
 * match (only punctuation): such a query finds nothing. Throws SearchQueryError for an empty query,
 * one over `maxQueryLength` characters or `maxQueryTerms` terms, and one with only excluded terms.
 */
export function parseSearchQuery(query: string): SearchQuery | null {
  const length = [...query].length;
  if (query.trim() === '') throw new SearchQueryError('is empty: give at least one word to search for');
  if (length > maxQueryLength) {
    throw new SearchQueryError(`is ${length} characters long; at most ${maxQueryLength} are allowed`);
  }
  const terms = rawTerms(query);
  if (terms.length > maxQueryTerms) {
    throw new SearchQueryError(`has ${terms.length} terms; at most ${maxQueryTerms} are allowed`);
  }
  const parsed: SearchQuery = { required: [], excluded: [] };
  for (const term of terms) {
    const tokens = tokenTexts(term.text);
    if (tokens.length > 0) (term.excluded ? parsed.excluded : parsed.required).push({ tokens });
  }
  if (parsed.required.length === 0) {
    if (parsed.excluded.length > 0) throw new SearchQueryError('has only excluded terms: add a term to search for');
    return null;
  }
  return parsed;
}

export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where the query's required terms occur in `text`, by the same tokens the index holds: sorted,
 * overlapping and touching spans merged.
 */
export function matchSpans(text: string, query: SearchQuery): TextSpan[] {
  const tokens = tokenize(text);
  const spans: TextSpan[] = [];
  for (const { tokens: wanted } of query.required) {
    for (let index = 0; index + wanted.length <= tokens.length; index += 1) {
      if (wanted.every((token, offset) => tokens[index + offset]?.text === token)) {
        spans.push({
          start: (tokens[index] as Token).start,
          end: (tokens[index + wanted.length - 1] as Token).end,
        });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
