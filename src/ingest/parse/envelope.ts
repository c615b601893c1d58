/**
 * The seed envelope around the feed HTML: decoding, the capture comment, the `[title](url)` line and
 * the optional `------` rule. Everything a document can be refused for is decided here.
 */

import type { Refusal } from '../../archive/record.ts';
import { parseHttpUrl } from '../../archive/urls.ts';
import { parseEpochMillis } from './dates.ts';
import { collapseWhitespace, decodeEntities } from './dom.ts';
import { MAX_OPEN_ELEMENTS, settleNesting } from './nesting.ts';

export interface Envelope {
  /** The decoded text without BOM: what the content hash covers. */
  source: string;
  capturedAt: Date | null;
  title: string;
  url: URL;
  html: string;
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; refusal: Refusal };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });
const CAPTURE_COMMENT = /^<!--\s*(\d{1,16})?[^>]*-->$/;
const RULE = /^-{3,}$/;
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const MAX_QUOTED_URL = 120;

function refuse(reason: Refusal['reason'], message: string): EnvelopeResult {
  return { ok: false, refusal: { reason, message } };
}

export function readEnvelope(input: string | Uint8Array): EnvelopeResult {
  const source = decodeSource(input);
  if (source === null) return refuse('binary', 'binary content: not valid UTF-8');
  if (source.includes('\0')) return refuse('binary', 'binary content: contains NUL bytes');
  if (source.trim() === '') return refuse('empty', 'empty document');
  return readHeader(source);
}

/**
 * Null when the bytes are not text. UTF-8 unless a byte-order mark says UTF-16 (what Windows tools
 * call "Unicode"), little- or big-endian; the decoders drop the mark themselves, strings may still
 * carry one. The text, not the encoding, is what gets hashed, so a document re-saved as UTF-16 is
 * `unchanged`.
 */
function decodeSource(input: string | Uint8Array): string | null {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    return decoderFor(input).decode(input);
  } catch {
    return null;
  }
}

function decoderFor(bytes: Uint8Array): TextDecoder {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be;
  return utf8;
}

interface Line {
  text: string;
  /** Offset just past the line's end of line. */
  next: number;
}

function readLine(source: string, start: number): Line {
  const newline = source.indexOf('\n', start);
  const end = newline === -1 ? source.length : newline;
  return { text: source.slice(start, end).trim(), next: end + 1 };
}

function readHeader(source: string): EnvelopeResult {
  let capturedAt: Date | null = null;
  let line = readLine(source, 0);
  while (line.next <= source.length) {
    const comment = CAPTURE_COMMENT.exec(line.text);
    if (line.text !== '' && comment === null) break;
    if (comment?.[1] !== undefined) capturedAt ??= parseEpochMillis(comment[1]);
    line = readLine(source, line.next);
  }
  const titleLine = parseTitleLine(line.text);
  if (titleLine === null)
    return refuse('no-title-line', 'no title line: expected "[title](https://…)" on the first lines');
  const url = parseHttpUrl(titleLine.href);
  if (url === null) return refuse('bad-url', `bad url: ${quoteUrl(titleLine.href)} is not an absolute http(s) URL`);
  if (titleLine.title === '') return refuse('no-title-line', 'no title line: the title line has an empty title');
  const settled = settleNesting(source.slice(skipRule(source, line.next)));
  if (settled.depth > MAX_OPEN_ELEMENTS) {
    return refuse('too-deeply-nested', `markup nested more than ${MAX_OPEN_ELEMENTS} elements deep`);
  }
  const html = settled.html;
  return { ok: true, envelope: { source, capturedAt, title: titleLine.title, url, html } };
}

/** The offset where the HTML starts: after the `------` rule when one follows the title line. */
function skipRule(source: string, afterTitle: number): number {
  let line = readLine(source, afterTitle);
  while (line.text === '' && line.next <= source.length) line = readLine(source, line.next);
  return RULE.test(line.text) ? line.next : afterTitle;
}

/** `[title](url)`, lenient: the title may hold brackets; the URL is the last `](…)` closing the line. */
function parseTitleLine(line: string): { title: string; href: string } | null {
  if (!line.startsWith('[') || !line.endsWith(')')) return null;
  const split = line.lastIndexOf('](');
  if (split === -1) return null;
  return { title: unescapeTitle(line.slice(1, split)), href: linkDestination(line.slice(split + 2, -1)) };
}

/** A markdown link destination: `<…>` or the first word, so a trailing `"title"` is ignored. */
function linkDestination(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('<') && trimmed.includes('>')) return trimmed.slice(1, trimmed.indexOf('>'));
  return trimmed.split(/\s+/)[0] ?? '';
}

function unescapeTitle(raw: string): string {
  return collapseWhitespace(decodeEntities(raw.replace(MARKDOWN_ESCAPE, '$1')));
}

function quoteUrl(href: string): string {
  const shown = href.length > MAX_QUOTED_URL ? `${href.slice(0, MAX_QUOTED_URL)}…` : href;
  return JSON.stringify(shown);
}
