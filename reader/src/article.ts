import { ReaderArticleDocument, type ReaderArticleQuery } from '../generated/graphql.ts';
import { query } from './client.ts';
import { articles, byline, dateTime, figure, notFound, type Page, teaserList } from './common.ts';
import { external, h, sanitizedHtml, webUrl } from './dom.ts';
import { href } from './routes.ts';

type Article = NonNullable<ReaderArticleQuery['article']>;
type Block = Article['blocks'][number];

/** An article: its blocks, its credits and the archived articles that link to it. */
export async function articlePage(slug: string): Promise<Page> {
  const { article } = await query(ReaderArticleDocument, { slug });
  if (article === null) return notFound(`No article “${slug}” is in the archive.`);
  // Links to articles the archive holds lead to the reader's page of that article.
  const archived = new Map(article.links.flatMap((link) => (link.target ? [[link.href, link.target.slug]] : [])));
  const originalUrl = webUrl(article.originalUrl);
  const original = originalUrl ? external(h('a', { href: originalUrl }, 'Read the English original')) : null;
  return {
    title: article.title,
    content: h(
      'div',
      { class: 'article-page' },
      h(
        'article',
        { lang: article.language },
        h(
          'p',
          { class: 'kicker' },
          h('a', { href: href.section(article.section.slug), class: 'section' }, article.section.name),
        ),
        h('h1', {}, article.title),
        h(
          'p',
          { class: 'meta' },
          article.authors.length > 0 ? [...byline(article.authors), ' · '] : null,
          dateTime(article.publishedAt),
        ),
        article.leadFigure ? figure(article.leadFigure, 'lead') : null,
        h(
          'div',
          { class: 'body' },
          article.blocks.map((block) => renderBlock(block, archived)),
        ),
        h(
          'footer',
          { class: 'credits' },
          article.authors.map((author) => (author.bio ? h('p', {}, author.bio) : null)),
          article.credits.map((credit) => h('p', {}, credit)),
          original ? h('p', { lang: 'en' }, original) : null,
        ),
      ),
      h(
        'aside',
        { class: 'backlinks', 'aria-labelledby': 'backlinks-heading' },
        h('h2', { id: 'backlinks-heading' }, `Linked from ${articles(article.backlinks.totalCount)}`),
        teaserList(
          article.backlinks.edges.map((edge) => edge.node),
          'No archived article links here yet.',
        ),
      ),
    ),
  };
}

function renderBlock(block: Block, archived: ReadonlyMap<string, string>): Node | null {
  switch (block.__typename) {
    case 'ParagraphBlock':
      return h('p', {}, linked(block.html, archived));
    case 'QuoteBlock':
      return h('blockquote', {}, linked(block.html, archived));
    case 'HeadingBlock':
      return h(block.level === 3 ? 'h3' : block.level === 4 ? 'h4' : 'h2', {}, block.text);
    case 'FigureBlock':
      return figure(block.figure, 'inline');
  }
}

/** Sanitized block HTML whose links to archived articles stay inside the reader. */
function linked(html: string, archived: ReadonlyMap<string, string>): DocumentFragment {
  const fragment = sanitizedHtml(html);
  for (const anchor of fragment.querySelectorAll('a')) {
    const slug = archived.get(anchor.getAttribute('href') ?? '');
    if (slug === undefined) {
      external(anchor);
    } else {
      anchor.href = href.article(slug);
      anchor.classList.add('internal');
    }
  }
  return fragment;
}
