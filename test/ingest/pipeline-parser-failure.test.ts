import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ingestPaths } from '../../src/ingest/pipeline.ts';
import { seedText } from '../support/archive.ts';
import { db } from '../support/database.ts';

// Stands in for a parser bug: any document mentioning BOOM makes parseDocument throw.
vi.mock('../../src/ingest/parse/document.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ingest/parse/document.ts')>();
  return {
    ...original,
    parseDocument: (text: string | Uint8Array) => {
      if (Buffer.from(text).toString('utf8').includes('BOOM')) throw new TypeError('unexpected BOOM\n    at parse');
      return original.parseDocument(text);
    },
  };
});

describe('ingestPaths with a failing parser', () => {
  it('refuses that document in one line and stores the others', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parser-failure-'));
    writeFileSync(join(folder, 'a-boom.txt'), `${seedText}BOOM`);
    writeFileSync(join(folder, 'b-seed.txt'), seedText);
    // Parsed on this thread: the mock above does not reach the parse workers.
    const summary = await ingestPaths(db.writer, [folder], { parseWorkers: 0 });
    expect(summary).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      refused: [{ file: join(folder, 'a-boom.txt'), reason: 'could not be parsed: unexpected BOOM' }],
    });
  });
});
