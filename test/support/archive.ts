import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleRecord } from '../../src/archive/record.ts';
import { projectRoot } from '../../src/config.ts';
import { type DocumentSpec, renderDocument } from '../../src/corpus/render.ts';
import type { StoreOutcome } from '../../src/data/write/plan.ts';
import { parseDocument } from '../../src/ingest/parse/document.ts';
import { db } from './database.ts';

export const seedText = readFileSync(join(projectRoot, 'seeds', '000_b1d6e061c60b1637.txt'), 'utf8');

export function parsed(text: string): ArticleRecord {
  const result = parseDocument(text);
  if (!result.ok) throw new Error(`test document refused: ${result.refusal.message}`);
  return result.article;
}

export async function store(text: string): Promise<StoreOutcome> {
  const [outcome] = await db.writer.write([parsed(text)]);
  if (outcome === undefined) throw new Error('the writer reported no outcome');
  return outcome;
}

let counter = 0;

/** A small valid document; every call gets a fresh URL unless one is given. */
export function articleSpec(overrides: Partial<DocumentSpec> = {}): DocumentSpec {
  counter += 1;
  return {
    title: `测试文章${counter}`,
    url: `https://cn.nytimes.com/world/20240101/test-article-${counter}/`,
    published: '2024-01-01 08:00:00',
    capturedAtMs: Date.UTC(2024, 0, 1, 0, 5),
    authors: [
      { byline: 'ALAN RAPPEPORT', footerName: 'Alan Rappeport', bio: '是时报记者。', profileSlug: 'alan-rappeport' },
    ],
    body: [{ paragraph: `第${counter}篇文章的第一段。` }, { paragraph: '第二段。' }],
    credits: ['翻译：纽约时报中文网'],
    ...overrides,
  };
}

export async function storeSpecs(specs: DocumentSpec[]): Promise<void> {
  for (const spec of specs) await store(renderDocument(spec));
}
