import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { prisma } from '../db.ts';
import type { Article as ArticleRow, Prisma } from '../generated/prisma/client.ts';
import { Article, ArticleConnection, type ArticleFilter, ArticleWhere, articleFilter } from './article.ts';
import { builder } from './builder.ts';
import { checkedPageSize } from './pagination.ts';
import { requestBatcher } from './request-batch.ts';

const bylinePages = prismaConnectionHelpers(builder, 'ArticleAuthor', {
  cursor: 'articleId_authorId',
  maxSize: checkedPageSize,
  args: (t) => ({ where: t.field({ type: ArticleWhere }) }),
  query: (args) => ({
    where: args.where ? { article: articleFilter(args.where) } : {},
    // Prisma takes a list of single-key orderings; the helper's type only names one.
    orderBy: [{ publishedAt: 'desc' }, { articleId: 'desc' }] as Prisma.ArticleAuthorOrderByWithRelationInput,
  }),
  // The id keeps the selection valid when a query asks only for totalCount or cursors.
  select: (nodeSelection) => ({ article: nodeSelection({ select: { id: true } }) }),
  // The planned selection loads every field the query asks of the node, not just the id.
  resolveNode: (byline) => byline.article as ArticleRow,
});

/**
 * Counted on demand, one grouped query per request and filter: Prisma's `_count` selection would
 * aggregate the whole ArticleAuthor table on every request.
 */
const countBylines = requestBatcher<ArticleFilter | null, number, number>({
  groupKey: (where) => JSON.stringify(where),
  fallback: 0,
  load: async (where, authorIds) => {
    const groups = await prisma.articleAuthor.groupBy({
      by: ['authorId'],
      where: { authorId: { in: authorIds }, ...(where ? { article: articleFilter(where) } : {}) },
      _count: { _all: true },
    });
    return new Map(groups.map((group) => [group.authorId, group._count._all]));
  },
});

export const Author = builder.prismaNode('Author', {
  id: { field: 'id' },
  description: 'A writer credited in bylines.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'From the nytimes.com/by/<slug> profile when known.' }),
    name: t.exposeString('name'),
    bio: t.exposeString('bio', { nullable: true }),
    profileUrl: t.exposeString('profileUrl', { nullable: true }),
    articleCount: t.int({ resolve: (author, _args, context) => countBylines(context, null, author.id) }),
    articles: t.connection(
      {
        type: Article,
        description: "Articles in this author's bylines, newest first.",
        args: bylinePages.getArgs(),
        select: (args, context, nestedSelection) => ({
          articles: bylinePages.getQuery(args, context, nestedSelection),
        }),
        resolve: (author, args, context) => ({
          ...bylinePages.resolve(author.articles, args, context),
          totalCount: () => countBylines(context, args.where ?? null, author.id),
        }),
      },
      ArticleConnection,
    ),
  }),
});

// Defined here rather than in article.ts so that the two modules do not import each other.
builder.prismaObjectField(Article, 'authors', (t) =>
  t.field({
    type: [Author],
    description: 'In byline order.',
    select: (_args, _context, nestedSelection) => ({
      authors: { orderBy: { position: 'asc' as const }, select: { author: nestedSelection(true) } },
    }),
    resolve: (article) => article.authors.map((byline) => byline.author),
  }),
);

builder.queryFields((t) => ({
  author: t.prismaField({
    type: Author,
    nullable: true,
    description: 'One author by slug; null when unknown.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (query, _root, args) => prisma.author.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  authors: t.prismaConnection(
    {
      type: Author,
      cursor: 'id',
      description: 'Every author, ordered by name.',
      maxSize: checkedPageSize,
      resolve: (query) => prisma.author.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      totalCount: () => prisma.author.count(),
    },
    { name: 'AuthorConnection' },
    { name: 'AuthorEdge' },
  ),
}));
