import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from './index.ts';

/** The SDL committed as schema.graphql. */
export function printSchemaDocument(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
