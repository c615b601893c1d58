/** Parses one seed document (capture comment, `[title](url)` line, feed HTML) into an ArticleRecord. */
import { createHash } from 'node:crypto';
import type {
  ArticleRecord,
  BodyBlock,
  FigureRecord,
  LinkKind,
  LinkRecord,
  ParseResult,
} from '../../archive/record.ts';
import { authorProfileSlug, canonicalArticleUrl, canonicalDocumentUrl, urlFacets } from '../../archive/urls.ts';
import { readDocumentContent } from './body.ts';
import { dateFromArticlePath } from './dates.ts';
import { parseHtmlFragment } from './dom.ts';
import { readEnvelope } from './envelope.ts';
import { interpretFooter } from './footer.ts';
import type { DocumentContext, RawLink } from './inline.ts';
import { escapeAttribute, escapeText } from './inline.ts';

/** Mixed into contentHash: bump it whenever the same source would parse differently. */
export const PARSER_VERSION = 'ingest-parse/2';

export interface ParseOptions {
  /** publishedAt when the document states no publish time, capture time or URL date. Defaults to now. */
  fallbackDate?: Date;
}

export function parseDocument(text: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const result = readEnvelope(text);
  if (!result.ok) return result;
  const { source, capturedAt, title, url: titleUrl, html } = result.envelope;
  const url = canonicalDocumentUrl(titleUrl);
  const context: DocumentContext = { base: new URL(url), links: [] };
  const content = readDocumentContent(parseHtmlFragment(html).children, context);
  const footer = interpretFooter(content.footerLines, content.bylineNames);
  const article: ArticleRecord = {
    url,
    ...urlFacets(url),
    title,
    publishedAt: content.publishedAt ?? capturedAt ?? dateFromArticlePath(url) ?? options.fallbackDate ?? new Date(),
    capturedAt,
    summary: content.blocks.find((block) => block.type === 'paragraph')?.text ?? '',
    bodyHtml: bodyHtml(content.blocks, content.figures),
    bodyText: bodyText(content.blocks),
    blocks: content.blocks,
    originalUrl: footer.originalUrl,
    credits: footer.credits,
    authors: footer.authors,
    figures: content.figures,
    links: context.links.map((link, position) => linkRecord(link, position, footer.originalUrl)),
    contentHash: createHash('sha256').update(`${PARSER_VERSION}\n${source}`).digest('hex'),
  };
  return { ok: true, article };
}

export function linkRecord(link: RawLink, position: number, originalUrl: string | null): LinkRecord {
  const targetUrl = canonicalArticleUrl(link.href);
  return { position, ...link, kind: linkKind(link.href, targetUrl, originalUrl), targetUrl };
}

function linkKind(href: string, targetUrl: string | null, originalUrl: string | null): LinkKind {
  if (href === originalUrl) return 'ORIGINAL';
  if (authorProfileSlug(href) !== null) return 'AUTHOR';
  return targetUrl === null ? 'EXTERNAL' : 'ARTICLE';
}

export function bodyText(blocks: readonly BodyBlock[]): string {
  return blocks.flatMap((block) => (block.type === 'figure' ? [] : [block.text])).join('\n\n');
}

export function bodyHtml(blocks: readonly BodyBlock[], figures: readonly FigureRecord[]): string {
  return blocks.map((block) => blockHtml(block, figures)).join('\n');
}

function blockHtml(block: BodyBlock, figures: readonly FigureRecord[]): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${block.html}</p>`;
    case 'heading':
      return `<h${block.level}>${escapeText(block.text)}</h${block.level}>`;
    case 'quote':
      return `<blockquote>${block.html}</blockquote>`;
    case 'figure': {
      const figure = figures[block.position];
      return figure === undefined ? '' : figureHtml(figure);
    }
  }
}

export function figureHtml(figure: FigureRecord): string {
  const width = figure.width === null ? '' : ` width="${figure.width}"`;
  const height = figure.height === null ? '' : ` height="${figure.height}"`;
  const credit = figure.credit === null ? '' : `<cite>${escapeText(figure.credit)}</cite>`;
  const caption = [figure.caption === null ? '' : escapeText(figure.caption), credit].filter(Boolean).join(' ');
  const figcaption = caption === '' ? '' : `<figcaption>${caption}</figcaption>`;
  return `<figure><img src="${escapeAttribute(figure.src)}"${width}${height}>${figcaption}</figure>`;
}
