import { resolve } from 'node:path';
import { sqliteFilePath } from './sqlite-values.ts';

/**
 * What every process of one archive shares, without credentials: the PostgreSQL server and database,
 * or the SQLite file's absolute path. Keys in a Redis that several archives may share start with it,
 * so that one archive's announcements and counts never reach another's.
 */
export function archiveIdentity(databaseUrl: string): string {
  if (databaseUrl.startsWith('file:')) return `file:${resolve(sqliteFilePath(databaseUrl))}`;
  const { host, pathname } = new URL(databaseUrl);
  return `${host}${pathname}`;
}
