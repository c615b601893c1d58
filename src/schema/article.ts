import { prismaConnectionHelpers, queryFromInfo } from '@pothos/plugin-prisma';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { BodyBlock } from '../archive/record.ts';
import { canonicalArticleUrl } from '../archive/urls.ts';
import { prisma } from '../db.ts';
import type { Article as ArticleRow, Prisma } from '../generated/prisma/client.ts';
import { type ArticleOrder, loadArticlePage } from './article-page.ts';
import { Block, resolveBlocks } from './block.ts';
import { builder } from './builder.ts';
import { Figure } from './figure.ts';
import { Link, LinkKind } from './link.ts';
import { checkedPageSize, type PageArgs } from './pagination.ts';
import { requestBatcher } from './request-batch.ts';

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
      select: { figures: figuresInOrder },
      resolve: (article) => article.figures,
    }),
    blocks: t.field({
      type: [Block],
      select: { blocks: true, figures: figuresInOrder },
      resolve: (article) => resolveBlocks(article.blocks as unknown as BodyBlock[], article.figures),
    }),
    links: t.field({
      type: [Link],
      args: { kind: t.arg({ type: LinkKind }) },
      description: 'Every hyperlink in document order, optionally of one kind.',
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
  context: object,
  info: GraphQLResolveInfo,
) {
  return loadArticlePage({
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

const backlinkPages = prismaConnectionHelpers(builder, 'Link', {
  cursor: 'id',
  maxSize: checkedPageSize,
  args: (t) => ({ where: t.field({ type: ArticleWhere }) }),
  query: (args) => ({
    where: { firstToTarget: true, article: articleFilter(args.where) },
    // Prisma takes a list of single-key orderings; the helper's type only names one.
    orderBy: [
      { sourcePublishedAt: 'desc' },
      { articleId: 'desc' },
      { id: 'desc' },
    ] as Prisma.LinkOrderByWithRelationInput,
  }),
  // The id keeps the selection valid when a query asks only for totalCount or cursors.
  select: (nodeSelection) => ({ article: nodeSelection({ select: { id: true } }) }),
  // The planned selection loads every field the query asks of the node, not just the id.
  resolveNode: (link) => link.article as ArticleRow,
});

/**
 * Counted on demand, one grouped query per request and filter: Prisma's `_count` selection would
 * aggregate the whole Link table on every request.
 */
const countBacklinks = requestBatcher<ArticleFilter | null, number, number>({
  groupKey: (where) => JSON.stringify(where),
  fallback: 0,
  load: async (where, targetIds) => {
    const groups = await prisma.link.groupBy({
      by: ['targetId'],
      where: { targetId: { in: targetIds }, firstToTarget: true, article: articleFilter(where) },
      _count: { _all: true },
    });
    return new Map(groups.map((group) => [group.targetId ?? 0, group._count._all]));
  },
});

builder.prismaObjectField(Article, 'backlinks', (t) =>
  t.connection(
    {
      type: Article,
      description: 'Articles in the archive that link to this one, newest first.',
      args: backlinkPages.getArgs(),
      select: (args, context, nestedSelection) => ({
        backlinks: backlinkPages.getQuery(args, context, nestedSelection),
      }),
      resolve: (article, args, context) => ({
        ...backlinkPages.resolve(article.backlinks, args, context),
        totalCount: () => countBacklinks(context, args.where ?? null, article.id),
      }),
    },
    ArticleConnection,
  ),
);

function articleLookup(args: { url?: string | null; slug?: string | null }): Prisma.ArticleWhereUniqueInput {
  if (args.url != null) {
    const url = canonicalArticleUrl(args.url) ?? args.url;
    return args.slug == null ? { url } : { url, slug: args.slug.replace(/^\/+|\/+$/g, '') };
  }
  if (args.slug != null) return { slug: args.slug.replace(/^\/+|\/+$/g, '') };
  throw new GraphQLError('article needs "url" or "slug"', { extensions: { code: 'BAD_USER_INPUT' } });
}

builder.queryFields((t) => ({
  article: t.prismaField({
    type: Article,
    nullable: true,
    description: 'One article by its URL or slug; null when it is not in the archive.',
    args: { url: t.arg.string(), slug: t.arg.string() },
    resolve: async (query, _root, args) => prisma.article.findUnique({ ...query, where: articleLookup(args) }),
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Articles, newest first unless orderBy says otherwise.',
      args: articleListArgs,
      resolve: (_root, args, context, info) => resolveArticleList(args, {}, context, info),
    },
    ArticleConnection,
  ),
}));
