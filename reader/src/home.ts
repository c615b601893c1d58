import { ReaderHomeDocument } from '../generated/graphql.ts';
import { query } from './client.ts';
import { articles, type Page, pager, pageVariables, sectionTabs, teaserList } from './common.ts';
import { h } from './dom.ts';
import { href, type PagePosition } from './routes.ts';

/** The newest articles, a page at a time, under the section tabs. */
export async function homePage(position: PagePosition): Promise<Page> {
  const { articles: list, sections } = await query(ReaderHomeDocument, pageVariables(position));
  return {
    title: 'Newest articles',
    content: h(
      'section',
      { class: 'list-page' },
      sectionTabs(sections, null),
      h('h1', {}, 'Newest articles'),
      h('p', { class: 'count' }, `${articles(list.totalCount)} in the archive`),
      teaserList(
        list.edges.map((edge) => edge.node),
        'The archive is empty.',
      ),
      pager(list.pageInfo, href.home),
    ),
  };
}
