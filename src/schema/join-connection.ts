import type { Article as ArticleRow, PrismaClient } from '../generated/prisma/client.ts';
import type { ArticleFilter } from './article.ts';
import type { Context } from './context.ts';
import { checkedPageSize } from './pagination.ts';

/**
 * What every connection of articles reached through a join table (Link for backlinks, ArticleAuthor
 * for bylines, and the ones to come) shares: each join row leads to one article, the article is what
 * the edge's node shows, and totalCount is one grouped query per request and filter.
 */

/** Counts join rows per parent id under a filter: one `groupBy` for every parent of the request. */
export type CountPerParent = (
  prisma: PrismaClient,
  filter: ArticleFilter | null,
  parentIds: readonly number[],
) => Promise<Map<number, number>>;

/**
 * The parts of `prismaConnectionHelpers` options that are the same for every join model; each model
 * selects `{ article: nodeSelection({ select: { id: true } }) }` itself (the id keeps the selection
 * valid when a query asks only for totalCount or cursors), so that Pothos can type the edge.
 */
export const articleThroughJoin = {
  maxSize: checkedPageSize,
  // The planned selection loads every field the query asks of the node, not just the id.
  resolveNode: (row: { article: unknown }) => row.article as ArticleRow,
};

/**
 * Counted on demand, batched per request: Prisma's `_count` selection would aggregate the whole join
 * table on every request.
 */
export function countThroughJoin(
  name: string,
  count: CountPerParent,
): (context: Context, filter: ArticleFilter | null, parentId: number) => Promise<number> {
  return (context, filter, parentId) =>
    context.loaders.load(
      `${name}:${JSON.stringify(filter)}`,
      parentId,
      (parentIds) => count(context.db.prisma, filter, parentIds),
      0,
    );
}
