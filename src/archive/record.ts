import type { SearchColumns } from './search-text.ts';

/** The typed result of parsing one seed document: everything the store writes. */

export type LinkKind = 'ARTICLE' | 'ORIGINAL' | 'AUTHOR' | 'EXTERNAL';

export interface AuthorRecord {
  /** From the profile URL (`nytimes.com/by/<slug>`) when the footer links one, else derived from the name. */
  slug: string;
  /** Proper case: the footer's spelling when present, else the title-cased byline. */
  name: string;
  bio: string | null;
  profileUrl: string | null;
}

export interface FigureRecord {
  /** 0-based across the document: the lead figure first, then inline figures in body order. */
  position: number;
  isLead: boolean;
  /** The original image URL, unwrapped from images.weserv.nl proxies. */
  src: string;
  width: number | null;
  height: number | null;
  caption: string | null;
  credit: string | null;
}

export interface LinkRecord {
  /** 0-based in document order, body then footer. */
  position: number;
  /** Absolute http(s) URL, resolved against the article URL, entities decoded. */
  href: string;
  text: string;
  title: string | null;
  kind: LinkKind;
  /** The canonical article URL this href names (see canonicalArticleUrl), or null when it names no article. */
  targetUrl: string | null;
}

export type BodyBlock =
  | { type: 'paragraph'; html: string; text: string }
  | { type: 'heading'; level: 2 | 3 | 4; text: string }
  | { type: 'quote'; html: string; text: string }
  /** Refers to the figure with this `position` in ArticleRecord.figures. */
  | { type: 'figure'; position: number };

export interface ArticleRecord {
  /** Canonical absolute URL from the title line. */
  url: string;
  /** The URL path without leading/trailing slash. */
  slug: string;
  title: string;
  /** First path segment of the URL. */
  section: string;
  language: string;
  /** UTC; the document states Beijing time (UTC+8). */
  publishedAt: Date;
  capturedAt: Date | null;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  blocks: BodyBlock[];
  originalUrl: string | null;
  credits: string[];
  /** In byline order. */
  authors: AuthorRecord[];
  figures: FigureRecord[];
  links: LinkRecord[];
  /** sha256 over the parser version and the source text; equal hashes mean an unchanged document. */
  contentHash: string;
  /**
   * The search index's text of this record, with its bylines' names, when the ingest's parse workers
   * computed it (off the writer's thread: tokenizing costs as much as the rest of a write). The writers
   * compute it themselves when absent, or when a byline resolved to an author stored under another name.
   */
  searchColumns?: SearchColumns;
}

/** Why a document was refused; `message` is one line, fit to print after the file name. */
export interface Refusal {
  reason: 'empty' | 'binary' | 'no-title-line' | 'bad-url' | 'too-deeply-nested';
  message: string;
}

export type ParseResult = { ok: true; article: ArticleRecord } | { ok: false; refusal: Refusal };
