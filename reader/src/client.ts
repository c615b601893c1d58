import { type AnyVariables, Client, cacheExchange, fetchExchange, type TypedDocumentNode } from '@urql/core';

/**
 * urql against this server's own endpoint. Queries go out as GET while they fit in a URL, which the
 * server's response cache answers without running them again.
 */
const client = new Client({ url: '/graphql', exchanges: [cacheExchange, fetchExchange] });

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
