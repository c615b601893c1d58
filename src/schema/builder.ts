import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Context } from './context.ts';
import { itemsPerParent } from './cost.ts';
import { decodeNodeId, resolveNodeOrNull } from './global-id.ts';
import { defaultPageSize, maxPageSize } from './pagination.ts';

export type TotalCount = number | (() => Promise<number>);

/** What to do when a resolver ignores the query Pothos planned for it (a performance bug, not a user error). */
export type UnusedQueryPolicy = 'error' | 'warn' | 'ignore';

/** The root value every execution gets from the app, which knows its configuration. */
export interface RootValue {
  unusedQueries: UnusedQueryPolicy;
}

function reportUnusedQuery(info: GraphQLResolveInfo): void {
  const policy = (info.rootValue as RootValue | undefined)?.unusedQueries ?? 'ignore';
  if (policy === 'ignore') return;
  const message = `Prisma query was unused in resolver for ${info.parentType.name}.${info.fieldName}`;
  if (policy === 'error') throw new Error(message);
  console.warn(message);
}

/**
 * The one builder: types register on it when their modules load (which reads nothing and connects to
 * nothing); schema/index.ts turns it into the schema on demand.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  Connection: { totalCount: TotalCount };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: decodeNodeId,
    nodeTypeOptions: { description: 'An object with a global id, which `node(id:)` fetches again.' },
    idFieldOptions: { description: 'Global id, for `node(id:)` and client caches; opaque.' },
    nodeQueryOptions: {
      description: 'Any object by its global id (as Relay clients refetch); null when it no longer exists.',
      args: { id: { description: 'A global id this API issued (`Article.id`, `Author.id`); others are refused.' } },
      resolve: resolveNodeOrNull,
    },
    nodesQueryOptions: false,
    pageInfoTypeOptions: { description: 'Where a page is in its list: cursors of its ends, and whether more follow.' },
    pageInfoFieldOptions: { description: 'Where this page is in the list, for fetching the next or previous one.' },
    hasNextPageFieldOptions: {
      description: 'Whether items follow this page: fetch them with `after: endCursor` (and `first`).',
    },
    hasPreviousPageFieldOptions: {
      description: 'Whether items precede this page: fetch them with `before: startCursor` (and `last`).',
    },
    startCursorFieldOptions: { description: 'The cursor of the first edge of this page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last edge of this page; null when the page is empty.' },
    firstArgOptions: {
      description: `Page size from the start, or after \`after\`: 0 to ${maxPageSize}, default ${defaultPageSize}; other sizes are refused.`,
    },
    afterArgOptions: {
      description: "The page starts after the item with this cursor (the previous page's `pageInfo.endCursor`).",
    },
    lastArgOptions: {
      description: `Page size from the end, or before \`before\`: 0 to ${maxPageSize}; not together with \`first\`.`,
    },
    beforeArgOptions: {
      description: "The page ends before the item with this cursor (the next page's `pageInfo.startCursor`).",
    },
    // A connection's page size already counts its edges.
    edgesFieldOptions: {
      nullable: false,
      description: "This page's items in list order, each with its cursor.",
      extensions: itemsPerParent(1),
    },
    cursorFieldOptions: {
      description: 'Opaque position of this item in its list: pass it as `after` or `before` to page from here.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
  },
  prisma: {
    // Per request, so that a request can be routed to its own connection (a replica, a snapshot).
    client: (context) => context.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    // The policy comes from the app's configuration through the root value: the builder cannot know it.
    onUnusedQuery: reportUnusedQuery,
  },
});
