import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { config } from './config.ts';
import { renderGraphiQL, useGraphiQLAssets } from './graphiql.ts';
import { useQueryLimits } from './query-limits.ts';
import { schema } from './schema/index.ts';
import { countStatements } from './sql-statements.ts';

export const defaultGraphiqlQuery = `# Welcome to the news archive. Press the run button (or Ctrl-Enter).
query NewestArticles {
  articles(first: 5) {
    totalCount
    edges {
      node {
        title
        url
        publishedAt
        section
        summary
        authors { name slug }
        leadFigure { src caption credit }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Adds `extensions.sqlStatements`: how many SQL statements the request ran at the driver. */
function useSqlStatementCount(): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const { tally, result } = countStatements(() => executeFn(args));
        const executed = await result;
        if (isAsyncIterable(executed)) return executed;
        return { ...executed, extensions: { ...executed.extensions, sqlStatements: tally.count } };
      });
    },
  };
}

export interface ServerOptions {
  sqlStatementStats?: boolean;
}

export function createServer(options: ServerOptions = {}): YogaServerInstance<object, object> {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'News archive GraphQL', defaultQuery: defaultGraphiqlQuery },
    landingPage: false,
    // Unexpected errors reach clients as "Unexpected error."; details only in development.
    maskedErrors: { isDev: config.NODE_ENV === 'development' },
    renderGraphiQL,
    plugins: [
      useGraphiQLAssets(),
      useQueryLimits(),
      ...((options.sqlStatementStats ?? config.GRAPHQL_SQL_STATS) ? [useSqlStatementCount()] : []),
    ],
  });
}
