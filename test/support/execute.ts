import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { createServer } from '../../src/server.ts';

export interface GraphQLResponse<Result> {
  data?: Result | null;
  errors?: GraphQLFormattedError[];
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

let server: ReturnType<typeof createServer> | undefined;

function testServer() {
  server ??= createServer({ sqlStatementStats: true });
  return server;
}

/** POSTs an operation to the yoga app in process (no port), as a GraphQL client would. */
export async function execute<Result, Variables>(
  document: TypedDocumentNode<Result, Variables> | string,
  variables?: Variables,
): Promise<GraphQLResponse<Result>> {
  const response = await testServer().fetch('http://archive.test/graphql', {
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
  return Promise.resolve(testServer().fetch(`http://archive.test${path}`, { headers }));
}
