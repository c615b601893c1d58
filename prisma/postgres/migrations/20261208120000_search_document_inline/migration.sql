-- Keep each article's tsvector in the table's own pages (compressed, moved out only when a row would
-- not fit a page) instead of the TOAST table. The planner prices a sequential scan by the table's
-- pages, not by the TOAST reads each `@@` test makes: with out-of-line documents, 10,000 articles
-- made a table of 65 pages, which looked cheaper to scan than the GIN index whenever the index's
-- estimate was high (as it is after a bulk ingest, until VACUUM merges the index's pending list).
-- Every search then read and decompressed every document: 140 ms for a page of Q3 against 9 ms
-- through the index. With the documents in the table, a scan is priced at what it reads.
ALTER TABLE "ArticleSearch" ALTER COLUMN "document" SET STORAGE MAIN;

-- Rows stored before are moved in: `|| ''` makes each document a new value, stored the new way.
UPDATE "ArticleSearch" SET "document" = "document" || ''::tsvector;
