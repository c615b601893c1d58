import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

/**
 * graphql-js's "Did you mean …?" in all its forms: fields, arguments, types, input fields
 * (`Did you mean "section"?`, `Did you mean "a", "b", or "c"?`) and enum values (`Did you mean the
 * enum value "PUBLISHED_AT_ASC"?`). Names never contain a question mark.
 */
const suggestion = /\s*Did you mean [^?]*\?/g;

function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(suggestion, '');
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

function hideInResult(result: ExecutionResult, setResult: (result: ExecutionResult) => void): void {
  if (result.errors?.some((error) => error.message.includes('Did you mean '))) {
    setResult({ ...result, errors: result.errors.map(withoutSuggestion) });
  }
}

/**
 * Keeps error messages from spelling out the schema's names to a client guessing at them (when
 * introspection is off, suggestions would give the schema away one name at a time). GraphQL Armor's
 * block-field-suggestions plugin only rewrites validation errors, and misses the enum-value wording;
 * variables are coerced at execution, and their errors suggest names too (`Field "sectoin" is not
 * defined by type "ArticleWhere". Did you mean "section"?`), so both places are covered here.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ valid, result, setResult }) => {
        if (!valid)
          setResult(result.map((error) => (error instanceof GraphQLError ? withoutSuggestion(error) : error)));
      },
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => hideInResult(result, setResult)),
    }),
    onSubscribe: () => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => hideInResult(result, setResult)),
    }),
  };
}
