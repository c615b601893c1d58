import { matchSpans, type SearchQuery, type TextSpan } from '../archive/search-text.ts';

/**
 * Highlights of a search hit: short excerpts of the stored text around the first match of each field,
 * matches in `<mark>`, everything else HTML-escaped. Computed here from the stored text with the
 * index's own tokens (archive/search-text.ts), so they are the same on both providers and mark exactly
 * what the query matched (工作 inside 工作组, 關稅 as 关税).
 */

export type SearchFieldName = 'TITLE' | 'BODY' | 'CAPTION' | 'AUTHOR';

export interface SearchHighlight {
  field: SearchFieldName;
  html: string;
}

/** The stored text of an article that search indexes. */
export interface HighlightSource {
  title: string;
  bodyText: string;
  /** In document order. */
  captions: readonly string[];
  /** In byline order. */
  authors: readonly string[];
}

/** An excerpt is about this many characters, starting this many before its first match. */
export const excerptLength = 100;
const contextBefore = 30;

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped, with runs of whitespace (paragraph breaks included) as one space. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] as string).replace(/\s+/g, ' ');
}

const isLowSurrogate = (text: string, index: number) => /[\uDC00-\uDFFF]/.test(text[index] ?? '');

/** The window of `text` around its first match: never splitting a character, whole when short enough. */
function window(text: string, first: TextSpan): { start: number; end: number } {
  let start = Math.max(0, first.start - contextBefore);
  let end = Math.max(first.end, Math.min(text.length, start + excerptLength));
  if (end - start < excerptLength) start = Math.max(0, end - excerptLength);
  if (start > 0 && isLowSurrogate(text, start)) start -= 1;
  if (end < text.length && isLowSurrogate(text, end)) end += 1;
  return { start, end };
}

/** The excerpt of `text` around the first of `spans` (sorted, disjoint), as HTML. */
export function excerptHtml(text: string, spans: readonly TextSpan[]): string {
  const first = spans[0];
  if (first === undefined) return escapeHtml(text);
  const { start, end } = window(text, first);
  let html = start > 0 ? '…' : '';
  let position = start;
  for (const span of spans) {
    const from = Math.max(span.start, start);
    const to = Math.min(span.end, end);
    if (from >= to) continue;
    html += `${escapeHtml(text.slice(position, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    position = to;
  }
  html += escapeHtml(text.slice(position, end));
  return end < text.length ? `${html}…` : html;
}

/** One highlight per field that matches (title, body, caption, author, in that order): its first matching text. */
export function searchHighlights(source: HighlightSource, query: SearchQuery): SearchHighlight[] {
  const fields: [SearchFieldName, readonly string[]][] = [
    ['TITLE', [source.title]],
    ['BODY', [source.bodyText]],
    ['CAPTION', source.captions],
    ['AUTHOR', source.authors],
  ];
  const highlights: SearchHighlight[] = [];
  for (const [field, texts] of fields) {
    for (const text of texts) {
      const spans = matchSpans(text, query);
      if (spans.length === 0) continue;
      highlights.push({ field, html: excerptHtml(text, spans) });
      break;
    }
  }
  return highlights;
}
