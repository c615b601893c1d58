/**
 * Issue 12's reproductions of the cost-limit bypass, shared by the limit plugin's unit tests and the
 * robustness suite: 110 aliases of article bodies with three levels of backlinks (18.9 KB there, just
 * under 20 KiB here), and pages of 100 bodies each.
 */
const threeLevels =
  'backlinks { edges { node { backlinks { edges { node { backlinks { edges { node { title } } } } } } } } }';

export const aliasFlood = `{ ${Array.from(
  { length: 110 },
  (_, index) =>
    `a${index}: articles { edges { node { bodyHtml bodyText backlinks { edges { node { ${threeLevels} } } } } } }`,
).join(' ')} }`.replace(/ ?([{}]) ?/g, '$1');

export const bodiesTimes = (count: number) =>
  `{ ${Array.from({ length: count }, (_, index) => `a${index}: articles(first: 100) { edges { node { bodyHtml } } }`).join(' ')} }`;
