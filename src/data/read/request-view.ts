import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { RequestDatabase } from '../database.ts';
import { createArticleSearch, type SearchDialect } from '../search/search.ts';
import type { RunStatement } from './executor.ts';
import type { Snapshot } from './sqlite-snapshots.ts';

/**
 * A request's view of the database over one read snapshot, on either provider: the read client and
 * search both run their statements in it, and its count is the request's.
 */
export function snapshotView(
  snapshot: Snapshot,
  readClient: (run: RunStatement) => PrismaClient,
  searchDialect: SearchDialect,
): RequestDatabase {
  const run = (sql: string, params: unknown[]) => snapshot.run(sql, params);
  return {
    prisma: readClient(run),
    search: createArticleSearch(searchDialect, run),
    release: () => snapshot.release(),
    statementCount: () => snapshot.statementCount,
  };
}
