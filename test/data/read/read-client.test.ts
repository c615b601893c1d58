import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../../src/data/read/dialect.ts';
import { ReadExecutor, type Row } from '../../../src/data/read/executor.ts';
import { loadModels } from '../../../src/data/read/model.ts';
import { createReadClient } from '../../../src/data/read/read-client.ts';
import { sqliteFilePath } from '../../../src/data/sqlite-values.ts';
import { seedText, store } from '../../support/archive.ts';
import { db, testConfig } from '../../support/database.ts';

const models = loadModels();
const executor = new ReadExecutor(models, sqliteDialect);

const connection = new SQLite(sqliteFilePath(testConfig.database.url), { readonly: true });
afterAll(() => connection.close());

function client() {
  const fallbacks: string[] = [];
  const statements: string[] = [];
  const run = (sql: string, params: unknown[]): Row[] => {
    statements.push(sql);
    return connection.prepare(sql).all(...params) as Row[];
  };
  const prisma = createReadClient(db.prisma, executor, [...models.keys()], run, (model, method, reason) =>
    fallbacks.push(`${model}.${method}: ${reason}`),
  );
  return { prisma, fallbacks, statements };
}

beforeAll(() => store(seedText));

describe('the read client', () => {
  it('answers what the executor covers itself, as Prisma would', async () => {
    const { prisma, fallbacks, statements } = client();
    const args = { where: { slug: 'world/20240813/us-china-working-group-trade' }, include: { figures: true } };
    expect(await prisma.article.findUnique(args)).toEqual(await db.prisma.article.findUnique(args));
    expect(statements).toHaveLength(2);
    expect(fallbacks).toEqual([]);
  });

  it('hands arguments outside its subset to Prisma and reports them', async () => {
    const { prisma, fallbacks, statements } = client();
    const args = { where: { title: { contains: '官员' } }, select: { title: true } };
    expect(await prisma.article.findMany(args)).toEqual([{ title: '美国高级官员将访华进行经贸谈判' }]);
    expect(statements).toEqual([]);
    expect(fallbacks).toEqual(['Article.findMany: where operator contains']);
  });

  it("throws Prisma's not-found error from findUniqueOrThrow", async () => {
    const { prisma } = client();
    await expect(prisma.author.findUniqueOrThrow({ where: { id: 999_999 } })).rejects.toMatchObject({ code: 'P2025' });
  });

  it('passes everything else to Prisma', async () => {
    const { prisma } = client();
    expect(await prisma.$queryRawUnsafe<{ one: bigint }[]>('SELECT 1 AS one')).toEqual([{ one: 1n }]);
  });
});
