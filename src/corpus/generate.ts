/**
 * Deterministic synthetic corpus in the seed format. Document `index` is a pure function of
 * (seed, index, count): documents can be generated one at a time, in any order, and any document
 * can name another's URL without generating it.
 */
import type { DocumentAuthor, DocumentBlock, DocumentFigure, DocumentSpec } from './render.ts';
import {
  ACTIONS,
  ANALYSTS,
  AUTHORS,
  type AuthorEntry,
  CONSEQUENCES,
  CONTRIBUTORS,
  HEADING_SUFFIXES,
  INSIDERS,
  PHOTO_CREDITS,
  SECTIONS,
  type SectionVocabulary,
  SOURCES,
  SPEAKERS,
  SPEECH_VERBS,
  TIME_PHRASES,
  TITLE_OUTCOMES,
  TITLE_VERBS,
  type Topic,
  TRANSLATORS,
} from './vocabulary.ts';

export interface CorpusOptions {
  /** Number of documents; internal links only name indexes below it. */
  count: number;
  seed: number;
}

export const MAX_SEED = 0xffff_ffff;

const TITLE_LENGTH = { min: 8, max: 20 } as const;
const TWO_AUTHOR_SHARE = 0.15;
/** Share of authors picked from the section's own desk rather than the whole pool. */
const DESK_AFFINITY = 0.75;
const LEAD_FIGURE_SHARE = 0.7;
const PHOTO_CREDIT_SHARE = 0.9;
const ORIGINAL_LINK_SHARE = 0.92;
const CONTRIBUTOR_CREDIT_SHARE = 0.15;
const HOUSE_TRANSLATION_SHARE = 0.85;
const LINKED_PARAGRAPH_SHARE = 1 / 3;
const EXTERNAL_LINK_SHARE = 0.06;
/** Chances per gap between paragraphs: roughly one article in four gets an inline figure. */
const HEADING_SHARE = 0.025;
const QUOTE_SHARE = 0.02;
const INLINE_FIGURE_SHARE = 0.04;
/** Share of documents that reuse a recent neighbour's publish time to the second. */
const TIE_SHARE = 0.08;
const TIE_WINDOW = 5;
/** A few early articles draw a fifth of all internal links, so some articles have long backlink lists. */
const HUB_COUNT = 25;
const HUB_LINK_SHARE = 0.2;

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** The English edition dates stories in New York (UTC−5, or −4 in summer; −5 is close enough for a date). */
const NEW_YORK_OFFSET_MS = -5 * 3_600_000;
const FIRST_DAY_MS = Date.UTC(2019, 0, 1);
const DAY_SPAN = (Date.UTC(2025, 0, 1) - FIRST_DAY_MS) / DAY_MS;
const EARLIEST_SECOND_OF_DAY = 6 * 3600;
const LATEST_SECOND_OF_DAY = 23 * 3600 + 59 * 60 + 59;

const LEAD_FIGURE_HEIGHTS = [700, 591, 788, 1400] as const;
const IMAGE_ID_LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/** Independent random streams per document, so adding a draw to one part never shifts another. */
const STREAM = { time: 1, identity: 2, content: 3 } as const;

/** mulberry32: tiny and fast; statistical quality is ample for synthetic text. */
class Random {
  #state: number;

  constructor(state: number) {
    this.#state = state;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#state ^ (this.#state >>> 15), 1 | this.#state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Inclusive at both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }
}

/** murmur3's finalizer: spreads every input bit over the whole 32-bit key. */
function mix32(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function randomFor(seed: number, index: number, stream: number): Random {
  return new Random(mix32(mix32(mix32(seed) ^ index) ^ stream));
}

function profileSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function toDocumentAuthor(entry: AuthorEntry): DocumentAuthor {
  const byline = entry.name.toUpperCase();
  if (entry.bio === undefined) return { byline };
  const author: DocumentAuthor = { byline, footerName: entry.name, bio: entry.bio };
  if (entry.linksProfile !== false) author.profileSlug = profileSlug(entry.name);
  return author;
}

/** Every author the corpus uses, in a fixed order. */
export const CORPUS_AUTHORS: readonly DocumentAuthor[] = AUTHORS.map(toDocumentAuthor);

const AUTHORS_BY_DESK: ReadonlyMap<string, readonly DocumentAuthor[]> = new Map(
  SECTIONS.map((section) => [
    section.path,
    CORPUS_AUTHORS.filter((_, position) => AUTHORS[position]?.desk === section.path),
  ]),
);

/** Every section path the corpus uses. */
export const CORPUS_SECTIONS: readonly string[] = SECTIONS.map((section) => section.path);

/** What other documents need to know about an article: enough to build its URL and anchor text. */
interface ArticleIdentity {
  index: number;
  section: SectionVocabulary;
  topic: Topic;
  /** Beijing wall-clock time, encoded as if it were UTC. */
  publishedWallMs: number;
  url: string;
}

function baseWallClockMs(seed: number, index: number): number {
  const random = randomFor(seed, index, STREAM.time);
  const day = random.int(0, DAY_SPAN - 1);
  const second = random.int(EARLIEST_SECOND_OF_DAY, LATEST_SECOND_OF_DAY);
  return FIRST_DAY_MS + day * DAY_MS + second * 1000;
}

/** Ties copy a neighbour's base time rather than its final time, so resolving one never recurses. */
function publishedWallClockMs(random: Random, seed: number, index: number): number {
  const ties = index > 0 && random.chance(TIE_SHARE);
  const source = ties ? index - random.int(1, Math.min(index, TIE_WINDOW)) : index;
  return baseWallClockMs(seed, source);
}

function articleIdentity(index: number, seed: number): ArticleIdentity {
  const random = randomFor(seed, index, STREAM.identity);
  const section = random.pick(SECTIONS);
  const topic = random.pick(section.topics);
  const publishedWallMs = publishedWallClockMs(random, seed, index);
  const day = isoDate(publishedWallMs).replaceAll('-', '');
  // The index suffix keeps slugs unique however often a topic repeats.
  const url = `https://cn.nytimes.com/${section.path}/${day}/${topic.slug}-${index}/`;
  return { index, section, topic, publishedWallMs, url };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024-08-13 08:51:28`, the feed's format. */
function formatWallClock(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `2024/08/12`: the English edition's date path for a Beijing wall-clock time. */
function newYorkDatePath(wallMs: number): string {
  return isoDate(wallMs - BEIJING_OFFSET_MS + NEW_YORK_OFFSET_MS).replaceAll('-', '/');
}

function assertCorpusPosition(index: number, { count, seed }: CorpusOptions): void {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`index must be an integer from 0 to ${count - 1}, got ${index}`);
  }
}

export function articleUrl(index: number, options: CorpusOptions): string {
  assertCorpusPosition(index, options);
  return articleIdentity(index, options.seed).url;
}

/** `000123.txt`: six digits keep names sortable up to the CLI's maximum count. */
export function corpusFileName(index: number): string {
  return `${String(index).padStart(6, '0')}.txt`;
}

/** Everything the body builders share while generating one document. */
interface DocumentContext {
  random: Random;
  identity: ArticleIdentity;
  options: CorpusOptions;
}

export function generateDocumentSpec(index: number, options: CorpusOptions): DocumentSpec {
  assertCorpusPosition(index, options);
  const identity = articleIdentity(index, options.seed);
  const random = randomFor(options.seed, index, STREAM.content);
  const title = buildTitle(random, identity);
  const capturedAtMs = captureTimeMs(random, identity);
  const authors = pickAuthors(random, identity.section);
  const leadFigure = random.chance(LEAD_FIGURE_SHARE) ? buildLeadFigure(random, identity) : undefined;
  const body = buildBody({ random, identity, options });
  const credits = buildCredits(random);
  const originalUrl = random.chance(ORIGINAL_LINK_SHARE) ? englishUrl(identity, identity.topic, index) : undefined;
  const published = formatWallClock(identity.publishedWallMs);
  return { title, url: identity.url, published, capturedAtMs, authors, leadFigure, body, credits, originalUrl };
}

function buildTitle(random: Random, identity: ArticleIdentity): string {
  const topicFirst = `${identity.topic.zh}${random.pick(TITLE_OUTCOMES)}`;
  if (random.chance(0.4)) return topicFirst;
  const actorFirst = `${random.pick(identity.section.actors)}${random.pick(TITLE_VERBS)}${identity.topic.zh}`;
  return fitsTitle(actorFirst) ? actorFirst : topicFirst;
}

function fitsTitle(title: string): boolean {
  return title.length >= TITLE_LENGTH.min && title.length <= TITLE_LENGTH.max;
}

/** The feed is captured a few minutes after publication. */
function captureTimeMs(random: Random, identity: ArticleIdentity): number {
  return identity.publishedWallMs - BEIJING_OFFSET_MS + random.int(2 * 60, 30 * 60) * 1000;
}

function pickAuthors(random: Random, section: SectionVocabulary): DocumentAuthor[] {
  const first = pickAuthor(random, section);
  if (!random.chance(TWO_AUTHOR_SHARE)) return [first];
  return [first, pickAuthor(random, section, first)];
}

function pickAuthor(random: Random, section: SectionVocabulary, excluded?: DocumentAuthor): DocumentAuthor {
  const desk = AUTHORS_BY_DESK.get(section.path) ?? CORPUS_AUTHORS;
  const pool = random.chance(DESK_AFFINITY) ? desk : CORPUS_AUTHORS;
  return random.pick(excluded ? pool.filter((author) => author !== excluded) : pool);
}

function buildCredits(random: Random): string[] {
  const credits: string[] = [];
  if (random.chance(CONTRIBUTOR_CREDIT_SHARE)) {
    const contributor = random.pick(CONTRIBUTORS);
    credits.push(`${contributor.name}自${contributor.city}对本文有报道贡献。`);
  }
  credits.push(random.chance(HOUSE_TRANSLATION_SHARE) ? '翻译：纽约时报中文网' : `翻译：${random.pick(TRANSLATORS)}`);
  return credits;
}

function buildLeadFigure(random: Random, identity: ArticleIdentity): DocumentFigure {
  const figure: DocumentFigure = {
    src: imageUrl(random, identity, 0),
    width: 1050,
    height: random.pick(LEAD_FIGURE_HEIGHTS),
    caption: `${random.pick(identity.section.clauses)}。`,
  };
  if (random.chance(PHOTO_CREDIT_SHARE)) figure.credit = random.pick(PHOTO_CREDITS);
  return figure;
}

/** Shaped like the seed's `2024/08/12/multimedia/12dc-uschina-hmtq/12dc-uschina-hmtq-master1050.jpg`. */
function imageUrl(random: Random, identity: ArticleIdentity, ordinal: number): string {
  const datePath = newYorkDatePath(identity.publishedWallMs);
  const keyword = identity.topic.slug.split('-')[0] ?? 'news';
  const suffix = Array.from({ length: 4 }, () => random.pick(IMAGE_ID_LETTERS)).join('');
  const id = `${datePath.slice(8)}${identity.section.imageDesk}-${keyword}${ordinal || ''}-${suffix}`;
  return `https://static01.nyt.com/images/${datePath}/multimedia/${id}/${id}-master1050.jpg`;
}

/** The English edition files under its own desk path, dated in New York. */
function englishUrl(identity: ArticleIdentity, topic: Topic, slugNumber: number, daysEarlier = 0): string {
  const datePath = newYorkDatePath(identity.publishedWallMs - daysEarlier * DAY_MS);
  return `https://www.nytimes.com/${datePath}/${identity.section.englishPath}/${topic.slug}-${slugNumber}.html`;
}

function buildBody(context: DocumentContext): DocumentBlock[] {
  const { random, identity } = context;
  const paragraphCount = random.int(4, 12);
  const blocks: DocumentBlock[] = [];
  let inlineImages = 0;
  for (let position = 0; position < paragraphCount; position += 1) {
    if (position >= 2 && random.chance(HEADING_SHARE)) blocks.push(buildHeading(random, identity));
    blocks.push({ paragraph: buildParagraph(context) });
    if (position === paragraphCount - 1) break;
    if (random.chance(QUOTE_SHARE)) blocks.push({ quote: `“${random.pick(identity.section.clauses)}。”` });
    if (random.chance(INLINE_FIGURE_SHARE)) {
      inlineImages += 1;
      blocks.push({
        image: imageUrl(random, identity, inlineImages),
        caption: `${random.pick(identity.section.clauses)}。`,
      });
    }
  }
  return blocks;
}

function buildHeading(random: Random, identity: ArticleIdentity): DocumentBlock {
  const topic = random.chance(0.5) ? identity.topic : random.pick(identity.section.topics);
  return { heading: `${topic.zh}${random.pick(HEADING_SUFFIXES)}` };
}

/** 2–5 sentences; at most one links to another article of the corpus and one to the English site. */
function buildParagraph(context: DocumentContext): string {
  const { random, options } = context;
  const sentenceCount = random.int(2, 5);
  const linkAt = options.count > 1 && random.chance(LINKED_PARAGRAPH_SHARE) ? random.int(0, sentenceCount - 1) : -1;
  const externalAt = random.chance(EXTERNAL_LINK_SHARE) ? random.int(0, sentenceCount - 1) : -1;
  let paragraph = '';
  for (let position = 0; position < sentenceCount; position += 1) {
    if (position === linkAt) paragraph += sentenceAbout(context, internalLink(context));
    else if (position === externalAt) paragraph += sentenceAbout(context, externalLink(context));
    else paragraph += plainSentence(context);
  }
  return paragraph;
}

type SentenceAbout = (random: Random, section: SectionVocabulary, object: string) => string;
type PlainSentence = (random: Random, section: SectionVocabulary) => string;

const SENTENCES_ABOUT: readonly SentenceAbout[] = [
  (random, section, object) =>
    `${random.pick(TIME_PHRASES)}，${random.pick(section.actors)}${random.pick(ACTIONS)}${object}。`,
  (random, section, object) =>
    `${random.pick(section.actors)}${random.pick(ACTIONS)}${object}，${random.pick(CONSEQUENCES)}。`,
  (random, section, object) =>
    `据${random.pick(SOURCES)}报道，${random.pick(section.actors)}${random.pick(ACTIONS)}${object}。`,
  (random, section, object) => `在${object}问题上，${random.pick(section.clauses)}。`,
];

const PLAIN_SENTENCES: readonly PlainSentence[] = [
  (random, section) => `“${random.pick(section.clauses)}，”${random.pick(SPEAKERS)}${random.pick(SPEECH_VERBS)}。`,
  (random, section) => `${random.pick(ANALYSTS)}认为，${random.pick(section.clauses)}。`,
  (random, section) => `${random.pick(INSIDERS)}透露，${random.pick(section.clauses)}。`,
  (random, section) => `${random.pick(section.clauses)}，${random.pick(CONSEQUENCES)}。`,
  (random, section) => `${random.pick(TIME_PHRASES)}，${random.pick(section.clauses)}。`,
];

function sentenceAbout(context: DocumentContext, object: string): string {
  const { random, identity } = context;
  return random.pick(SENTENCES_ABOUT)(random, identity.section, object);
}

/** Half the plain sentences mention a topic, mostly the article's own, to keep articles on subject. */
function plainSentence(context: DocumentContext): string {
  const { random, identity } = context;
  if (random.chance(0.5)) return random.pick(PLAIN_SENTENCES)(random, identity.section);
  const topic = random.chance(0.4) ? identity.topic : random.pick(identity.section.topics);
  return sentenceAbout(context, topic.zh);
}

/** Anchored on the target's topic, as an editor would link `产业政策` to an article about it. */
function internalLink(context: DocumentContext): string {
  const { random, identity, options } = context;
  const poolSize = random.chance(HUB_LINK_SHARE) ? Math.min(HUB_COUNT, options.count) : options.count;
  const target = articleIdentity(otherIndex(random, identity.index, poolSize), options.seed);
  // The feed sometimes repeats the URL in a title attribute, as in the seed document.
  const title = random.chance(0.1) ? ` title="Link: ${target.url}"` : '';
  return `<a href="${target.url}"${title}>${target.topic.zh}</a>`;
}

/** An index in [0, poolSize) other than `self`; poolSize must be at least 2 when self is inside it. */
function otherIndex(random: Random, self: number, poolSize: number): number {
  if (self >= poolSize) return random.int(0, poolSize - 1);
  const candidate = random.int(0, poolSize - 2);
  return candidate >= self ? candidate + 1 : candidate;
}

/** An earlier English-edition story of the same desk. */
function externalLink(context: DocumentContext): string {
  const { random, identity } = context;
  const topic = random.pick(identity.section.topics);
  const href = englishUrl(identity, topic, random.int(1, 999), random.int(1, 400));
  return `<a href="${href}">${topic.zh}</a>`;
}
