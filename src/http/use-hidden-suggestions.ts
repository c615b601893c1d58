import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rewriteResultErrors, rewrittenError } from './result-errors.ts';

/**
 * graphql-js's "Did you mean …?" in all its forms: fields, arguments, types, input fields
 * (`Did you mean "section"?`, `Did you mean "a", "b", or "c"?`) and enum values (`Did you mean the
 * enum value "PUBLISHED_AT_ASC"?`). Names never contain a question mark.
 */
const suggestion = /\s*Did you mean [^?]*\?/g;

function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(suggestion, '');
  return message === error.message ? error : rewrittenError(error, { message });
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
    ...rewriteResultErrors(withoutSuggestion),
  };
}
