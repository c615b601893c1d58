import type { Database } from '../database.ts';

/** Articles per transaction: large enough to amortize a commit, small enough not to hold the write lock long. */
const batchSize = 500;

/**
 * Re-indexes every stored article, a batch per transaction (search keeps answering meanwhile, and
 * other writers interleave), reporting the running count after each batch; answers how many.
 */
export async function rebuildSearchIndex(db: Pick<Database, 'writer'>, progress: (done: number) => void = () => {}) {
  let afterId = 0;
  let done = 0;
  for (;;) {
    const { indexed, lastId } = await db.writer.reindexSearch(afterId, batchSize);
    done += indexed;
    if (indexed > 0) progress(done);
    if (lastId === null || indexed < batchSize) return done;
    afterId = lastId;
  }
}

/**
 * Builds the index when articles outnumber its entries: an archive stored before search existed (the
 * migration creates the index empty, and only TypeScript can tokenize), or one whose index was lost.
 * The writers keep it current from then on. Answers how many articles were indexed (0: none needed).
 */
export async function rebuildSearchIndexIfIncomplete(db: Pick<Database, 'writer' | 'prisma'>): Promise<number> {
  const [{ entries }] = await db.prisma.$queryRawUnsafe<[{ entries: bigint | number }]>(
    'SELECT count(*) AS "entries" FROM "ArticleSearch"',
  );
  const articles = await db.prisma.article.count();
  return Number(entries) < articles ? rebuildSearchIndex(db) : 0;
}
