import { SECTIONS, TITLE_OUTCOMES, TITLE_VERBS } from '../../src/corpus/vocabulary.ts';
import type { Variables } from './queries.ts';

/** Q3: the first page of a search, with what a results page shows of each hit. */
export const searchQuery =
  'query Search($query: String!) { search(query: $query, first: 10) { totalCount edges { cursor score highlights { field html } node { slug title publishedAt section { slug } } } } }';

/**
 * Words the generated corpus uses, in the forms a reader would type: actors and topics of every
 * section (whole, and their first two characters, which are words of their own in most cases), title
 * verbs and outcomes. Some pairs co-occur in many articles, some in none: both are real searches.
 */
export function searchTerms(): string[] {
  const terms = new Set<string>([...TITLE_VERBS, ...TITLE_OUTCOMES]);
  for (const section of SECTIONS) {
    for (const actor of section.actors) terms.add(actor).add(actor.slice(0, 2));
    for (const topic of section.topics) terms.add(topic.zh).add(topic.zh.slice(0, 2));
  }
  return [...terms];
}

/** `count` random two-term queries, deterministic for a seed so that runs search the same things. */
export function twoTermQueries(count: number, seed = 1): Variables[] {
  const terms = searchTerms();
  let state = seed >>> 0;
  // mulberry32: a small, well-mixed PRNG; Math.random cannot be seeded.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = () => terms[Math.floor(random() * terms.length)] ?? '';
  return Array.from({ length: count }, () => ({ query: `${pick()} ${pick()}` }));
}
