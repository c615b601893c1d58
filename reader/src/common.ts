import type { ReaderFigureFragment, ReaderPagerFragment, ReaderTeaserFragment } from '../generated/graphql.ts';
import { h, webUrl } from './dom.ts';
import { href, type PagePosition } from './routes.ts';

/** What a route renders to. */
export interface Page {
  title: string;
  content: Node;
}

/** Articles per page of every list. */
export const pageSize = 10;

/** The list variables for a position: the page after a cursor, the page before one, or the first page. */
export function pageVariables(position: PagePosition): {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
} {
  if (position.before !== undefined) return { last: pageSize, before: position.before };
  return position.after !== undefined ? { first: pageSize, after: position.after } : { first: pageSize };
}

/** "1 article", "33 articles". */
export function articles(count: number): string {
  return count === 1 ? '1 article' : `${count} articles`;
}

/** The feed states Beijing time, so the reader shows it too. */
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Asia/Shanghai',
});

export function dateTime(iso: string): HTMLTimeElement {
  return h('time', { datetime: iso }, dateFormat.format(new Date(iso)));
}

/** "A and B" as links to their author pages. */
export function byline(authors: readonly { slug: string; name: string }[]): (Node | string)[] {
  return authors.flatMap((author, index) => [
    index === 0 ? '' : index === authors.length - 1 ? ' and ' : ', ',
    h('a', { href: href.author(author.slug), class: 'author' }, author.name),
  ]);
}

export function teaser(article: ReaderTeaserFragment): HTMLElement {
  return h(
    'li',
    { class: 'teaser' },
    h('h3', {}, h('a', { href: href.article(article.slug) }, article.title)),
    h(
      'p',
      { class: 'meta' },
      dateTime(article.publishedAt),
      ' · ',
      h('a', { href: href.section(article.section.slug), class: 'section' }, article.section.name),
      article.authors.length > 0 ? [' · ', ...byline(article.authors)] : null,
    ),
    h('p', { class: 'summary', lang: 'zh-Hans' }, article.summary),
  );
}

export function teaserList(articles: readonly ReaderTeaserFragment[], empty: string): HTMLElement {
  if (articles.length === 0) return h('p', { class: 'empty' }, empty);
  return h('ol', { class: 'teasers' }, articles.map(teaser));
}

/** Links to the newer and the older page of a list; `link` makes the href of a position. */
export function pager(pageInfo: ReaderPagerFragment, link: (position: PagePosition) => string): HTMLElement {
  const { hasPreviousPage, hasNextPage, startCursor, endCursor } = pageInfo;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    hasPreviousPage && startCursor !== null
      ? h('a', { href: link({ before: startCursor }), rel: 'prev' }, '← Newer')
      : null,
    hasNextPage && endCursor !== null ? h('a', { href: link({ after: endCursor }), rel: 'next' }, 'Older →') : null,
  );
}

/** The section tabs: every section with its article count, the current one marked. */
export function sectionTabs(
  sections: readonly { slug: string; name: string; articleCount: number }[],
  current: string | null,
): HTMLElement {
  const tab = (label: string, target: string, selected: boolean, count?: number) =>
    h(
      'a',
      { href: target, class: 'tab', 'aria-current': selected ? 'page' : undefined },
      label,
      count === undefined ? null : h('span', { class: 'tab-count' }, String(count)),
    );
  return h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sections' },
    tab('All', href.home(), current === null),
    sections.map((section) =>
      tab(section.name, href.section(section.slug), section.slug === current, section.articleCount),
    ),
  );
}

export function figure(data: ReaderFigureFragment, className: string): HTMLElement | null {
  const src = webUrl(data.src);
  if (src === undefined) return null;
  const caption =
    data.caption || data.credit
      ? h('figcaption', {}, data.caption ?? '', data.credit ? h('span', { class: 'credit' }, data.credit) : null)
      : null;
  return h(
    'figure',
    { class: className },
    h('img', {
      src,
      // The caption is the figure's text alternative, right below it.
      alt: '',
      width: data.width,
      height: data.height,
      loading: 'lazy',
      referrerpolicy: 'no-referrer',
    }),
    caption,
  );
}

export function notFound(what: string): Page {
  return {
    title: 'Not found',
    content: h(
      'section',
      { class: 'message' },
      h('h1', {}, 'Not found'),
      h('p', {}, what),
      h('p', {}, h('a', { href: href.home() }, 'Back to the newest articles')),
    ),
  };
}
