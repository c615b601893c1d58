-- Full-text search (src/archive/search-text.ts, src/data/search/): one row per article, its tokens
-- (CJK bigrams, folded words) as a tsvector with positions and weights (title A, authors B, captions C,
-- body D), written by the article writer in the article's transaction; deleted with the article. Not in
-- prisma/schema.prisma, which derives the SQLite schema too (test/data/postgres/schema.test.ts checks
-- this table separately). Existing articles are indexed by `npm run search:reindex`.
CREATE TABLE "ArticleSearch" (
    "articleId" INTEGER NOT NULL,
    "document" TSVECTOR NOT NULL,

    CONSTRAINT "ArticleSearch_pkey" PRIMARY KEY ("articleId"),
    CONSTRAINT "ArticleSearch_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "ArticleSearch_document_idx" ON "ArticleSearch" USING GIN ("document");
