import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Context } from './context.ts';
import { itemsPerParent } from './cost.ts';
import { decodeNodeId, resolveNodeOrNull } from './global-id.ts';

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
    nodeQueryOptions: { resolve: resolveNodeOrNull },
    nodesQueryOptions: false,
    // A connection's page size already counts its edges.
    edgesFieldOptions: { nullable: false, extensions: itemsPerParent(1) },
    nodeFieldOptions: { nullable: false },
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
