/**
 * The footer: split into lines, then read as author bios, credits and the English-version link.
 */

import type { AuthorRecord } from '../../archive/record.ts';
import {
  authorProfileSlug,
  authorProfileUrl,
  isCnNytimesHost,
  isNytimesHost,
  resolveHttpUrl,
} from '../../archive/urls.ts';
import type { AnyNode, Element } from './dom.ts';
import { collapseWhitespace, DROPPED_TAGS, isBlockTag, isElement, isText, textContent } from './dom.ts';
import type { DocumentContext } from './inline.ts';
import { displayName, nameSlug, spellingAtStart } from './names.ts';

const ENGLISH_VERSION_MARK = '英文版';

export interface FooterAnchor {
  href: string;
  text: string;
  profileSlug: string | null;
}

export interface FooterLine {
  text: string;
  /** The line without the text of its author-profile link: what remains is the bio. */
  bioText: string;
  anchors: FooterAnchor[];
}

/**
 * Splits footer content into lines at blocks and `<br>`, and around the links that end a line:
 * an author profile link closes its bio; an English-version link stands on a line of its own,
 * together with its label when it has one.
 */
export class FooterLineSplitter {
  readonly lines: FooterLine[] = [];
  #text = '';
  #bioText = '';
  #anchors: FooterAnchor[] = [];
  readonly #context: DocumentContext;

  constructor(context: DocumentContext) {
    this.#context = context;
  }

  read(nodes: readonly AnyNode[]): void {
    for (const node of nodes) {
      if (isText(node)) this.#appendText(node.data, true);
      else if (isElement(node)) this.#readElement(node);
    }
  }

  /** Ends the current line; the last one must be ended by the caller once the document is read. */
  endLine(): void {
    const text = collapseWhitespace(this.#text);
    if (text !== '' || this.#anchors.length > 0) {
      this.lines.push({ text, bioText: collapseWhitespace(this.#bioText), anchors: this.#anchors });
    }
    this.#text = '';
    this.#bioText = '';
    this.#anchors = [];
  }

  #readElement(element: Element): void {
    if (DROPPED_TAGS.has(element.name)) return;
    if (element.name === 'a') {
      this.#readAnchor(element);
    } else if (element.name === 'br') {
      this.endLine();
    } else if (isBlockTag(element.name)) {
      this.endLine();
      this.read(element.children);
      this.endLine();
    } else {
      this.read(element.children);
    }
  }

  #readAnchor(anchor: Element): void {
    const href = resolveHttpUrl(anchor.attribs.href, this.#context.base);
    if (href === null) {
      this.read(anchor.children);
      return;
    }
    const text = textContent(anchor.children);
    this.#context.links.push({ href, text, title: anchor.attribs.title || null });
    const isEnglishVersion = text.includes(ENGLISH_VERSION_MARK);
    // Text before the link belongs to another line (`翻译：…<a>点击查看本文英文版。</a>`) unless it is the link's label.
    if (isEnglishVersion && !this.#text.includes(ENGLISH_VERSION_MARK)) this.endLine();
    const profileSlug = authorProfileSlug(href);
    this.#appendText(text, profileSlug === null);
    this.#anchors.push({ href, text, profileSlug });
    if (isEnglishVersion || profileSlug !== null) this.endLine();
  }

  #appendText(text: string, partOfBio: boolean): void {
    this.#text += text;
    if (partOfBio) this.#bioText += text;
  }
}

export interface FooterFacts {
  authors: AuthorRecord[];
  credits: string[];
  originalUrl: string | null;
}

/** Reads footer lines against the byline: bios for the authors, the English-version link, credits for the rest. */
export function interpretFooter(lines: readonly FooterLine[], bylineNames: readonly string[]): FooterFacts {
  const originalUrl = findOriginalUrl(lines);
  const originalLine = lines.find((line) => line.anchors.some((anchor) => anchor.href === originalUrl));
  const unclaimed = new Set(lines.filter((line) => line !== originalLine));
  const authors = new Map<string, AuthorRecord>();
  for (const bylineName of bylineNames) {
    const { author, line } = resolveAuthor(bylineName, unclaimed);
    if (authors.has(author.slug)) continue;
    authors.set(author.slug, author);
    if (line !== null) unclaimed.delete(line);
  }
  const credits = lines.filter((line) => unclaimed.has(line) && line.text !== '').map((line) => line.text);
  return { authors: [...authors.values()], credits, originalUrl };
}

/** The link whose text names the English version, else the first footer link to an nytimes.com article. */
function findOriginalUrl(lines: readonly FooterLine[]): string | null {
  const anchors = lines.flatMap((line) => line.anchors);
  const labelled = anchors.find((anchor) => anchor.text.includes(ENGLISH_VERSION_MARK));
  return (labelled ?? anchors.find(isEnglishSiteArticle))?.href ?? null;
}

function isEnglishSiteArticle(anchor: FooterAnchor): boolean {
  const { hostname } = new URL(anchor.href);
  return isNytimesHost(hostname) && !isCnNytimesHost(hostname) && anchor.profileSlug === null;
}

interface LineMatch {
  line: FooterLine;
  spelling: string | null;
  profileSlug: string | null;
}

/** One author, with the footer line that describes them (null when none does). */
function resolveAuthor(
  bylineName: string,
  unclaimed: ReadonlySet<FooterLine>,
): { author: AuthorRecord; line: FooterLine | null } {
  const fallbackName = displayName(bylineName);
  const match = findAuthorLine(bylineName, nameSlug(fallbackName), unclaimed);
  if (match === null) {
    return { author: { slug: nameSlug(fallbackName), name: fallbackName, bio: null, profileUrl: null }, line: null };
  }
  const name = match.spelling ?? fallbackName;
  const author = {
    slug: match.profileSlug ?? nameSlug(name),
    name,
    bio: match.line.bioText === '' ? null : match.line.bioText,
    profileUrl: match.profileSlug === null ? null : authorProfileUrl(match.profileSlug),
  };
  return { author, line: match.line };
}

/**
 * The footer line about an author: one that starts with the name or links the profile whose slug the
 * name gives. A line with a profile link wins over a mere mention (`X自香港对本文有报道贡献。`).
 */
function findAuthorLine(bylineName: string, derivedSlug: string, lines: ReadonlySet<FooterLine>): LineMatch | null {
  let mention: LineMatch | null = null;
  for (const line of lines) {
    const spelling = spellingAtStart(line.text, bylineName);
    const profileSlug = line.anchors.find((anchor) => anchor.profileSlug !== null)?.profileSlug ?? null;
    if (profileSlug !== null && (spelling !== null || profileSlug === derivedSlug)) {
      return { line, spelling, profileSlug };
    }
    if (spelling !== null) mention ??= { line, spelling, profileSlug: null };
  }
  return mention;
}
