import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { ArticleOrder } from '../archive/cursor.ts';
import type { BodyBlock } from '../archive/record.ts';
import { canonicalArticleUrl } from '../archive/urls.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { loadArticlePage } from './article-list.ts';
import { Block, resolveBlocks } from './block.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { itemsPerParent, typicalListLength } from './cost.ts';
import { badInput } from './errors.ts';
import { Figure } from './figure.ts';
import { Link, LinkKind } from './link.ts';
import type { PageArgs } from './pagination.ts';

export const ArticleWhere = builder.inputType('ArticleWhere', {
  description: 'Filters combined with AND; omitted fields do not filter.',
  fields: (t) => ({
    section: t.string({ description: 'Section slug, e.g. "world".' }),
    authorSlug: t.string(),
    publishedAfter: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Exclusive.' }),
  }),
});

export const ArticleOrderBy = builder.enumType('ArticleOrderBy', {
  values: ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const,
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
  id: { field: 'id' },
  // Select mode: queries read only the columns a request asks for (bodyHtml and blocks are large).
  // publishedAt is always there because article cursors are built from it.
  select: { id: true, publishedAt: true },
  description: 'A news article captured from the feed.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Canonical absolute URL.' }),
    slug: t.exposeString('slug', { description: 'The URL path, e.g. "world/20240813/us-china-working-group-trade".' }),
    title: t.exposeString('title'),
    section: t.exposeString('section', { description: 'Section slug: the first path segment of the URL.' }),
    language: t.exposeString('language', { description: 'BCP 47 tag, e.g. "zh-Hans".' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    capturedAt: t.expose('capturedAt', { type: 'DateTime', nullable: true }),
    summary: t.exposeString('summary', { description: 'The first paragraph, as plain text.' }),
    bodyHtml: t.exposeString('bodyHtml', { description: 'Sanitized HTML of the body.' }),
    bodyText: t.exposeString('bodyText', { description: 'Plain text of the body, footer excluded.' }),
    originalUrl: t.exposeString('originalUrl', { nullable: true, description: 'The English original.' }),
    credits: t.stringList({
      description: 'Footer credit lines, e.g. "翻译：纽约时报中文网".',
      select: { credits: true },
      resolve: (article) => article.credits as string[],
    }),
    // leadFigure, figures and blocks select the figures identically so that Pothos merges them into one load.
    leadFigure: t.field({
      type: Figure,
      nullable: true,
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
      extensions: itemsPerParent(typicalListLength),
      select: { blocks: true, figures: figuresInOrder },
      resolve: (article) => resolveBlocks(article.blocks as unknown as BodyBlock[], article.figures),
    }),
    links: t.field({
      type: [Link],
      args: { kind: t.arg({ type: LinkKind }) },
      description: 'Every hyperlink in document order, optionally of one kind.',
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
  where: t.field({ type: ArticleWhere }),
  orderBy: t.field({ type: ArticleOrderBy, defaultValue: 'PUBLISHED_AT_DESC' }),
}));

/** One page of articles within `scope` (e.g. a section), planned for the selection under `edges.node`. */
export function resolveArticleList(
  args: PageArgs & { where?: ArticleFilter | null; orderBy?: ArticleOrder | null },
  scope: Prisma.ArticleWhereInput,
  context: Context,
  info: GraphQLResolveInfo,
) {
  return loadArticlePage({
    prisma: context.db.prisma,
    args,
    order: args.orderBy ?? 'PUBLISHED_AT_DESC',
    where: { AND: [articleFilter(args.where), scope] },
    query: queryFromInfo({ context, info, path: ['edges', 'node'] }),
  });
}

export const ArticleConnection = builder.connectionObject(
  { type: Article, name: 'ArticleConnection' },
  { name: 'ArticleEdge' },
);

function articleLookup(args: { url?: string | null; slug?: string | null }): Prisma.ArticleWhereUniqueInput {
  if (args.url != null) {
    const url = canonicalArticleUrl(args.url) ?? args.url;
    return args.slug == null ? { url } : { url, slug: args.slug.replace(/^\/+|\/+$/g, '') };
  }
  if (args.slug != null) return { slug: args.slug.replace(/^\/+|\/+$/g, '') };
  throw badInput('article needs "url" or "slug"');
}

builder.queryFields((t) => ({
  article: t.prismaField({
    type: Article,
    nullable: true,
    description: 'One article by its URL or slug; null when it is not in the archive.',
    args: { url: t.arg.string(), slug: t.arg.string() },
    resolve: (query, _root, args, context) =>
      context.db.prisma.article.findUnique({ ...query, where: articleLookup(args) }),
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Articles, newest first unless orderBy says otherwise.',
      extensions: itemsPerParent('page'),
      args: articleListArgs,
      resolve: (_root, args, context, info) => resolveArticleList(args, {}, context, info),
    },
    ArticleConnection,
  ),
}));
