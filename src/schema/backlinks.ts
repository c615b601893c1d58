import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import type { Prisma } from '../generated/prisma/client.ts';
import { Article, ArticleConnection, ArticleWhere, articleFilter } from './article.ts';
import { builder } from './builder.ts';
import { itemsPerParent } from './cost.ts';
import { articleThroughJoin, countThroughJoin } from './join-connection.ts';
import { checkedKeysetPage } from './prisma-cursor.ts';

const backlinkPages = prismaConnectionHelpers(builder, 'Link', {
  ...articleThroughJoin,
  cursor: 'id',
  maxSize: checkedKeysetPage(1),
  select: (nodeSelection) => ({ article: nodeSelection({ select: { id: true } }) }),
  args: (t) => ({
    where: t.field({ type: ArticleWhere, description: 'Filters on the linking articles; omitted: all of them.' }),
  }),
  query: (args) => ({
    where: { firstToTarget: true, article: articleFilter(args.where) },
    // Prisma takes a list of single-key orderings; the helper's type only names one.
    orderBy: [
      { sourcePublishedAt: 'desc' },
      { articleId: 'desc' },
      { id: 'desc' },
    ] as Prisma.LinkOrderByWithRelationInput,
  }),
});

const countBacklinks = countThroughJoin('backlinks', async (prisma, filter, targetIds) => {
  const groups = await prisma.link.groupBy({
    by: ['targetId'],
    where: { targetId: { in: [...targetIds] }, firstToTarget: true, article: articleFilter(filter) },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.targetId ?? 0, group._count._all]));
});

// Its own module because it joins Article to itself through Link.
builder.prismaObjectField(Article, 'backlinks', (t) =>
  t.connection(
    {
      type: Article,
      description: 'Articles in the archive that link to this one (each once, however often it links), newest first.',
      extensions: itemsPerParent('page'),
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
