/**
 * Structured content from a CMS (`ArticleInput`) into an ArticleRecord, through the same sanitizer,
 * block builder and link extraction as a feed document: the body and the figures are laid out as the
 * feed lays them out (lead figures before a `<section>` holding the body) and read by the same walk,
 * so the stored article cannot be told from one ingested from the feed.
 */
import { createHash } from 'node:crypto';
import type { ArticleInput, AuthorInput, FigureInput, IntakeResult } from '../../archive/intake.ts';
import type { ArticleRecord, AuthorRecord, BodyBlock } from '../../archive/record.ts';
import {
  authorProfileSlug,
  authorProfileUrl,
  canonicalDocumentUrl,
  parseHttpUrl,
  urlFacets,
} from '../../archive/urls.ts';
import { readDocumentContent } from './body.ts';
import { bodyHtml, bodyText, figureHtml, linkRecord, PARSER_VERSION } from './document.ts';
import { collapseWhitespace, parseHtmlFragment } from './dom.ts';
import type { DocumentContext, RawLink } from './inline.ts';
import { nameSlug } from './names.ts';
import { MAX_OPEN_ELEMENTS, settleNesting } from './nesting.ts';

/** The text the feed gives the link to the English original (the footer parser looks for `英文版`). */
const ORIGINAL_LINK_TEXT = '点击查看本文英文版。';

class InputRefusal extends Error {}

/**
 * The input with every U+0000 removed, as an HTML parser drops it from text: it is never content, and
 * PostgreSQL cannot store it in text at all.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  // Plain objects only: a Date (publishedAt) is a value, not a record of strings.
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutNul(entry)])) as T;
  }
  return value;
}

export function articleFromInput(rawInput: ArticleInput): IntakeResult {
  const input = withoutNul(rawInput);
  try {
    return { ok: true, ...readInput(input) };
  } catch (error) {
    if (error instanceof InputRefusal) return { ok: false, reason: error.message };
    throw error;
  }
}

function readInput(input: ArticleInput): { article: ArticleRecord; warnings: string[] } {
  const url = canonicalDocumentUrl(httpUrl(input.url, 'url'));
  const title = collapseWhitespace(input.title);
  if (title === '') throw new InputRefusal('title is empty');
  const originalUrl = input.originalUrl == null ? null : httpUrl(input.originalUrl, 'originalUrl').href;
  const authors = authorRecords(input.authors ?? []);
  const figures = input.figures ?? [];
  for (const figure of figures) httpUrl(figure.src, 'figure src');
  const settled = settleNesting(layOut(input.bodyHtml, figures));
  if (settled.depth > MAX_OPEN_ELEMENTS) {
    throw new InputRefusal(`bodyHtml is nested more than ${MAX_OPEN_ELEMENTS} elements deep`);
  }
  const context: DocumentContext = { base: new URL(url), links: [] };
  const content = readDocumentContent(parseHtmlFragment(settled.html).children, context);
  context.links.push(...footerLinks(authors, originalUrl));
  const facets = urlFacets(url);
  const article: ArticleRecord = {
    url,
    ...facets,
    section: input.section ?? facets.section,
    title,
    publishedAt: input.publishedAt,
    capturedAt: null,
    summary: input.summary ?? content.blocks.find((block) => block.type === 'paragraph')?.text ?? '',
    bodyHtml: bodyHtml(content.blocks, content.figures),
    bodyText: bodyText(content.blocks),
    blocks: content.blocks,
    originalUrl,
    credits: (input.credits ?? []).map(collapseWhitespace).filter((line) => line !== ''),
    authors,
    figures: content.figures,
    links: context.links.map((link, position) => linkRecord(link, position, originalUrl)),
    contentHash: createHash('sha256')
      .update(`${PARSER_VERSION}\narticle-input\n${JSON.stringify(input)}`)
      .digest('hex'),
  };
  return { article, warnings: warningsFor(content.blocks, content.footerLines.length > 0) };
}

function httpUrl(href: string, field: string): URL {
  const url = parseHttpUrl(href);
  if (url === null)
    throw new InputRefusal(`${field} ${JSON.stringify(href.slice(0, 120))} is not an absolute http(s) URL`);
  return url;
}

/** The feed's layout: lead figures, then the body in a `<section>`, other figures after it. */
function layOut(body: string, figures: readonly FigureInput[]): string {
  const html = (figure: FigureInput) =>
    figureHtml({
      position: 0,
      isLead: figure.isLead === true,
      src: figure.src,
      width: figure.width ?? null,
      height: figure.height ?? null,
      caption: figure.caption ?? null,
      credit: figure.credit ?? null,
    });
  const lead = figures.filter((figure) => figure.isLead === true).map(html);
  const inline = figures.filter((figure) => figure.isLead !== true).map(html);
  return `${lead.join('')}<section>${body}${inline.join('')}</section>`;
}

/** Each author once (by slug), as the footer parser keeps them; slugs and profile URLs as it spells them. */
function authorRecords(inputs: readonly AuthorInput[]): AuthorRecord[] {
  const authors = new Map<string, AuthorRecord>();
  for (const input of inputs) {
    const name = collapseWhitespace(input.name);
    if (name === '') throw new InputRefusal('an author has an empty name');
    const profileUrl = input.profileUrl == null ? null : httpUrl(input.profileUrl, 'profileUrl').href;
    const profileSlug = profileUrl === null ? null : authorProfileSlug(profileUrl);
    const slug = input.slug?.trim() || profileSlug || nameSlug(name);
    if (authors.has(slug)) continue;
    authors.set(slug, {
      slug,
      name,
      bio: input.bio == null || input.bio.trim() === '' ? null : collapseWhitespace(input.bio),
      profileUrl: profileSlug === null ? profileUrl : authorProfileUrl(profileSlug),
    });
  }
  return [...authors.values()];
}

/** The links a feed footer carries, in its order: each author's profile, then the English original. */
function footerLinks(authors: readonly AuthorRecord[], originalUrl: string | null): RawLink[] {
  const profiles = authors.flatMap(({ name, profileUrl }) =>
    profileUrl === null ? [] : [{ href: profileUrl, text: name, title: null }],
  );
  const original = originalUrl === null ? [] : [{ href: originalUrl, text: ORIGINAL_LINK_TEXT, title: null }];
  return [...profiles, ...original];
}

function warningsFor(blocks: readonly BodyBlock[], hadFooter: boolean): string[] {
  const warnings: string[] = [];
  if (!blocks.some((block) => block.type !== 'figure')) warnings.push('bodyHtml holds no text');
  if (hadFooter) warnings.push('a <footer> in bodyHtml was dropped: send credits, authors and originalUrl as fields');
  return warnings;
}
