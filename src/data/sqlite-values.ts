/** A DateTime as Prisma's SQLite adapter stores it: ISO-8601 text with an explicit UTC offset. */
export function sqliteDateTime(value: Date): string {
  return value.toISOString().replace('Z', '+00:00');
}

/** The file an SQLite `file:` URL names. */
export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}
