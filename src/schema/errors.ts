import { type ASTNode, GraphQLError } from 'graphql';

/**
 * An input the client can fix: the message names the argument or value and says what is wrong. `node`,
 * the value at fault in the document, gives the error its location (resolver errors get theirs from
 * graphql-js).
 */
export function badInput(message: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
}
