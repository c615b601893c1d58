import { ReaderAuthorDocument } from '../generated/graphql.ts';
import { query } from './client.ts';
import { articles, notFound, type Page, pager, pageVariables, teaserList } from './common.ts';
import { external, h, webUrl } from './dom.ts';
import { href, type PagePosition } from './routes.ts';

/** An author's profile and articles, newest first, a page at a time. */
export async function authorPage(slug: string, position: PagePosition): Promise<Page> {
  const { author } = await query(ReaderAuthorDocument, { slug, ...pageVariables(position) });
  if (author === null) return notFound(`No author “${slug}” is in the archive.`);
  const profile = webUrl(author.profileUrl);
  return {
    title: author.name,
    content: h(
      'section',
      { class: 'list-page author-page' },
      h('h1', {}, author.name),
      author.bio ? h('p', { class: 'bio', lang: 'zh-Hans' }, author.bio) : null,
      profile ? h('p', {}, external(h('a', { href: profile }, 'Profile on nytimes.com'))) : null,
      h('p', { class: 'count' }, articles(author.articleCount)),
      teaserList(
        author.articles.edges.map((edge) => edge.node),
        'No articles on this page.',
      ),
      pager(author.articles.pageInfo, (next) => href.author(author.slug, next)),
    ),
  };
}
