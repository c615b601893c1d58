import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { type App, createApp } from '../../src/http/app.ts';
import { db, testConfig } from './database.ts';

export interface GraphQLResponse<Result> {
  data?: Result | null;
  errors?: GraphQLFormattedError[];
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

let app: App | undefined;

/** The app over this file's database, counting SQL statements and without a response cache. */
function testApp(): App {
  app ??= createApp({
    config: { ...testConfig, graphql: { sqlStatementStats: true }, responseCache: { maxEntries: 0, maxBytes: 0 } },
    db,
  });
  return app;
}

/** POSTs an operation to the yoga app in process (no port), as a GraphQL client would. */
export async function execute<Result, Variables>(
  document: TypedDocumentNode<Result, Variables> | string,
  variables?: Variables,
): Promise<GraphQLResponse<Result>> {
  const response = await testApp().fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
  });
  return (await response.json()) as GraphQLResponse<Result>;
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
