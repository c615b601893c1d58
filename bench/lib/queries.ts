/** The operations the benchmark sends, shared by the load generator and the hand-written baseline. */

export const typenameQuery = '{ __typename }';

export const homePageSize = 20;

export const homePageQuery = `query HomePage($after: String) { articles(first: ${homePageSize}, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { id slug title section { slug } summary publishedAt authors { name slug } leadFigure { src width height caption } } } } }`;

export const articlePageQuery =
  'query ArticlePage($slug: String!) { article(slug: $slug) { id title url publishedAt section { slug } summary bodyHtml blocks { __typename ... on ParagraphBlock { html } ... on HeadingBlock { level text } ... on QuoteBlock { html } ... on FigureBlock { figure { src caption } } } links { href text kind target { slug title } } backlinks(first: 10) { totalCount edges { node { slug title } } } authors { name slug articles(first: 3) { edges { node { slug title } } } } } }';

export const authorPageSize = 10;

/** test/operations/author-page.graphql's first page, the frontend's default page size written in. */
export const authorPageQuery = `query AuthorPage($slug: String!) { author(slug: $slug) { id slug name bio profileUrl articleCount articles(first: ${authorPageSize}) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug title publishedAt section { slug } } } } } }`;

/** Lists every author's slug, for the author page rows: 100 is the API's largest page. */
export const authorSlugsQuery =
  'query AuthorSlugs($after: String) { authors(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }';

/** The home page query with another page size, to check that its SQL statement count does not depend on it. */
export function homePageQueryOfSize(size: number): string {
  return homePageQuery.replace(`first: ${homePageSize}`, `first: ${size}`);
}

export type Variables = Record<string, unknown>;

export interface GraphqlRequest {
  query: string;
  variables?: Variables;
}

export function requestBody({ query, variables }: GraphqlRequest): string {
  return JSON.stringify(variables === undefined ? { query } : { query, variables });
}
