import {
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { defaultPageSize, maxPageSize } from './schema/pagination.ts';

/**
 * Refuses operations too large to answer cheaply before any resolver runs: the page sizes of nested
 * connections multiply, so `articles(first: 100) { … links { target { links { … } } } }` would read
 * millions of rows. The estimate counts every field once per item its parents may return.
 */
export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxCost: number;
}

export const defaultQueryLimits: QueryLimits = { maxTokens: 5000, maxDepth: 15, maxCost: 100_000 };

/** What an unpaginated list (authors, figures, links, blocks) is assumed to hold. */
const assumedListLength = 10;

function tooLarge(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: QueryLimits;
}

function argumentValue(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  return value === undefined ? undefined : valueFromASTUntyped(value, variables);
}

function pageSize(
  field: { arguments?: readonly { name: { value: string }; value: ValueNode }[] },
  walk: Walk,
): number | null {
  const args = new Map((field.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
  if (!args.has('first') && !args.has('last') && !args.has('after') && !args.has('before')) return null;
  const size = argumentValue(args.get('first'), walk.variables) ?? argumentValue(args.get('last'), walk.variables);
  // Out-of-range sizes are refused by the field itself, with a message about the argument.
  const valid = typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= maxPageSize;
  return valid ? Math.max(size, 1) : defaultPageSize;
}

/** A connection's page size already counts its edges, so only lists elsewhere get the assumed length. */
function listLength(parentType: GraphQLObjectType, fieldType: GraphQLOutputType): number {
  if (!isListType(getNullableType(fieldType))) return 1;
  return parentType.name.endsWith('Connection') ? 1 : assumedListLength;
}

function costOf(
  selectionSet: SelectionSetNode,
  parentType: GraphQLObjectType,
  multiplier: number,
  depth: number,
  walk: Walk,
  fragmentPath: string[],
): number {
  if (depth > walk.limits.maxDepth) {
    throw tooLarge(`Query is nested deeper than ${walk.limits.maxDepth} levels`);
  }
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += multiplier;
      // Introspection is bounded by the schema itself (GraphiQL and codegen nest it a dozen levels).
      if (selection.name.value.startsWith('__')) continue;
      const fieldType = parentType.getFields()[selection.name.value]?.type;
      if (!selection.selectionSet || !fieldType) continue;
      const named = getNamedType(fieldType);
      const itemCount = pageSize(selection, walk) ?? listLength(parentType, fieldType);
      for (const type of possibleObjectTypes(named, walk.schema)) {
        cost += costOf(selection.selectionSet, type, multiplier * itemCount, depth + 1, walk, fragmentPath);
      }
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments.get(selection.name.value) : selection;
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && fragmentPath.includes(selection.name.value))) {
        continue;
      }
      const path = selection.kind === Kind.FRAGMENT_SPREAD ? [...fragmentPath, selection.name.value] : fragmentPath;
      cost += costOf(fragment.selectionSet, parentType, multiplier, depth, walk, path);
    }
    if (cost > walk.limits.maxCost) {
      throw tooLarge(`Query would read too much: estimated cost over ${walk.limits.maxCost}; ask for smaller pages`);
    }
  }
  return cost;
}

function possibleObjectTypes(type: GraphQLNamedType, schema: GraphQLSchema): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [];
}

export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  return costOf(operation.selectionSet, root, 1, 1, { schema, fragments, variables, limits }, []);
}

/** Caps tokens at parse time, and depth and estimated cost once the variables are known. */
export function useQueryLimits(limits: QueryLimits = defaultQueryLimits): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: limits.maxTokens }));
    },
    onExecute({ args }) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      const operations: OperationDefinitionNode[] = [];
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
        else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
      }
      const operation = operations.find((candidate) => candidate.name?.value === args.operationName) ?? operations[0];
      if (!operation) return;
      estimateCost(args.schema, operation, fragments, (args.variableValues ?? {}) as Record<string, unknown>, limits);
    },
  };
}
