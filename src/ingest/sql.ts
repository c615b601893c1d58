import { Prisma } from '../generated/prisma/client.ts';

/** The raw statements the store writes with, built with Prisma.sql so that values are always bound. */

/** SQLite's default limit on bound parameters per statement (PostgreSQL allows 65,535). */
export const MAX_BOUND_PARAMETERS = 32_766;

/** Column values by column name, as a raw INSERT or UPDATE binds them. */
export type Row = Record<string, unknown>;

/**
 * Multi-row INSERTs of rows that share their keys, the first row naming the columns: what createMany
 * does, written by hand because Prisma 6 passes every value through its query compiler, and that
 * compiler, not SQLite, bounds ingestion. Raw parameters cost it about a third of what createMany's
 * or update's data does per article, and a fifth per link, figure or byline.
 */
export function insertStatements(table: Prisma.ModelName, rows: Row[]): Prisma.Sql[] {
  const columns = Object.keys(rows[0] ?? {});
  const into = Prisma.raw(`${quoted(table)} (${columns.map(quoted).join(', ')})`);
  return chunks(rows, Math.floor(MAX_BOUND_PARAMETERS / columns.length)).map((chunk) => {
    const values = chunk.map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column]))})`);
    return Prisma.sql`INSERT INTO ${into} VALUES ${Prisma.join(values)}`;
  });
}

export function updateStatement(table: Prisma.ModelName, id: number, row: Row): Prisma.Sql {
  const assignments = Object.entries(row).map(
    ([column, value]) => Prisma.sql`${Prisma.raw(quoted(column))} = ${value}`,
  );
  return Prisma.sql`UPDATE ${Prisma.raw(quoted(table))} SET ${Prisma.join(assignments)} WHERE "id" = ${id}`;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function quoted(identifier: string): string {
  return `"${identifier}"`;
}
