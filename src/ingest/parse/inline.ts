/**
 * Inline content → sanitized HTML plus plain text, in one walk. Only a small allowlist of markup
 * survives; links are recorded as they are met so their order is document order.
 */

import { resolveHttpUrl } from '../../archive/urls.ts';
import type { AnyNode, Element } from './dom.ts';
import { DROPPED_TAGS, isBlockTag, isElement, isText, textContent } from './dom.ts';

const FORMATTING_TAGS: ReadonlySet<string> = new Set(['strong', 'b', 'em', 'i', 'sub', 'sup']);
const WHITESPACE_RUN = /\s+/g;
const TEXT_SPECIALS = /[&<>]/g;
const ATTRIBUTE_SPECIALS = /[&<>"]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const TRAILING_BREAKS = /(?:<br>)+$/;

export function escapeText(text: string): string {
  return text.replace(TEXT_SPECIALS, (char) => ENTITIES[char] ?? char);
}

export function escapeAttribute(value: string): string {
  return value.replace(ATTRIBUTE_SPECIALS, (char) => ENTITIES[char] ?? char);
}

export interface RawLink {
  href: string;
  text: string;
  title: string | null;
}

/** What every walk of the document shares: the base for relative URLs and the links met so far. */
export interface DocumentContext {
  base: URL;
  links: RawLink[];
}

/** Lets a caller turn images into figures and send caption text elsewhere. */
export interface InlineMedia {
  image(img: Element): void;
  /** The writer that takes the content of `element` instead (a caption or credit), or null. */
  divert(element: Element): InlineWriter | null;
}

interface WriterMark {
  htmlLength: number;
  textLength: number;
}

/** Accumulates sanitized HTML and plain text side by side, collapsing whitespace across node boundaries. */
export class InlineWriter {
  insideAnchor = false;
  #html = '';
  #text = '';
  #pendingSpace = false;
  #afterBreak = false;

  get html(): string {
    return this.#html.replace(TRAILING_BREAKS, '').trimEnd();
  }

  get text(): string {
    return this.#text.trimEnd();
  }

  appendText(raw: string): void {
    const collapsed = raw.replace(WHITESPACE_RUN, ' ');
    const leadingSpace = collapsed.startsWith(' ');
    const trailingSpace = collapsed.endsWith(' ');
    const core = collapsed.slice(leadingSpace ? 1 : 0, trailingSpace ? -1 : undefined);
    if (leadingSpace) this.#pendingSpace = true;
    if (core === '') return;
    this.#flushSpace();
    this.#html += escapeText(core);
    this.#text += core;
    this.#pendingSpace = trailingSpace;
  }

  /** An explicit `<br>`; dropped at the start of a block, where it would only add blank space. */
  lineBreak(): void {
    if (this.#text === '') return;
    this.#html += '<br>';
    this.#pendingSpace = true;
    this.#afterBreak = true;
  }

  /** The edge of a nested block: one line break, however many blocks meet there. */
  blockBreak(): void {
    if (!this.#afterBreak) this.lineBreak();
  }

  openTag(tag: string): WriterMark {
    this.#flushSpace();
    const mark = { htmlLength: this.#html.length, textLength: this.#text.length };
    this.#html += tag;
    return mark;
  }

  /** Closes the element opened at `mark`, or removes it when it received no text. */
  closeTag(tag: string, mark: WriterMark): void {
    if (this.#text.length === mark.textLength) {
      this.#html = this.#html.slice(0, mark.htmlLength);
      return;
    }
    this.#html += tag;
  }

  #flushSpace(): void {
    if (this.#pendingSpace && this.#text !== '' && !this.#text.endsWith(' ')) {
      // After a <br> the space exists only in the plain text, where the break itself reads as one.
      if (!this.#afterBreak) this.#html += ' ';
      this.#text += ' ';
    }
    this.#pendingSpace = false;
    this.#afterBreak = false;
  }
}

export function renderInline(
  nodes: readonly AnyNode[],
  writer: InlineWriter,
  context: DocumentContext,
  media?: InlineMedia,
): void {
  for (const node of nodes) {
    if (isText(node)) writer.appendText(node.data);
    else if (isElement(node)) renderElement(node, writer, context, media);
  }
}

function renderElement(element: Element, writer: InlineWriter, context: DocumentContext, media?: InlineMedia): void {
  const name = element.name;
  if (DROPPED_TAGS.has(name)) return;
  const diverted = media?.divert(element) ?? null;
  if (diverted !== null) {
    renderInline(element.children, diverted, context, media);
  } else if (name === 'img') {
    media?.image(element);
  } else if (name === 'br') {
    writer.lineBreak();
  } else if (name === 'a') {
    renderAnchor(element, writer, context, media);
  } else if (FORMATTING_TAGS.has(name)) {
    renderWrapped(element, `<${name}>`, `</${name}>`, writer, context, media);
  } else if (isBlockTag(name)) {
    writer.blockBreak();
    renderInline(element.children, writer, context, media);
    writer.blockBreak();
  } else {
    renderInline(element.children, writer, context, media);
  }
}

function renderAnchor(anchor: Element, writer: InlineWriter, context: DocumentContext, media?: InlineMedia): void {
  const href = resolveHttpUrl(anchor.attribs.href, context.base);
  if (href === null) {
    renderInline(anchor.children, writer, context, media);
    return;
  }
  const title = anchor.attribs.title || null;
  context.links.push({ href, text: textContent(anchor.children), title });
  // Nested anchors are invalid HTML; the inner one is still a link but keeps no markup.
  if (writer.insideAnchor) {
    renderInline(anchor.children, writer, context, media);
    return;
  }
  const titleAttribute = title === null ? '' : ` title="${escapeAttribute(title)}"`;
  writer.insideAnchor = true;
  renderWrapped(anchor, `<a href="${escapeAttribute(href)}"${titleAttribute}>`, '</a>', writer, context, media);
  writer.insideAnchor = false;
}

function renderWrapped(
  element: Element,
  openTag: string,
  closeTag: string,
  writer: InlineWriter,
  context: DocumentContext,
  media?: InlineMedia,
): void {
  const mark = writer.openTag(openTag);
  renderInline(element.children, writer, context, media);
  writer.closeTag(closeTag, mark);
}
