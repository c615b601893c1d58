import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

/** `error` with another message or extensions, its locations, path and cause kept. */
export function rewrittenError(
  error: GraphQLError,
  {
    message = error.message,
    extensions = error.extensions,
  }: { message?: string; extensions?: GraphQLError['extensions'] },
): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/**
 * The hooks that pass the errors of every execution and subscription result, single or streamed,
 * through `rewrite`, which returns an error itself to leave it as it is. A result is replaced only
 * when one of its errors was.
 */
export function rewriteResultErrors(
  rewrite: (error: GraphQLError) => GraphQLError,
): Required<Pick<Plugin, 'onExecute' | 'onSubscribe'>> {
  const rewriteResult = ({
    result,
    setResult,
  }: {
    result: ExecutionResult;
    setResult: (result: ExecutionResult) => void;
  }) => {
    if (result.errors === undefined) return;
    const errors = result.errors.map(rewrite);
    if (errors.some((error, index) => error !== result.errors?.[index])) setResult({ ...result, errors });
  };
  return {
    onExecute: () => ({ onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, rewriteResult) }),
    onSubscribe: () => ({
      onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, rewriteResult),
    }),
  };
}
