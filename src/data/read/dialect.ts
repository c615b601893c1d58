import { sqliteDateTime } from '../sqlite-values.ts';
import type { ScalarType } from './model.ts';

/**
 * What differs between databases in the statements the read executor writes. SQLite binds a list of
 * parent ids as one JSON array (`json_each(?)`) and seeks a page per parent with a correlated
 * subquery; PostgreSQL binds an array (`= ANY($1)`) and uses `LATERAL … LIMIT` (postgres/dialect.ts).
 */
export interface ReadDialect {
  quote(identifier: string): string;
  /** Appends `value` to `params` and answers its placeholder. */
  bind(params: unknown[], value: unknown): string;
  /** A condition true when `column` is one of `values`, bound as one parameter. */
  isOneOf(column: string, values: readonly unknown[], params: unknown[]): string;
  /** A relation source for per-parent seeks: rows `alias.value` holding each parent id. */
  parentIds(values: readonly unknown[], alias: string, params: unknown[]): string;
  /**
   * Rows of `table` (aliased `alias`, primary key columns `keyFields`) chosen per parent by `innerSql`,
   * a statement correlated to `parent.value` that returns at most a page of primary keys.
   */
  rowsPerParent(table: string, alias: string, parents: string, keyFields: readonly string[], innerSql: string): string;
  /** The LIMIT value that means "no limit" (for an OFFSET without one). */
  readonly noLimit: number | null;
  /** A value as the driver binds it for comparison with a column of `type`. */
  encode(value: unknown, type: ScalarType): unknown;
  /** A column value as Prisma's client returns it. */
  decode(value: unknown, type: ScalarType): unknown;
}

export const sqliteDialect: ReadDialect = {
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  bind(params, value) {
    params.push(value);
    return '?';
  },
  isOneOf(column, values, params) {
    params.push(JSON.stringify(values));
    return `${column} IN (SELECT value FROM json_each(?))`;
  },
  parentIds(values, alias, params) {
    params.push(JSON.stringify(values));
    return `json_each(?) AS ${alias}`;
  },
  rowsPerParent(table, alias, parents, keyFields, innerSql) {
    const columns = keyFields.map((field) => `${alias}.${sqliteDialect.quote(field)}`).join(', ');
    const key = keyFields.length === 1 ? columns : `(${columns})`;
    return `${parents} JOIN ${table} AS ${alias} ON ${key} IN (${innerSql})`;
  },
  noLimit: -1,
  encode(value, type) {
    if (value instanceof Date) return sqliteDateTime(value);
    if (type === 'DateTime' && typeof value === 'string') return sqliteDateTime(new Date(value));
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  decode(value, type) {
    if (value === null) return null;
    switch (type) {
      case 'DateTime':
        return new Date(value as string);
      case 'Boolean':
        return value === 1 || value === 1n || value === true;
      case 'Json':
        return JSON.parse(value as string);
      case 'Int':
        return typeof value === 'bigint' ? Number(value) : value;
      default:
        return value;
    }
  },
};
