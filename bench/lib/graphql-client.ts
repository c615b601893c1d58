import {
  articlePageQuery,
  authorPageQuery,
  authorSlugsQuery,
  type GraphqlRequest,
  homePageQuery,
  requestBody,
} from './queries.ts';

export interface ArticleList {
  /** The exact bytes of the home page answer without `after`, served by B0. */
  firstPageBody: string;
  /** Every edge cursor of the list, so that `after` can start a page anywhere. */
  cursors: string[];
  slugs: string[];
}

interface GraphqlResult<Data> {
  data?: Data;
  errors?: { message: string }[];
  extensions?: { sqlStatements?: number };
}

interface Connection<Edge> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Edge[];
}

/** Far more pages than any corpus the options allow: a server that never ends the list is a bug. */
const maxPages = 100_000;

/** The response body as text, exactly as sent; anything but a 200 is an error. */
export async function postGraphql(url: string, request: GraphqlRequest): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(request),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The parsed result, refusing any answer that carries GraphQL errors. */
export function parseResult<Data>(text: string, request: GraphqlRequest): GraphqlResult<Data> & { data: Data } {
  const result = JSON.parse(text) as GraphqlResult<Data>;
  if (result.errors !== undefined || result.data === undefined) {
    const variables = JSON.stringify(request.variables ?? {});
    throw new Error(`GraphQL errors for ${variables}: ${JSON.stringify(result.errors ?? 'no data').slice(0, 300)}`);
  }
  return result as GraphqlResult<Data> & { data: Data };
}

/**
 * Every page of a list query whose only variable is `after`, first to last: `onPage` gets each answer's
 * text and the edges of the connection at `field`.
 */
async function walkPages<Edge>(
  url: string,
  query: string,
  field: string,
  onPage: (text: string, edges: Edge[]) => void,
): Promise<void> {
  let after: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const request: GraphqlRequest = after === null ? { query } : { query, variables: { after } };
    const text = await postGraphql(url, request);
    const connection = parseResult<Record<string, Connection<Edge>>>(text, request).data[field];
    if (connection === undefined) throw new Error(`no ${field} in ${text.slice(0, 300)}`);
    onPage(text, connection.edges);
    if (!connection.pageInfo.hasNextPage) return;
    after = connection.pageInfo.endCursor;
  }
  throw new Error(`the ${field} list did not end after ${maxPages} pages`);
}

/** Walks the whole home page list once through the API, newest first. */
export async function walkArticleList(url: string): Promise<ArticleList> {
  const list: ArticleList = { firstPageBody: '', cursors: [], slugs: [] };
  await walkPages<{ cursor: string; node: { slug: string } }>(url, homePageQuery, 'articles', (text, edges) => {
    if (list.firstPageBody === '') list.firstPageBody = text;
    for (const { cursor, node } of edges) {
      list.cursors.push(cursor);
      list.slugs.push(node.slug);
    }
  });
  return list;
}

/** Every author's slug, in the API's order (by name). */
export async function walkAuthorSlugs(url: string): Promise<string[]> {
  const slugs: string[] = [];
  await walkPages<{ node: { slug: string } }>(url, authorSlugsQuery, 'authors', (_, edges) => {
    for (const { node } of edges) slugs.push(node.slug);
  });
  return slugs;
}

function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  const taken = Math.min(count, items.length);
  const picked: T[] = [];
  for (let index = 0; index < taken; index += 1) {
    const item = items[Math.floor((index * items.length) / taken)];
    if (item !== undefined) picked.push(item);
  }
  return picked;
}

export interface SampleRequests {
  firstPage: GraphqlRequest;
  /** Spread over the list, plus the last cursor (an empty final page). */
  pages: GraphqlRequest[];
  articles: GraphqlRequest[];
  authors: GraphqlRequest[];
}

/** Deterministic samples of every kind of request the load sends. */
export function sampleRequests(list: ArticleList, authorSlugs: string[], perKind: number): SampleRequests {
  const cursors = [...evenlySpaced(list.cursors, perKind), ...list.cursors.slice(-1)];
  return {
    firstPage: { query: homePageQuery },
    pages: cursors.map((after) => ({ query: homePageQuery, variables: { after } })),
    articles: evenlySpaced(list.slugs, perKind).map((slug) => ({ query: articlePageQuery, variables: { slug } })),
    authors: evenlySpaced(authorSlugs, perKind).map((slug) => ({ query: authorPageQuery, variables: { slug } })),
  };
}

/** `extensions.sqlStatements` of a server started with GRAPHQL_SQL_STATS=1. */
export async function sqlStatementsOf(url: string, request: GraphqlRequest): Promise<number> {
  const count = parseResult<unknown>(await postGraphql(url, request), request).extensions?.sqlStatements;
  if (count === undefined) throw new Error('no extensions.sqlStatements: is GRAPHQL_SQL_STATS on?');
  return count;
}
