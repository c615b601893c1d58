/**
 * The reader's pages live in the URL fragment (`#/article/<slug>`), so the server only ever serves `/`
 * and a reload or a shared link opens the same page.
 */

/** Where a paged list starts: after one cursor (older items) or before one (newer items). */
export interface PagePosition {
  after?: string;
  before?: string;
}

export type Route =
  | { page: 'home'; position: PagePosition }
  | { page: 'article'; slug: string }
  | { page: 'author'; slug: string; position: PagePosition }
  | { page: 'section'; slug: string; position: PagePosition };

/** Slugs keep their slashes (article slugs are URL paths); every other character is escaped. */
function encodeSlug(slug: string): string {
  return slug.split('/').map(encodeURIComponent).join('/');
}

function positionQuery({ after, before }: PagePosition = {}): string {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('after', after);
  else if (before !== undefined) query.set('before', before);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export const href = {
  home: (position?: PagePosition) => `#/${positionQuery(position)}`,
  article: (slug: string) => `#/article/${encodeSlug(slug)}`,
  author: (slug: string, position?: PagePosition) => `#/author/${encodeSlug(slug)}${positionQuery(position)}`,
  section: (slug: string, position?: PagePosition) => `#/section/${encodeSlug(slug)}${positionQuery(position)}`,
};

/** The route of a location hash; undefined for one the reader does not know. */
export function parseRoute(hash: string): Route | undefined {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parameters = new URLSearchParams(query);
  const position: PagePosition = {};
  const after = parameters.get('after');
  const before = parameters.get('before');
  if (after !== null) position.after = after;
  else if (before !== null) position.before = before;
  const [, page = '', ...rest] = path.split('/');
  let slug: string;
  try {
    slug = rest.map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
  if (page === '' && slug === '') return { page: 'home', position };
  if (slug === '') return undefined;
  if (page === 'article') return { page, slug };
  if (page === 'author' || page === 'section') return { page, slug, position };
  return undefined;
}
