import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { trackCacheDependencies } from './cache-dependencies.ts';
import './scalars.ts';
import './connection.ts';
import './figure.ts';
import './link.ts';
import './block.ts';
import './article.ts';
import './author.ts';
import './backlinks.ts';
import './section.ts';
import './search.ts';
import './change.ts';
import './mutations.ts';

builder.queryType({
  description: 'Reads of the archive. Unknown articles, authors and sections are null, never errors.',
});

builder.subscriptionType({
  description: 'Live changes, over Server-Sent Events (`Accept: text/event-stream`).',
});

let schema: GraphQLSchema | undefined;

/** The API's schema, built once on first use (Pothos can build a builder only once). */
export function buildSchema(): GraphQLSchema {
  schema ??= trackCacheDependencies(builder.toSchema({ sortSchema: true }));
  return schema;
}
