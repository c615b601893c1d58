import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from './index.ts';

/** The SDL committed as schema.graphql (and served at /schema.graphql). */
export function printSchemaDocument(schema: GraphQLSchema = buildSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
