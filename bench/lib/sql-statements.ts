import { type SampleRequests, sqlStatementsOf } from './graphql-client.ts';
import { type GraphqlRequest, homePageQueryOfSize, homePageSize, typenameQuery } from './queries.ts';

/** Fewest and most statements over the samples of one kind of request. */
export interface StatementRange {
  min: number;
  max: number;
}

export interface SqlStatementCounts {
  typename: number;
  /** The home page query at several page sizes: all equal when the plan does not depend on it. */
  homePageBySize: { first: number; statements: number }[];
  pagedHomePage: StatementRange;
  articlePage: StatementRange;
  authorPage: StatementRange;
}

const pageSizes = [1, homePageSize, 100];

async function rangeOver(url: string, requests: GraphqlRequest[]): Promise<StatementRange> {
  const counts: number[] = [];
  for (const request of requests) counts.push(await sqlStatementsOf(url, request));
  return { min: Math.min(...counts), max: Math.max(...counts) };
}

/** Asks a server started with GRAPHQL_SQL_STATS=1 how many SQL statements each kind of request runs. */
export async function measureSqlStatements(url: string, samples: SampleRequests): Promise<SqlStatementCounts> {
  const homePageBySize: SqlStatementCounts['homePageBySize'] = [];
  for (const first of pageSizes) {
    homePageBySize.push({ first, statements: await sqlStatementsOf(url, { query: homePageQueryOfSize(first) }) });
  }
  return {
    typename: await sqlStatementsOf(url, { query: typenameQuery }),
    homePageBySize,
    pagedHomePage: await rangeOver(url, samples.pages),
    articlePage: await rangeOver(url, samples.articles),
    authorPage: await rangeOver(url, samples.authors),
  };
}
