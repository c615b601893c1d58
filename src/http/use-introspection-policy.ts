import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * With introspection off, `__schema` and `__type` are refused at validation
 * (GRAPHQL_VALIDATION_FAILED); `__typename` still answers, as clients need it. The schema stays
 * public at /schema.graphql either way: this only keeps generic tools from walking it.
 */
export function useIntrospectionPolicy(allowed: boolean): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!allowed) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
