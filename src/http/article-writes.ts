import type { ArticleIntake } from '../archive/intake.ts';
import type { Database } from '../data/database.ts';
import { storeTogetherOrAlone } from '../data/write/store-each.ts';
import type { ArticleWrites } from '../schema/context.ts';
import type { Metrics } from './metrics.ts';

/**
 * How long a write request waits for another process's write lock (an ingest batch holds it for
 * well under a second) before it fails; the ingest CLI waits minutes, but a client is waiting here.
 */
const maxBusyWaitMs = 30_000;

/** The mutations' way to the database's writer, counting every document into the app's metrics. */
export function articleWrites(
  db: Database,
  intake: ArticleIntake | null,
  maxDocumentBytes: number,
  metrics: Metrics,
): ArticleWrites {
  return {
    intake,
    maxDocumentBytes,
    async store(records) {
      const results = await storeTogetherOrAlone(db.writer, records, { maxWaitMs: maxBusyWaitMs });
      const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
      for (const result of results) counts['outcome' in result ? result.outcome : 'refused'] += 1;
      metrics.countDocuments(counts);
      return results;
    },
    delete: (ids) => db.writer.delete(ids),
    countRefused: (refused) => metrics.countDocuments({ refused }),
  };
}
