import pg from 'pg';

/**
 * DateTime columns are `TIMESTAMP(3)` holding UTC, as Prisma's PostgreSQL client writes them. node-postgres
 * would read and write them in the process's local time zone; we bind and read them as UTC text instead.
 */
export function postgresTimestamp(value: Date): string {
  return value.toISOString().slice(0, -1);
}

const timestampWithoutTimeZone = 1114;

/** Type parsers for our own pools: timestamps stay text (decoded as UTC by the dialect), the rest as pg parses them. */
export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === timestampWithoutTimeZone
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
