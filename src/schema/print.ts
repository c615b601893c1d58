import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

/** The SDL committed as schema.graphql. */
export function printSchemaDocument(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
