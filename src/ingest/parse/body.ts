/**
 * One walk over the feed HTML that sorts it into byline, date, lead figure, body blocks and footer.
 * The walk is lenient: `<section>` is where the body usually is, but loose content elsewhere still
 * counts as body, and a footer left inside an unclosed section is still the footer.
 */

import type { BodyBlock, FigureRecord } from '../../archive/record.ts';
import { parseFeedDateTime } from './dates.ts';
import type { AnyNode, Element } from './dom.ts';
import { DROPPED_TAGS, HEADING_LEVELS, isBlockTag, isElement, isText } from './dom.ts';
import type { FigureDraft } from './figures.ts';
import { ParagraphMedia, readFigureElement } from './figures.ts';
import type { FooterLine } from './footer.ts';
import { FooterLineSplitter } from './footer.ts';
import type { DocumentContext } from './inline.ts';
import { InlineWriter, renderInline } from './inline.ts';
import { splitByline } from './names.ts';

export interface DocumentContent {
  blocks: BodyBlock[];
  figures: FigureRecord[];
  bylineNames: string[];
  /** From the first `<time>` with a usable date; null when there is none. */
  publishedAt: Date | null;
  footerLines: FooterLine[];
}

const NON_WHITESPACE = /\S/;

export function readDocumentContent(nodes: readonly AnyNode[], context: DocumentContext): DocumentContent {
  const reader = new ContentReader(context);
  reader.readBlocks(nodes, false);
  return reader.finish();
}

class ContentReader {
  readonly #context: DocumentContext;
  readonly #footer: FooterLineSplitter;
  readonly #blocks: BodyBlock[] = [];
  readonly #figures: FigureRecord[] = [];
  readonly #bylineNames: string[] = [];
  #publishedAt: Date | null = null;
  /** Consecutive inline nodes of one container, waiting to become a paragraph. */
  #run: AnyNode[] = [];

  constructor(context: DocumentContext) {
    this.#context = context;
    this.#footer = new FooterLineSplitter(context);
  }

  readBlocks(nodes: readonly AnyNode[], insideSection: boolean): void {
    for (const node of nodes) {
      if (isElement(node)) this.#readElement(node, insideSection);
      else if (isText(node) && (this.#run.length > 0 || NON_WHITESPACE.test(node.data))) this.#run.push(node);
    }
  }

  finish(): DocumentContent {
    this.#flushRun();
    this.#footer.endLine();
    return {
      blocks: this.#blocks,
      figures: this.#figures,
      bylineNames: this.#bylineNames,
      publishedAt: this.#publishedAt,
      footerLines: this.#footer.lines,
    };
  }

  #readElement(element: Element, insideSection: boolean): void {
    const name = element.name;
    if (DROPPED_TAGS.has(name)) return;
    const isHeaderElement = !insideSection && (name === 'address' || name === 'time');
    if (!isBlockTag(name) && !isHeaderElement) {
      this.#run.push(element);
      return;
    }
    this.#flushRun();
    if (name === 'footer') this.#footer.read([element]);
    else if (isHeaderElement) this.#readHeaderElement(element);
    else if (name === 'figure') this.#readFigure(element, insideSection);
    else if (HEADING_LEVELS.has(name)) this.#readHeading(element, HEADING_LEVELS.get(name) ?? 2);
    else if (name === 'blockquote') this.#readQuote(element);
    else this.readBlocks(element.children, insideSection || name === 'section');
    this.#flushRun();
  }

  #readHeaderElement(element: Element): void {
    if (element.name === 'time') {
      this.#publishedAt ??= parseFeedDateTime(element.attribs.datetime) ?? parseFeedDateTime(element.attribs.pudate);
      return;
    }
    const byline = new InlineWriter();
    renderInline(element.children, byline, this.#context);
    this.#bylineNames.push(...splitByline(byline.text));
  }

  /** The lead figure is a `<figure>` outside the section that comes before any body content. */
  #readFigure(element: Element, insideSection: boolean): void {
    const draft = readFigureElement(element, this.#context);
    if (draft === null) return;
    const isLead = !insideSection && this.#figures.length === 0 && this.#blocks.length === 0;
    this.#addFigure(draft, isLead, null);
  }

  #readHeading(element: Element, level: 2 | 3 | 4): void {
    const writer = new InlineWriter();
    renderInline(element.children, writer, this.#context);
    if (writer.text !== '') this.#blocks.push({ type: 'heading', level, text: writer.text });
  }

  #readQuote(element: Element): void {
    const writer = new InlineWriter();
    renderInline(element.children, writer, this.#context);
    if (writer.text !== '') this.#blocks.push({ type: 'quote', html: writer.html, text: writer.text });
  }

  /** A paragraph, figures for its images, or both, in the order the paragraph shows them. */
  #flushRun(): void {
    if (this.#run.length === 0) return;
    const media = new ParagraphMedia(this.#context.base);
    renderInline(this.#run, media.prose, this.#context, media);
    this.#run = [];
    const captionFallback = media.proseIsCaption ? media.prose.text : null;
    const paragraph: BodyBlock | null =
      captionFallback === null && media.prose.text !== ''
        ? { type: 'paragraph', html: media.prose.html, text: media.prose.text }
        : null;
    if (paragraph !== null && media.proseLeadsImages) this.#blocks.push(paragraph);
    for (const [index, draft] of media.figures.entries()) {
      this.#addFigure(draft, false, index === 0 ? captionFallback : null);
    }
    if (paragraph !== null && !media.proseLeadsImages) this.#blocks.push(paragraph);
  }

  #addFigure(draft: FigureDraft, isLead: boolean, captionFallback: string | null): void {
    if (draft.image === null) return;
    const position = this.#figures.length;
    this.#figures.push({
      position,
      isLead,
      ...draft.image,
      caption: draft.caption.text || captionFallback || null,
      credit: draft.credit.text || null,
    });
    if (!isLead) this.#blocks.push({ type: 'figure', position });
  }
}
