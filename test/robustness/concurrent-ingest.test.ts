import { describe, expect, it } from 'vitest';
import { db, testConfig } from '../support/database.ts';
import { startIngest, summaryOf, writeCorpus } from './cli.ts';
import { robustnessCounts } from './record.ts';

/**
 * Two ingest processes at once, each with a corpus of its own, into this file's one database (SQLite
 * file or PostgreSQL database): every document of both ends up stored exactly once, none refused.
 */
const counts = robustnessCounts('concurrent-ingest');

/** Three batches of 200 per process: enough that the two processes' transactions interleave. */
const documentsPerCorpus = 600;

describe('two concurrent ingests of different corpora', () => {
  it('store every document of both exactly once', { timeout: 120_000 }, async () => {
    const corpora = [writeCorpus(documentsPerCorpus, 101), writeCorpus(documentsPerCorpus, 202)];
    const expected = new Set(corpora.flatMap((corpus) => corpus.urls));
    expect(expected.size, 'the corpora share no URL').toBe(2 * documentsPerCorpus);

    const runs = await Promise.all(
      corpora.map((corpus) => startIngest([corpus.folder], testConfig.database.url).finished),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(summaryOf(run)).toEqual({ created: documentsPerCorpus, updated: 0, unchanged: 0, refused: 0 });
      expect(run.code).toBe(0);
    }

    const stored = (await db.prisma.article.findMany({ select: { url: true } })).map((article) => article.url);
    expect(
      stored.filter((url) => !expected.has(url)),
      'nothing stored that was not sent',
    ).toEqual([]);
    expect(new Set(stored).size, 'no URL stored twice').toBe(stored.length);
    expect(stored).toHaveLength(expected.size);
    const changes = await db.prisma.change.count({ where: { type: 'ARTICLE_CREATED' } });
    expect(changes, 'one change per document created').toBe(expected.size);

    counts.add('concurrent ingests: processes', runs.length);
    counts.add('concurrent ingests: documents sent', expected.size);
    counts.add('concurrent documents stored', stored.length);
    const storedSet = new Set(stored);
    counts.set('concurrent documents lost', [...expected].filter((url) => !storedSet.has(url)).length);
    counts.set('concurrent documents stored twice', stored.length - storedSet.size);
  });
});
