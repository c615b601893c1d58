import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import {
  maxQueryLength,
  maxQueryTerms,
  parseSearchQuery,
  type SearchQuery,
  SearchQueryError,
} from '../archive/search-text.ts';
import type { SearchFilter, SearchHit, SearchPosition } from '../data/search/search.ts';
import { Article, type ArticleFilter, ArticleWhere } from './article.ts';
import { builder } from './builder.ts';
import { resolveTotalCount, totalCountDescription } from './connection.ts';
import type { Context } from './context.ts';
import { itemsPerParent } from './cost.ts';
import { badInput } from './errors.ts';
import { checkedPageSize, defaultPageSize, maxPageSize } from './pagination.ts';
import { type SearchHighlight, searchHighlights } from './search-highlights.ts';

/**
 * `search(query:)`: ranked full-text search of the archive. The query is parsed and tokenized by
 * archive/search-text.ts (the writers index with the same tokens), the data layer ranks the matches
 * in the request's snapshot, and highlights are computed here from the stored text.
 */

/** The search cursor: base64url of `["s1", score, publishedAt ISO, id]`, the position in the ranking. */
const cursorVersion = 's1';

function encodeSearchCursor({ score, publishedAt, id }: SearchPosition): string {
  return Buffer.from(JSON.stringify([cursorVersion, score, publishedAt.toISOString(), id])).toString('base64url');
}

function decodeSearchCursor(cursor: string): SearchPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const [version, score, publishedAt, id] = Array.isArray(parts) ? parts : [];
  const date = typeof publishedAt === 'string' ? new Date(publishedAt) : new Date(Number.NaN);
  if (
    version !== cursorVersion ||
    typeof score !== 'number' ||
    Number.isNaN(date.getTime()) ||
    !Number.isSafeInteger(id)
  ) {
    throw badInput(`Invalid cursor "${cursor.slice(0, 100)}": not a cursor of search results`);
  }
  return { score, publishedAt: date, id };
}

function parsedQuery(query: string): SearchQuery | null {
  try {
    return parseSearchQuery(query);
  } catch (error) {
    if (error instanceof SearchQueryError) throw badInput(`"query" ${error.message}`);
    throw error;
  }
}

export const SearchField = builder.enumType('SearchField', {
  description: 'A part of an article that search looks in.',
  values: {
    TITLE: { description: 'The headline.' },
    BODY: { description: 'The body text.' },
    CAPTION: { description: "A figure's caption." },
    AUTHOR: { description: "A byline author's name." },
  } as const,
});

const SearchHighlightRef = builder.objectRef<SearchHighlight>('SearchHighlight').implement({
  description: 'Where a search result matched: a short excerpt of one part of the article.',
  fields: (t) => ({
    field: t.expose('field', { type: SearchField, description: 'The part of the article the excerpt is from.' }),
    html: t.exposeString('html', {
      description:
        'About 100 characters around the first match (the whole text when shorter; "…" where it was cut), matches wrapped in `<mark>…</mark>`, everything else HTML-escaped: safe to insert as HTML.',
    }),
  }),
});

/** An article row as Pothos planned it for `edges.node` (select mode: always id and publishedAt). */
type ArticleRow = { id: number; publishedAt: Date };

interface SearchEdgeShape {
  cursor: string;
  score: number;
  node: ArticleRow;
  highlights: () => Promise<SearchHighlight[]>;
}

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  description: 'A search result: the article, how well it matched, and where.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: 'Opaque position of this result in the ranking: pass it as `after` to fetch the results after it.',
    }),
    score: t.exposeFloat('score', {
      description:
        'Relevance, larger is better (BM25 on SQLite, ts_rank_cd on PostgreSQL): comparable only within one result list.',
    }),
    node: t.field({ type: Article, description: 'The article.', resolve: (edge) => edge.node }),
    highlights: t.field({
      type: [SearchHighlightRef],
      description:
        'One excerpt per part of the article that matched (title, body, caption, author, in that order), at the first match in it.',
      // At most one per SearchField value.
      extensions: itemsPerParent(4),
      resolve: (edge) => edge.highlights(),
    }),
  }),
});

interface SearchConnectionShape {
  edges: SearchEdgeShape[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  description: 'One page of search results, best first, with what is needed to fetch the next page.',
  fields: (t) => ({
    edges: t.field({
      type: [SearchEdge],
      description: "This page's results in ranking order, each with its cursor.",
      // A connection's page size already counts its edges.
      extensions: itemsPerParent(1),
      resolve: (connection) => connection.edges,
    }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      description: 'Where this page is in the results, for fetching the next one.',
      resolve: (connection) => connection.pageInfo,
    }),
    totalCount: t.int({ description: totalCountDescription, resolve: resolveTotalCount }),
  }),
});

const emptyResults: SearchConnectionShape = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: async () => 0,
};

/** The stored text of the page's articles, read once for all the page's highlights. */
function highlightLoader(context: Context, ids: readonly number[], query: SearchQuery) {
  let loading: Promise<Map<number, SearchHighlight[]>> | undefined;
  const load = async () => {
    const rows = await context.db.prisma.article.findMany({
      where: { id: { in: [...ids] } },
      select: {
        id: true,
        title: true,
        bodyText: true,
        figures: { select: { caption: true }, orderBy: { position: 'asc' } },
        authors: { select: { author: { select: { name: true } } }, orderBy: { position: 'asc' } },
      },
    });
    return new Map(
      rows.map((row) => [
        row.id,
        searchHighlights(
          {
            title: row.title,
            bodyText: row.bodyText,
            captions: row.figures.flatMap((figure) => figure.caption ?? []),
            authors: row.authors.map(({ author }) => author.name),
          },
          query,
        ),
      ]),
    );
  };
  return async (id: number) => {
    loading ??= load();
    return (await loading).get(id) ?? [];
  };
}

interface SearchArgs {
  query: string;
  first?: number | null;
  after?: string | null;
  where?: ArticleFilter | null;
}

async function resolveSearch(args: SearchArgs, context: Context, info: GraphQLResolveInfo) {
  const query = parsedQuery(args.query);
  const size = checkedPageSize({ first: args.first });
  const after = args.after == null ? null : decodeSearchCursor(args.after);
  if (query === null) return emptyResults;
  const filter: SearchFilter = args.where ?? {};
  const hits = await context.db.search.page({ query, filter, after, limit: size + 1 });
  const page = hits.slice(0, size);
  const ids = page.map((hit) => hit.id);
  const rows = (await context.db.prisma.article.findMany({
    ...queryFromInfo({ context, info, path: ['edges', 'node'] }),
    where: { id: { in: ids } },
  })) as unknown as ArticleRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const highlightsOf = highlightLoader(context, ids, query);
  const edges = page.flatMap((hit: SearchHit) => {
    const node = byId.get(hit.id);
    if (node === undefined) return [];
    return [{ cursor: encodeSearchCursor(hit), score: hit.score, node, highlights: () => highlightsOf(hit.id) }];
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: hits.length > size,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => context.db.search.count(query, filter),
  };
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description: `Articles matching a full-text query, most relevant first (a title match ranks above a body-only match; ties newest first). Looks in titles, body text, figure captions and author names. Chinese words of two or more characters match as contiguous text, inside longer words too (工作 finds 工作组), traditional and simplified forms alike; Latin words match whole and case-insensitively.`,
    extensions: itemsPerParent('page'),
    args: {
      query: t.arg.string({
        required: true,
        description: `Terms, all required, separated by spaces; "a quoted phrase" matches its words in order; -term excludes articles containing the term. At most ${maxQueryLength} characters and ${maxQueryTerms} terms; an empty query is refused, one of punctuation only finds nothing.`,
      }),
      first: t.arg.int({
        description: `Page size: 0 to ${maxPageSize}, default ${defaultPageSize}; other sizes are refused.`,
      }),
      after: t.arg.string({
        description: "The page starts after the result with this cursor (the previous page's `pageInfo.endCursor`).",
      }),
      where: t.arg({ type: ArticleWhere, description: 'Filters on the matching articles; omitted: every article.' }),
    },
    resolve: (_root, args, context, info) => resolveSearch(args, context, info),
  }),
);
