import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFileName, generateDocumentSpec } from '../../src/corpus/generate.ts';
import { renderDocument } from '../../src/corpus/render.ts';

/** The corpus CLI's default seed, so that `npm run corpus` reproduces the benchmark's documents. */
const corpusSeed = 1;

/** Writes `count` deterministic documents into `directory`, one file at a time. */
export function writeCorpus(directory: string, count: number): void {
  mkdirSync(directory, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const text = renderDocument(generateDocumentSpec(index, { count, seed: corpusSeed }));
    writeFileSync(join(directory, corpusFileName(index)), text);
  }
}
