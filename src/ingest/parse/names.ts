/** Author names: byline splitting, display case, slugs and matching against footer lines. */
import { createHash } from 'node:crypto';
import { collapseWhitespace } from './dom.ts';

const BYLINE_SEPARATOR = /\s*(?:[,，、;；]|\s+and\s+|和|与)\s*/iu;
const BYLINE_PREFIX = /^by\s+/i;
const COMBINING_MARKS = /\p{M}+/gu;
/**
 * Characters NFKD leaves alone that two spellings of one name still differ in: Latin letters without
 * a decomposition (spelled as URL slugs spell them) and typographic apostrophes.
 */
const FOLDED_CHARACTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  '’': "'",
  ʼ: "'",
};
const FOLDED_CHARACTER = new RegExp(`[${Object.keys(FOLDED_CHARACTERS).join('')}]`, 'g');
const WORD_START = /(^|[\s\-'’.])(\p{L})/gu;
const LATIN_OR_DIGIT = /[\p{Script=Latin}\d]/u;

/** `ALAN RAPPEPORT and ANA SWANSON` → [`ALAN RAPPEPORT`, `ANA SWANSON`]. */
export function splitByline(byline: string): string[] {
  return collapseWhitespace(byline)
    .replace(BYLINE_PREFIX, '')
    .split(BYLINE_SEPARATOR)
    .filter((name) => name !== '');
}

/** An all-uppercase name in title case (`JEAN-PIERRE O'NEILL` → `Jean-Pierre O'Neill`); other names as written. */
export function displayName(name: string): string {
  const isAllUppercase = name === name.toUpperCase() && name !== name.toLowerCase();
  if (!isAllUppercase) return name;
  return name
    .toLowerCase()
    .replace(WORD_START, (_, boundary: string, letter: string) => boundary + letter.toUpperCase());
}

/** Lowercase ASCII, accents removed: the form two spellings of one name share. */
function foldForComparison(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(FOLDED_CHARACTER, (char) => FOLDED_CHARACTERS[char] ?? char);
}

/** `Javier C. Hernández` → `javier-c-hernandez`; a name with no Latin letters gets a stable hashed slug. */
export function nameSlug(name: string): string {
  const slug = foldForComparison(name)
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug !== '') return slug;
  const digest = createHash('sha256').update(name.normalize('NFC')).digest('hex');
  return `author-${digest.slice(0, 12)}`;
}

/**
 * When `line` starts with `name` (ignoring case and accents), the line's own spelling of it; else null.
 * `Alan Rappeport是…` spells `ALAN RAPPEPORT` as `Alan Rappeport`.
 */
export function spellingAtStart(line: string, name: string): string | null {
  const target = foldForComparison(name);
  if (target === '') return null;
  let folded = '';
  let end = 0;
  for (const char of line) {
    folded += foldForComparison(char);
    end += char.length;
    if (folded.length >= target.length) break;
  }
  if (folded !== target) return null;
  const spelling = line.slice(0, end);
  return continuesWord(spelling, line.slice(end, end + 2)) ? null : spelling;
}

/** True when the match stops inside a Latin word (`Alan` must not match `Alana`). */
function continuesWord(spelling: string, following: string): boolean {
  const last = spelling.at(-1) ?? '';
  const next = [...following][0] ?? '';
  return LATIN_OR_DIGIT.test(last) && LATIN_OR_DIGIT.test(next);
}
