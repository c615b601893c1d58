import type { ArticleRecord } from '../../archive/record.ts';
import type { StoreOutcome } from './plan.ts';

/**
 * The one write path for articles, used by the ingest CLI and (later) the write API. A batch is one
 * transaction: every document of it is stored, or none is. Keyed by URL: an identical content hash
 * leaves the row untouched; a changed one updates the same row (same id) and replaces its figures,
 * links and bylines. Links resolve to their target articles whichever of the two arrives first.
 */
export interface ArticleWriter {
  /** Outcomes in record order, as storing the records one by one in this order would report them. */
  write(records: readonly ArticleRecord[]): Promise<StoreOutcome[]>;
  close(): void;
}
