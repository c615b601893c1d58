import { ReaderSectionDocument } from '../generated/graphql.ts';
import { query } from './client.ts';
import { articles, notFound, type Page, pager, pageVariables, sectionTabs, teaserList } from './common.ts';
import { h } from './dom.ts';
import { href, type PagePosition } from './routes.ts';

/** One section's articles, newest first, a page at a time, under the section tabs. */
export async function sectionPage(slug: string, position: PagePosition): Promise<Page> {
  const { section, sections } = await query(ReaderSectionDocument, { slug, ...pageVariables(position) });
  if (section === null) return notFound(`No article is in a section “${slug}”.`);
  return {
    title: section.name,
    content: h(
      'section',
      { class: 'list-page' },
      sectionTabs(sections, section.slug),
      h('h1', {}, section.name),
      h('p', { class: 'count' }, articles(section.articleCount)),
      teaserList(
        section.articles.edges.map((edge) => edge.node),
        'No articles on this page.',
      ),
      pager(section.articles.pageInfo, (next) => href.section(section.slug, next)),
    ),
  };
}
