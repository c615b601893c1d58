import type { ArticleRecord } from '../../archive/record.ts';
import type { StoreOutcome } from './plan.ts';

/** An article a `delete` removed: what its ARTICLE_DELETED change records. */
export interface DeletedArticle {
  id: number;
  url: string;
}

export interface ReindexedBatch {
  indexed: number;
  /** The highest id indexed, where the next batch starts; null when no article followed `afterId`. */
  lastId: number | null;
}

/**
 * The one write path for articles, used by the ingest CLI and the write API. A batch is one
 * transaction: every document of it is stored, or none is. Keyed by URL: an identical content hash
 * leaves the row untouched; a changed one updates the same row (same id) and replaces its figures,
 * links and bylines. Links resolve to their target articles whichever of the two arrives first.
 * Every article a batch creates, updates or deletes appends a row to the change feed (`Change`) in
 * the same transaction, in record order, and the search index (`ArticleSearch`) follows in the same
 * transaction too: entries written, replaced and deleted with their articles.
 */
export interface ArticleWriter {
  /** Outcomes in record order, as storing the records one by one in this order would report them. */
  write(records: readonly ArticleRecord[]): Promise<StoreOutcome[]>;
  /**
   * Deletes these articles with their figures, links and bylines, in one transaction; links from other
   * articles stay, their target cleared. Answers the articles that existed, in `ids` order.
   */
  delete(ids: readonly number[]): Promise<DeletedArticle[]>;
  /**
   * One batch of rebuilding the search index from the stored articles (`npm run search:reindex`): the
   * entries of the first `limit` articles after `afterId` (by id) are replaced, in one transaction. The
   * last batch (fewer than `limit`) also removes the entries of articles that no longer exist.
   */
  reindexSearch(afterId: number, limit: number): Promise<ReindexedBatch>;
  close(): void;
}
