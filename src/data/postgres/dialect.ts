import type { ReadDialect } from '../read/dialect.ts';
import { postgresTimestamp } from './values.ts';

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The element type of a bound array of parent ids: our keys are integers; text covers any other key. */
function arrayType(values: readonly unknown[]): string {
  return values.every((value) => Number.isSafeInteger(value)) ? 'int8[]' : 'text[]';
}

/**
 * The read executor's PostgreSQL statements: a list is one array parameter (`= ANY($1)`), a page per
 * parent is a `LATERAL` subquery with its own `LIMIT`, so each parent's page is one index seek.
 * Timestamps travel as text (see values.ts), so nothing depends on the process's time zone.
 */
export const postgresDialect: ReadDialect = {
  quote,
  bind(params, value) {
    params.push(value);
    return `$${params.length}`;
  },
  isOneOf(column, values, params) {
    params.push(values);
    return `${column} = ANY($${params.length})`;
  },
  parentIds(values, alias, params) {
    params.push(values);
    return `unnest($${params.length}::${arrayType(values)}) AS ${alias}(value)`;
  },
  rowsPerParent(table, alias, parents, keyFields, innerSql) {
    const page = `${alias}page`;
    const matches = keyFields.map((field) => `${alias}.${quote(field)} = ${page}.${quote(field)}`).join(' AND ');
    return `${parents} CROSS JOIN LATERAL (${innerSql}) AS ${page} JOIN ${table} AS ${alias} ON ${matches}`;
  },
  noLimit: null,
  encode(value, type) {
    if (value instanceof Date) return postgresTimestamp(value);
    if (type === 'DateTime' && typeof value === 'string') return postgresTimestamp(new Date(value));
    return value;
  },
  decode(value, type) {
    if (value === null) return null;
    switch (type) {
      case 'DateTime':
        return new Date(`${(value as string).replace(' ', 'T')}Z`);
      case 'Json':
        return typeof value === 'string' ? JSON.parse(value) : value;
      case 'Int':
        return typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
      default:
        return value;
    }
  },
};
