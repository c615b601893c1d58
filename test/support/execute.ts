import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { expect } from 'vitest';
import type { Database, RequestDatabase } from '../../src/data/database.ts';
import { type App, createApp } from '../../src/http/app.ts';
import { db, testConfig } from './database.ts';

export interface GraphQLResponse<Result> {
  data?: Result | null;
  errors?: GraphQLFormattedError[];
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

const appConfig = {
  ...testConfig,
  graphql: { sqlStatementStats: true },
  responseCache: { maxEntries: 0, maxBytes: 0 },
};

/**
 * The database as it was before the read executor: every read through Prisma itself. Search has no
 * Prisma equivalent (its SQL is the data layer's): it runs as usual, each call in a snapshot of its own.
 */
export function prismaOnly(database: Database): Database {
  const searchOnce = async <T>(search: (request: RequestDatabase) => Promise<T>): Promise<T> => {
    const request = database.forRequest();
    try {
      return await search(request);
    } finally {
      request.release();
    }
  };
  return {
    ...database,
    forRequest: () => ({
      prisma: database.prisma,
      search: {
        page: (pageRequest) => searchOnce((request) => request.search.page(pageRequest)),
        count: (query, filter) => searchOnce((request) => request.search.count(query, filter)),
      },
      release: () => {},
      statementCount: () => 0,
    }),
  };
}

let app: App | undefined;
let prismaApp: App | undefined;

/** The app over this file's database, counting SQL statements and without a response cache. */
function testApp(): App {
  app ??= createApp({ config: appConfig, db });
  return app;
}

async function post<Result>(target: App, body: string): Promise<GraphQLResponse<Result>> {
  const response = await target.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  return (await response.json()) as GraphQLResponse<Result>;
}

/**
 * POSTs an operation to the yoga app in process (no port), as a GraphQL client would. Every operation
 * of every test also runs with Prisma doing all the reads, and both answers must be equal: the read
 * executor is held to Prisma's results on every query shape the suite exercises.
 */
export async function execute<Result, Variables>(
  document: TypedDocumentNode<Result, Variables> | string,
  variables?: Variables,
): Promise<GraphQLResponse<Result>> {
  const body = JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables });
  const response = await post<Result>(testApp(), body);
  prismaApp ??= createApp({ config: appConfig, db: prismaOnly(db) });
  const viaPrisma = await post<Result>(prismaApp, body);
  expect({ data: response.data, errors: response.errors }, 'the read executor answers as Prisma does').toEqual({
    data: viaPrisma.data,
    errors: viaPrisma.errors,
  });
  return response;
}

/** Like execute(), but fails the test on any GraphQL error and returns the data. */
export async function executeOk<Result, Variables>(
  document: TypedDocumentNode<Result, Variables> | string,
  variables?: Variables,
): Promise<Result> {
  const response = await execute(document, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export function requestGet(path: string, headers: Record<string, string> = {}): Promise<globalThis.Response> {
  return Promise.resolve(testApp().fetch(`http://archive.test${path}`, { headers }));
}
