-- Full-text search (src/archive/search-text.ts, src/data/search/): one row per article, rowid = the
-- article's id, each column the space-joined tokens of a field (CJK bigrams, folded words), which the
-- ascii tokenizer splits on spaces and nothing else. The table keeps its own copy of the tokens: a
-- contentless table with contentless_delete = 1 was a third of the size, but its BM25 statistics drift
-- with every entry replaced (a re-ingested article), so rankings decayed. The writer replaces and
-- deletes entries with their articles. Not in prisma/schema.prisma: Prisma has no virtual tables
-- (test/data/migrate.test.ts checks this table separately). Existing articles are indexed by
-- `npm run search:reindex`.
CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
    "title", "body", "captions", "authors",
    tokenize = 'ascii'
);
