import {
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { declaredItems } from '../schema/cost.ts';
import { estimatedPageSize } from '../schema/pagination.ts';

/**
 * Refuses operations too large to answer cheaply before any resolver runs: the page sizes of nested
 * connections multiply, so `articles(first: 100) { … links { target { links { … } } } }` would read
 * millions of rows. The estimate counts every field once per item its parents may return, as each
 * list field declares it (schema/cost.ts).
 */
export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxCost: number;
}

export const defaultQueryLimits: QueryLimits = { maxTokens: 5000, maxDepth: 15, maxCost: 100_000 };

function tooLarge(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: QueryLimits;
}

function argumentValues(selection: FieldNode, walk: Walk): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const argument of selection.arguments ?? []) {
    values[argument.name.value] = valueFromASTUntyped(argument.value, walk.variables);
  }
  return values;
}

/** Items the field returns per item of its parent: 1 for anything that is not a declared list. */
function itemCount(field: GraphQLField<unknown, unknown>, selection: FieldNode, walk: Walk): number {
  const items = declaredItems(field);
  if (items === undefined) return 1;
  return items === 'page' ? estimatedPageSize(argumentValues(selection, walk)) : items;
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
      const field = parentType.getFields()[selection.name.value];
      if (!selection.selectionSet || !field) continue;
      const items = itemCount(field, selection, walk);
      for (const type of possibleObjectTypes(getNamedType(field.type), walk.schema)) {
        cost += costOf(selection.selectionSet, type, multiplier * items, depth + 1, walk, fragmentPath);
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

function checkCost(args: ExecutionArgs, limits: QueryLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of args.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operations.find((candidate) => candidate.name?.value === args.operationName) ?? operations[0];
  if (!operation) return;
  estimateCost(args.schema, operation, fragments, (args.variableValues ?? {}) as Record<string, unknown>, limits);
}

/** Caps tokens at parse time, and depth and estimated cost once the variables are known. */
export function useQueryLimits(limits: QueryLimits = defaultQueryLimits): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: limits.maxTokens }));
    },
    onExecute({ args }) {
      checkCost(args, limits);
    },
    // Subscriptions are subscribed to, never executed as a whole: the same limits apply.
    onSubscribe({ args }) {
      checkCost(args, limits);
    },
  };
}
