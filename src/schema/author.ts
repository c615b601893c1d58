import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import type { Prisma } from '../generated/prisma/client.ts';
import { Article, ArticleConnection, ArticleWhere, articleFilter } from './article.ts';
import { builder } from './builder.ts';
import { resolveTotalCount, totalCountDescription } from './connection.ts';
import { itemsPerParent, typicalListLength } from './cost.ts';
import { articleThroughJoin, countThroughJoin } from './join-connection.ts';
import { checkedKeysetPage } from './prisma-cursor.ts';

const bylinePages = prismaConnectionHelpers(builder, 'ArticleAuthor', {
  ...articleThroughJoin,
  cursor: 'articleId_authorId',
  maxSize: checkedKeysetPage(2),
  select: (nodeSelection) => ({ article: nodeSelection({ select: { id: true } }) }),
  args: (t) => ({
    where: t.field({ type: ArticleWhere, description: "Filters; omitted: every article of the author's." }),
  }),
  query: (args) => ({
    where: args.where ? { article: articleFilter(args.where) } : {},
    // Prisma takes a list of single-key orderings; the helper's type only names one.
    orderBy: [{ publishedAt: 'desc' }, { articleId: 'desc' }] as Prisma.ArticleAuthorOrderByWithRelationInput,
  }),
});

const countBylines = countThroughJoin('bylines', async (prisma, filter, authorIds) => {
  const groups = await prisma.articleAuthor.groupBy({
    by: ['authorId'],
    where: { authorId: { in: [...authorIds] }, ...(filter ? { article: articleFilter(filter) } : {}) },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.authorId, group._count._all]));
});

export const Author = builder.prismaNode('Author', {
  id: { field: 'id', description: 'Global id, for `node(id:)` and client caches; opaque.' },
  description: 'A writer credited in bylines.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Unique and stable, for `author(slug:)` and `ArticleWhere.authorSlug`: from the nytimes.com/by/<slug> profile when known, else from the name.',
    }),
    name: t.exposeString('name', {
      description: 'The name as the article footer spells it, e.g. "Javier C. Hernández".',
    }),
    bio: t.exposeString('bio', { nullable: true, description: "The footer's line about the author; null when none." }),
    profileUrl: t.exposeString('profileUrl', {
      nullable: true,
      description: 'The nytimes.com profile page; null when no article links to one.',
    }),
    articleCount: t.int({
      description: 'How many articles name this author in their byline (unfiltered).',
      resolve: (author, _args, context) => countBylines(context, null, author.id),
    }),
    articles: t.connection(
      {
        type: Article,
        description: "Articles in this author's bylines, newest first.",
        extensions: itemsPerParent('page'),
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
    extensions: itemsPerParent(typicalListLength),
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
    args: { slug: t.arg.string({ required: true, description: 'The author slug (see `Author.slug`).' }) },
    resolve: (query, _root, args, context) =>
      context.db.prisma.author.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  authors: t.prismaConnection(
    {
      type: Author,
      cursor: 'id',
      description: 'Every author, ordered by name (then id).',
      extensions: itemsPerParent('page'),
      maxSize: checkedKeysetPage(1),
      resolve: (query, _root, _args, context) =>
        context.db.prisma.author.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      totalCount: (_root, _args, context) => context.db.prisma.author.count(),
    },
    {
      name: 'AuthorConnection',
      description: 'One page of a list of authors, with what is needed to fetch the pages around it.',
      // The prisma plugin's own totalCount field, described: the extension marks it as the field that
      // needs no rows, so a query for the count alone reads none.
      fields: (t) => ({
        totalCount: t.int({
          description: totalCountDescription,
          extensions: { pothosPrismaTotalCount: true },
          resolve: resolveTotalCount,
        }),
      }),
    },
    { name: 'AuthorEdge', description: 'An author of a page, with its position in the list.' },
  ),
}));
