import { PothosValidationError } from '@pothos/core';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

/** The client's mistake, as Pothos reports it: coded like every other input error of this API. */
function coded(error: GraphQLError): GraphQLError {
  if (!(error.originalError instanceof PothosValidationError) || error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

function withCodes(result: ExecutionResult, setResult: (result: ExecutionResult) => void): void {
  if (result.errors?.some((error) => error !== coded(error))) {
    setResult({ ...result, errors: result.errors.map(coded) });
  }
}

/**
 * Pothos's relay and Prisma plugins refuse bad connection arguments (`first: -1`, `before` with
 * `first`, a cursor they cannot decode) with a PothosValidationError, which carries no
 * `extensions.code`: clients could not tell it from a failure of ours. Runs before yoga's masking,
 * which passes GraphQL errors through unchanged.
 */
export function useInputErrorCodes(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => withCodes(result, setResult)),
    }),
    onSubscribe: () => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => withCodes(result, setResult)),
    }),
  };
}
