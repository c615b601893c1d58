import { type ArticleCursor, type ArticleOrder, decodeArticleCursor, encodeArticleCursor } from '../archive/cursor.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { TotalCount } from './builder.ts';
import { badInput } from './errors.ts';
import { checkedPageSize, type PageArgs } from './pagination.ts';

function decodeCursor(cursor: string, argument: 'after' | 'before', expectedOrder: ArticleOrder): ArticleCursor {
  const decoded = decodeArticleCursor(cursor);
  if (!decoded) {
    throw badInput(`Invalid cursor "${cursor.slice(0, 100)}" in "${argument}": not a cursor of this article list`);
  }
  if (decoded.order !== expectedOrder) {
    throw badInput(
      `Cursor in "${argument}" was issued for orderBy ${decoded.order} and cannot be used with orderBy ${expectedOrder}`,
    );
  }
  return decoded;
}

type Direction = 'asc' | 'desc';

/**
 * Rows strictly after the cursor in the scan direction; the id breaks ties between equal dates.
 * Written as a range on publishedAt plus a residual test, not as `publishedAt < d OR (publishedAt = d
 * AND id < i)`: the range lets SQLite and PostgreSQL seek in the (publishedAt, id) index, where the OR
 * form made them scan it (0.89 ms against 0.12 ms per page at a random cursor on SQLite).
 */
function beyond(cursor: ArticleCursor, direction: Direction): Prisma.ArticleWhereInput {
  const [bound, strict] = direction === 'desc' ? (['lte', 'lt'] as const) : (['gte', 'gt'] as const);
  return {
    AND: [
      { publishedAt: { [bound]: cursor.publishedAt } },
      { OR: [{ publishedAt: { [strict]: cursor.publishedAt } }, { id: { [strict]: cursor.id } }] },
    ],
  };
}

export interface ArticlePageRequest<Query> {
  prisma: PrismaClient;
  args: PageArgs;
  order: ArticleOrder;
  where: Prisma.ArticleWhereInput;
  /** Pothos's planned selection for `edges.node`. */
  query: Query;
}

export interface ArticlePage<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: TotalCount;
}

/**
 * One page of articles by keyset pagination: stable under ties and inserts, and cheap at any depth.
 * `last`/`before` scan in reverse and flip the page back.
 */
export async function loadArticlePage<Query extends object>({
  prisma,
  args,
  order,
  where,
  query,
}: ArticlePageRequest<Query>): Promise<
  ArticlePage<Prisma.ArticleGetPayload<Query> & { id: number; publishedAt: Date }>
> {
  if (args.after != null && args.before != null) {
    throw badInput('Give either "after" or "before", not both');
  }
  const size = checkedPageSize(args);
  const backward = args.last != null || (args.before != null && args.first == null);
  const argument = backward ? 'before' : 'after';
  const cursorText = args[argument];
  const cursor = cursorText == null ? null : decodeCursor(cursorText, argument, order);
  const forwardDirection: Direction = order === 'PUBLISHED_AT_DESC' ? 'desc' : 'asc';
  const direction: Direction = backward ? (forwardDirection === 'desc' ? 'asc' : 'desc') : forwardDirection;

  const rows = (await prisma.article.findMany({
    ...query,
    where: cursor ? { AND: [where, beyond(cursor, direction)] } : where,
    orderBy: [{ publishedAt: direction }, { id: direction }],
    take: size + 1,
  })) as unknown as (Prisma.ArticleGetPayload<Query> & { id: number; publishedAt: Date })[];

  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const edges = page.map((node) => ({
    cursor: encodeArticleCursor({ order, publishedAt: node.publishedAt, id: node.id }),
    node,
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? cursor !== null : hasMore,
      hasPreviousPage: backward ? hasMore : cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => prisma.article.count({ where }),
  };
}
