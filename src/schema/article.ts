import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { ArticleOrder } from '../archive/cursor.ts';
import type { BodyBlock } from '../archive/record.ts';
import { canonicalDocumentUrl, parseHttpUrl, urlFacets } from '../archive/urls.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { loadArticlePage } from './article-list.ts';
import { Block, resolveBlocks } from './block.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { itemsPerParent, typicalBytes, typicalListLength } from './cost.ts';
import { badInput } from './errors.ts';
import { Figure } from './figure.ts';
import { Link, LinkKind } from './link.ts';
import type { PageArgs } from './pagination.ts';

export const ArticleWhere = builder.inputType('ArticleWhere', {
  description: 'Filters on a list of articles, combined with AND; an omitted or null field does not filter.',
  fields: (t) => ({
    section: t.string({
      description: 'Only articles of the section with this slug, e.g. "world" (see `Section.slug`).',
    }),
    authorSlug: t.string({ description: 'Only articles with this author in their byline (see `Author.slug`).' }),
    publishedAfter: t.field({
      type: 'DateTime',
      description: 'Only articles published at or after this instant (inclusive); a bare date means 00:00 UTC.',
    }),
    publishedBefore: t.field({
      type: 'DateTime',
      description: 'Only articles published before this instant (exclusive); a bare date means 00:00 UTC.',
    }),
  }),
});

export const ArticleOrderBy = builder.enumType('ArticleOrderBy', {
  description: 'The order of an article list. Ties on `publishedAt` are broken by id, so the order is total.',
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first (the default).' },
    PUBLISHED_AT_ASC: { description: 'Oldest first.' },
  } as const,
});

export interface ArticleFilter {
  section?: string | null;
  authorSlug?: string | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
}

export function articleFilter(where: ArticleFilter | null | undefined): Prisma.ArticleWhereInput {
  if (!where) return {};
  return {
    ...(where.section == null ? {} : { section: where.section }),
    ...(where.authorSlug == null ? {} : { authors: { some: { author: { slug: where.authorSlug } } } }),
    ...(where.publishedAfter == null && where.publishedBefore == null
      ? {}
      : {
          publishedAt: {
            ...(where.publishedAfter == null ? {} : { gte: where.publishedAfter }),
            ...(where.publishedBefore == null ? {} : { lt: where.publishedBefore }),
          },
        }),
  };
}

const figuresInOrder = { orderBy: { position: 'asc' as const } };

export const Article = builder.prismaNode('Article', {
  id: { field: 'id', description: 'Global id, for `node(id:)` and client caches; opaque.' },
  // Select mode: queries read only the columns a request asks for (bodyHtml and blocks are large).
  // publishedAt is always there because article cursors are built from it.
  select: { id: true, publishedAt: true },
  description: 'A news article captured from the feed.',
  fields: (t) => ({
    url: t.exposeString('url', {
      description:
        'Canonical absolute URL, e.g. "https://cn.nytimes.com/world/20240813/us-china-working-group-trade/".',
    }),
    slug: t.exposeString('slug', {
      description:
        'The URL path without slashes at either end, e.g. "world/20240813/us-china-working-group-trade": unique, for `article(slug:)` and page routes.',
    }),
    title: t.exposeString('title', { description: 'The headline, as plain text.' }),
    language: t.exposeString('language', { description: 'BCP 47 tag: "zh-Hans", or "zh-Hant" for /zh-hant/ URLs.' }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      description:
        "When the article was published: the feed's Beijing time converted to UTC (else the capture time, else the URL's date).",
    }),
    capturedAt: t.expose('capturedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the feed captured the document; null when the document carries no capture stamp.',
    }),
    summary: t.exposeString('summary', { description: 'The first paragraph, as plain text.' }),
    bodyHtml: t.exposeString('bodyHtml', {
      extensions: typicalBytes(8 * 1024),
      description:
        'Sanitized HTML of the body: paragraphs, headings, quotes, figures, http(s) links and emphasis; no scripts or event handlers.',
    }),
    bodyText: t.exposeString('bodyText', {
      extensions: typicalBytes(6 * 1024),
      description: 'Plain text of the body, paragraphs separated by blank lines, footer excluded.',
    }),
    originalUrl: t.exposeString('originalUrl', {
      nullable: true,
      description: 'The English original on nytimes.com; null when the article does not link to one.',
    }),
    credits: t.stringList({
      description: 'Footer credit lines, e.g. "翻译：纽约时报中文网".',
      select: { credits: true },
      resolve: (article) => article.credits as string[],
    }),
    // leadFigure, figures and blocks select the figures identically so that Pothos merges them into one load.
    leadFigure: t.field({
      type: Figure,
      nullable: true,
      description: 'The image shown before the body; null when the article has none.',
      select: { figures: figuresInOrder },
      resolve: (article) => article.figures.find((figure) => figure.isLead) ?? null,
    }),
    figures: t.field({
      type: [Figure],
      description: 'Every figure, lead first, in document order.',
      extensions: itemsPerParent(typicalListLength),
      select: { figures: figuresInOrder },
      resolve: (article) => article.figures,
    }),
    blocks: t.field({
      type: [Block],
      description: 'The body as a list of typed blocks in reading order, for rendering without parsing HTML.',
      extensions: itemsPerParent(typicalListLength),
      select: { blocks: true, figures: figuresInOrder },
      resolve: (article) => resolveBlocks(article.blocks as unknown as BodyBlock[], article.figures),
    }),
    links: t.field({
      type: [Link],
      args: { kind: t.arg({ type: LinkKind, description: 'Only links of this kind; omitted or null: every link.' }) },
      description: 'Every hyperlink in document order (body, then footer), optionally of one kind.',
      extensions: itemsPerParent(typicalListLength),
      // Filtered after loading so that several `links(kind: …)` selections share one query.
      select: (_args, _context, nestedSelection) => ({
        links: nestedSelection({ orderBy: { position: 'asc' as const } }),
      }),
      resolve: (article, args) =>
        args.kind == null ? article.links : article.links.filter((link) => link.kind === args.kind),
    }),
  }),
});

/** Arguments of every top-level article list: filters and ordering (page arguments come with the connection). */
export const articleListArgs = builder.args((t) => ({
  where: t.field({ type: ArticleWhere, description: 'Filters; omitted: every article of the list.' }),
  orderBy: t.field({
    type: ArticleOrderBy,
    defaultValue: 'PUBLISHED_AT_DESC',
    description: 'The order of the list. Cursors carry it: a cursor is refused under another order.',
  }),
}));

/** What Pothos plans to read for the selection under `edges.node` of an article list field. */
export function articleListQuery(context: Context, info: GraphQLResolveInfo) {
  return queryFromInfo({ context, info, path: ['edges', 'node'] });
}

/** One page of articles within `scope` (e.g. a section), read as `query` (from articleListQuery) plans. */
export function resolveArticleList(
  args: PageArgs & { where?: ArticleFilter | null; orderBy?: ArticleOrder | null },
  scope: Prisma.ArticleWhereInput,
  context: Context,
  query: ReturnType<typeof articleListQuery>,
) {
  return loadArticlePage({
    prisma: context.db.prisma,
    args,
    order: args.orderBy ?? 'PUBLISHED_AT_DESC',
    where: { AND: [articleFilter(args.where), scope] },
    query,
  });
}

export const ArticleConnection = builder.connectionObject(
  {
    type: Article,
    name: 'ArticleConnection',
    description: 'One page of a list of articles, with what is needed to fetch the pages around it.',
  },
  { name: 'ArticleEdge', description: 'An article of a page, with its position in the list.' },
);

/**
 * Where `article(url:, slug:)` looks. URLs are canonicalized as the ingest stores them; a slug is the
 * URL's path, so given both they must agree: two arguments naming different articles are a client
 * bug to report, not an article to call missing.
 */
function articleLookup(args: { url?: string | null; slug?: string | null }): Prisma.ArticleWhereUniqueInput {
  const slug = args.slug == null ? null : args.slug.replace(/^\/+|\/+$/g, '');
  if (args.url == null) {
    if (slug === null) throw badInput('article needs "url" or "slug"');
    return { slug };
  }
  const parsed = parseHttpUrl(args.url);
  const url = parsed === null ? args.url : canonicalDocumentUrl(parsed);
  if (slug !== null) {
    if (parsed === null) {
      throw badInput('"url" and "slug" do not name the same article: "url" is not an http(s) URL');
    }
    const slugOfUrl = urlFacets(url).slug;
    if (slugOfUrl !== slug) {
      throw badInput(
        `"url" and "slug" name different articles: the slug of "url" is ${quoted(slugOfUrl)}, "slug" is ${quoted(slug)}`,
      );
    }
  }
  return { url };
}

function quoted(text: string): string {
  return JSON.stringify(text.slice(0, 100));
}

builder.queryFields((t) => ({
  article: t.prismaField({
    type: Article,
    nullable: true,
    description:
      'One article by its URL or its slug (given both, they must name the same article); null when it is not in the archive.',
    args: {
      url: t.arg.string({
        description:
          'The article URL in any equivalent spelling: http or https, with or without the trailing slash, and for cn.nytimes.com articles with any query or fragment.',
      }),
      slug: t.arg.string({ description: 'The article slug (see `Article.slug`); slashes at either end are ignored.' }),
    },
    resolve: (query, _root, args, context) =>
      context.db.prisma.article.findUnique({ ...query, where: articleLookup(args) }),
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Every article of the archive, newest first unless `orderBy` says otherwise, filtered by `where`.',
      extensions: itemsPerParent('page'),
      args: articleListArgs,
      resolve: (_root, args, context, info) => resolveArticleList(args, {}, context, articleListQuery(context, info)),
    },
    ArticleConnection,
  ),
}));
