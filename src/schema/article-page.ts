import { prisma } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { TotalCount } from './builder.ts';
import { badPageArgument, checkedPageSize, type PageArgs } from './pagination.ts';

export type ArticleOrder = 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC';

interface ArticleCursor {
  order: ArticleOrder;
  publishedAt: Date;
  id: number;
}

const cursorVersion = 'a1';

function encodeCursor({ order, publishedAt, id }: ArticleCursor): string {
  return Buffer.from(JSON.stringify([cursorVersion, order, publishedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string, expectedOrder: ArticleOrder): ArticleCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const [version, order, publishedAt, id] = Array.isArray(parts) ? parts : [];
  const date = typeof publishedAt === 'string' ? new Date(publishedAt) : new Date(Number.NaN);
  const valid =
    version === cursorVersion &&
    (order === 'PUBLISHED_AT_DESC' || order === 'PUBLISHED_AT_ASC') &&
    !Number.isNaN(date.getTime()) &&
    Number.isSafeInteger(id);
  if (!valid) throw badPageArgument(`Invalid cursor "${cursor.slice(0, 100)}": not a cursor of this article list`);
  if (order !== expectedOrder) {
    throw badPageArgument(`Cursor was issued for orderBy ${order} and cannot be used with orderBy ${expectedOrder}`);
  }
  return { order, publishedAt: date, id };
}

type Direction = 'asc' | 'desc';

/** Rows strictly after the cursor in the scan direction; the id breaks ties between equal dates. */
function beyond(cursor: ArticleCursor, direction: Direction): Prisma.ArticleWhereInput {
  const comparison = direction === 'desc' ? 'lt' : 'gt';
  return {
    OR: [
      { publishedAt: { [comparison]: cursor.publishedAt } },
      { publishedAt: cursor.publishedAt, id: { [comparison]: cursor.id } },
    ],
  };
}

export interface ArticlePageRequest<Query> {
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
  args,
  order,
  where,
  query,
}: ArticlePageRequest<Query>): Promise<
  ArticlePage<Prisma.ArticleGetPayload<Query> & { id: number; publishedAt: Date }>
> {
  if (args.after != null && args.before != null) {
    throw badPageArgument('Give either "after" or "before", not both');
  }
  const size = checkedPageSize(args);
  const backward = args.last != null || (args.before != null && args.first == null);
  const cursorText = backward ? args.before : args.after;
  const cursor = cursorText == null ? null : decodeCursor(cursorText, order);
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
    cursor: encodeCursor({ order, publishedAt: node.publishedAt, id: node.id }),
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
