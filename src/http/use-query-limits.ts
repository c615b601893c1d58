import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
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
  type ValidationContext,
  valueFromASTUntyped,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { costWeight, declaredBytes, declaredItems, typicalFieldBytes } from '../schema/cost.ts';
import { estimatedPageSize } from '../schema/pagination.ts';
import { responseTooLarge } from './use-response-size-limit.ts';

/**
 * Refuses operations too large to answer cheaply before any resolver runs, hence before any SQL. The
 * document is bounded in bytes and tokens as it is parsed, aliases and depth while it is validated
 * (GraphQL Armor's rules), and its estimated cost and response size once the variables are known:
 * the page sizes of nested connections multiply, so `articles(first: 100) { … links { target { links
 * { … } } } }` would read millions of rows, and 250 aliases of a page of bodies would answer 65 MB.
 */
export interface QueryLimits {
  /** Bytes of the query document (UTF-8). */
  maxDocumentBytes: number;
  maxTokens: number;
  maxAliases: number;
  maxDepth: number;
  maxCost: number;
  /** The estimated response size refused before execution (use-response-size-limit.ts checks the real one). */
  maxResponseBytes: number;
}

export const defaultQueryLimits: QueryLimits = {
  maxDocumentBytes: 20 * 1024,
  maxTokens: 2000,
  maxAliases: 15,
  maxDepth: 12,
  maxCost: 100_000,
  maxResponseBytes: 10 * 1024 * 1024,
};

/** Which limit a refusal is about, in `extensions.limit`: one code for "ask for less", the detail for programs. */
type LimitName = 'documentBytes' | 'tokens' | 'aliases' | 'depth' | 'cost';

function tooComplex(message: string, limit: LimitName, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit, max } });
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: QueryLimits;
}

interface Estimate {
  cost: number;
  bytes: number;
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

/**
 * The one home-made walker left: GraphQL Armor bounds the document's shape (tokens, aliases, depth),
 * but no library knows that a connection's size is its `first`/`last` (or the default page) and that
 * those multiply down the tree, nor how large an article's body is. `@pothos/plugin-complexity` would
 * need the same declarations in its own form and counts per resolver, not per item returned.
 */
function estimateOf(
  selectionSet: SelectionSetNode,
  parentType: GraphQLObjectType,
  multiplier: number,
  walk: Walk,
  fragmentPath: string[],
  total: Estimate,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection is bounded by the schema itself (GraphiQL and codegen nest it a dozen levels).
      if (selection.name.value.startsWith('__')) {
        total.cost += multiplier;
        total.bytes += multiplier * typicalFieldBytes;
        continue;
      }
      const field = parentType.getFields()[selection.name.value];
      const bytes = field ? declaredBytes(field) : undefined;
      total.cost += multiplier * costWeight(bytes);
      total.bytes += multiplier * (bytes ?? typicalFieldBytes);
      if (selection.selectionSet && field) {
        const items = itemCount(field, selection, walk);
        for (const type of possibleObjectTypes(getNamedType(field.type), walk.schema)) {
          estimateOf(selection.selectionSet, type, multiplier * items, walk, fragmentPath, total);
        }
      }
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments.get(selection.name.value) : selection;
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && fragmentPath.includes(selection.name.value))) {
        continue;
      }
      // An inline fragment on a type the parent cannot be adds nothing.
      const condition = fragment.typeCondition?.name.value;
      if (condition !== undefined && !appliesTo(condition, parentType, walk.schema)) continue;
      const path = selection.kind === Kind.FRAGMENT_SPREAD ? [...fragmentPath, selection.name.value] : fragmentPath;
      estimateOf(fragment.selectionSet, parentType, multiplier, walk, path, total);
    }
    // Checked as it grows, so that a huge estimate stops the walk early.
    checkEstimate(total, walk.limits);
  }
}

function checkEstimate(total: Estimate, limits: QueryLimits): void {
  if (total.cost > limits.maxCost) {
    throw tooComplex(
      `Query would read too much: estimated cost over ${limits.maxCost}; ask for smaller pages or fewer fields`,
      'cost',
      limits.maxCost,
    );
  }
  if (total.bytes > limits.maxResponseBytes) {
    throw responseTooLarge(limits.maxResponseBytes, 'estimated');
  }
}

function appliesTo(typeName: string, parentType: GraphQLObjectType, schema: GraphQLSchema): boolean {
  if (typeName === parentType.name) return true;
  const type = schema.getType(typeName);
  return type !== undefined && isAbstractType(type) && schema.isSubType(type, parentType);
}

function possibleObjectTypes(type: GraphQLNamedType, schema: GraphQLSchema): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [];
}

/** The estimated cost and response size of `operation`; throws as soon as either is over its limit. */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): Estimate {
  const total: Estimate = { cost: 0, bytes: 0 };
  const root = schema.getRootType(operation.operation);
  if (root) estimateOf(operation.selectionSet, root, 1, { schema, fragments, variables, limits }, [], total);
  return total;
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

/**
 * GraphQL Armor reports with a bare message ("Syntax Error: …" and no code); its rejection hook is
 * used instead to report our own error, coded like every other refusal.
 */
function reportAs(error: () => GraphQLError) {
  return (context: ValidationContext | null) => {
    if (context === null) throw error();
    context.reportError(error());
  };
}

function documentBytes(source: unknown): number {
  const body = typeof source === 'string' ? source : ((source as { body?: string } | null)?.body ?? '');
  return Buffer.byteLength(body);
}

/**
 * The document's size and tokens at parse time, aliases and depth at validation (both cached by yoga
 * per document), the estimated cost and response size once the variables are known.
 */
export function useQueryLimits(overrides: Partial<QueryLimits> = {}): Plugin {
  const limits = { ...defaultQueryLimits, ...overrides };
  const tokens = maxTokensPlugin({
    n: limits.maxTokens,
    propagateOnRejection: false,
    onReject: [
      reportAs(() =>
        tooComplex(
          `Query has more than ${limits.maxTokens} tokens (names, punctuation, values); send a smaller document`,
          'tokens',
          limits.maxTokens,
        ),
      ),
    ],
  }) as Plugin;
  const aliases = maxAliasesRule({
    n: limits.maxAliases,
    propagateOnRejection: false,
    onReject: [
      reportAs(() =>
        tooComplex(
          `Query has more than ${limits.maxAliases} aliases; batch fewer copies of a field per request`,
          'aliases',
          limits.maxAliases,
        ),
      ),
    ],
  });
  const depth = maxDepthRule({
    n: limits.maxDepth,
    // Fragments and `... on Type` add no level of the response; introspection is bounded by the schema.
    flattenFragments: true,
    ignoreIntrospection: true,
    propagateOnRejection: false,
    onReject: [
      reportAs(() => tooComplex(`Query is nested deeper than ${limits.maxDepth} levels`, 'depth', limits.maxDepth)),
    ],
  });
  return {
    onParse(payload) {
      // Before a single token is read: the token limit bounds the work, this the bytes held.
      if (documentBytes(payload.params.source) > limits.maxDocumentBytes) {
        throw tooComplex(
          `Query document larger than ${Math.floor(limits.maxDocumentBytes / 1024)} KiB; send a smaller document`,
          'documentBytes',
          limits.maxDocumentBytes,
        );
      }
      return tokens.onParse?.(payload);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(aliases);
      addValidationRule(depth);
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
