import {
  type AnyVariables,
  Client,
  cacheExchange,
  fetchExchange,
  makeOperation,
  mapExchange,
  type TypedDocumentNode,
} from '@urql/core';

/**
 * The reader's documents carry their sha256 hash (codegen.ts: they are the server's trusted
 * documents). Sent as `extensions.persistedQuery` instead of the text, they run on a server that
 * accepts trusted documents only (TRUSTED_DOCUMENTS_ONLY=1), and GET URLs stay short.
 */
const byHash = mapExchange({
  onOperation(operation) {
    const hash = (operation.query as { __meta__?: { hash?: unknown } }).__meta__?.hash;
    if (typeof hash !== 'string') return operation;
    const persistedQuery = { version: 1 as const, sha256Hash: hash };
    return makeOperation(
      operation.kind,
      { ...operation, extensions: { ...operation.extensions, persistedQuery } },
      operation.context,
    );
  },
});

/**
 * urql against this server's own endpoint. Queries go out as GET while they fit in a URL, which the
 * server's response cache answers without running them again.
 */
const client = new Client({ url: '/graphql', exchanges: [cacheExchange, byHash, fetchExchange] });

/** The operation's data; a network or GraphQL error is thrown with the server's message. */
export async function query<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw new Error(result.error.message);
  if (result.data === undefined) throw new Error('The server answered without data.');
  return result.data;
}
