import type { ArticleRecord } from './record.ts';

/**
 * How the write API turns what a client sends into an `ArticleRecord`. The API side cannot load the
 * HTML parser (see ARCHITECTURE.md), so it sees only this contract; `ingest/intake.ts` implements
 * it and the entry points hand it to the app.
 */

export interface AuthorInput {
  name: string;
  /** Derived as the feed parser derives it (profile URL, else the name) when absent. */
  slug?: string | null;
  bio?: string | null;
  profileUrl?: string | null;
}

export interface FigureInput {
  src: string;
  width?: number | null;
  height?: number | null;
  caption?: string | null;
  credit?: string | null;
  /** The figure shown before the body; the others follow the body, after the figures `bodyHtml` holds. */
  isLead?: boolean | null;
}

/** Structured content from a CMS: what a feed document says, field by field. */
export interface ArticleInput {
  url: string;
  title: string;
  publishedAt: Date;
  /** The URL's first path segment when absent. */
  section?: string | null;
  /** Body markup, sanitized as feed HTML is; its own `<figure>`s and images become inline figures. */
  bodyHtml: string;
  /** The first paragraph when absent. */
  summary?: string | null;
  /** In byline order. */
  authors?: readonly AuthorInput[] | null;
  figures?: readonly FigureInput[] | null;
  originalUrl?: string | null;
  credits?: readonly string[] | null;
}

export type IntakeResult =
  | { ok: true; article: ArticleRecord; warnings: string[] }
  /** `reason`: one line, for people. */
  | { ok: false; reason: string };

export interface ArticleIntake {
  /** A document in the feed format, read exactly as the ingest CLI reads a file. */
  parseDocument(text: string): IntakeResult;
  /** Structured content, through the same sanitizer, block builder and link extraction. */
  fromInput(input: ArticleInput): IntakeResult;
}
