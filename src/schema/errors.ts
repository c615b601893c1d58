import { GraphQLError } from 'graphql';

/** An input the client can fix: the message names the argument or value and says what is wrong. */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}
