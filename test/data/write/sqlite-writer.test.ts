import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../../src/corpus/render.ts';
import { articleSpec, parsed, seedText, store } from '../../support/archive.ts';
import { db } from '../../support/database.ts';

describe('the writer, one document at a time', () => {
  it('creates once, then reports identical content as unchanged', async () => {
    expect(await store(seedText)).toBe('created');
    expect(await store(seedText)).toBe('unchanged');
    expect(await db.prisma.article.count({ where: { slug: 'world/20240813/us-china-working-group-trade' } })).toBe(1);
  });

  it('updates changed content in the same row and replaces its figures, links and bylines', async () => {
    const spec = articleSpec({
      authors: [{ byline: 'KEITH BRADSHER' }, { byline: 'AMY QIN' }],
      leadFigure: { src: 'https://static01.nyt.com/a.jpg', caption: '旧图' },
      body: [{ paragraph: '<a href="https://example.com/old">旧链接</a>' }],
    });
    expect(await store(renderDocument(spec))).toBe('created');
    const before = await db.prisma.article.findUniqueOrThrow({ where: { url: spec.url } });

    const changed = {
      ...spec,
      title: '新标题',
      authors: [{ byline: 'AMY QIN' }],
      leadFigure: undefined,
      body: [{ paragraph: '新段落。' }],
    };
    expect(await store(renderDocument(changed))).toBe('updated');
    const after = await db.prisma.article.findUniqueOrThrow({
      where: { url: spec.url },
      include: { figures: true, links: true, authors: { include: { author: true } } },
    });
    expect(after.id).toBe(before.id);
    expect(after.title).toBe('新标题');
    expect(after.figures).toEqual([]);
    expect(after.links).toEqual([]);
    expect(after.authors.map((byline) => byline.author.name)).toEqual(['Amy Qin']);
    expect(after.createdAt).toEqual(before.createdAt);
  });

  it('resolves link targets whichever document is ingested first', async () => {
    const target = articleSpec();
    const earlier = articleSpec({ body: [{ paragraph: `<a href="${target.url}">目标</a>` }] });
    await store(renderDocument(earlier));
    const pending = await db.prisma.link.findFirstOrThrow({ where: { article: { url: earlier.url } } });
    expect(pending.targetId).toBeNull();

    await store(renderDocument(target));
    const later = articleSpec({ body: [{ paragraph: `<a href="${target.url.replace('https:', 'http:')}">目标</a>` }] });
    await store(renderDocument(later));

    const targetRow = await db.prisma.article.findUniqueOrThrow({ where: { url: target.url } });
    const links = await db.prisma.link.findMany({ where: { targetUrl: target.url }, orderBy: { id: 'asc' } });
    expect(links.map((link) => link.targetId)).toEqual([targetRow.id, targetRow.id]);
  });

  it('keeps an author spelled by a footer when a later byline has no footer', async () => {
    const withFooter = articleSpec({
      authors: [
        {
          byline: 'JAVIER C. HERNÁNDEZ',
          footerName: 'Javier C. Hernández',
          bio: '是时报驻北京记者。',
          profileSlug: 'javierhernandez',
        },
      ],
    });
    const bare = articleSpec({ authors: [{ byline: 'JAVIER C. HERNÁNDEZ' }] });
    await store(renderDocument(withFooter));
    await store(renderDocument(bare));
    const authors = await db.prisma.author.findMany({
      where: { name: 'Javier C. Hernández' },
      include: { articles: true },
    });
    expect(authors).toHaveLength(1);
    expect(authors[0]).toMatchObject({
      slug: 'javierhernandez',
      bio: 'Javier C. Hernández是时报驻北京记者。',
      profileUrl: 'https://www.nytimes.com/by/javierhernandez',
    });
    expect(authors[0]?.articles).toHaveLength(2);
  });
});

describe('the writer, a batch at a time', () => {
  it('stores a batch as it would store its documents one after the other', async () => {
    const newcomer = {
      byline: 'MEI LING OU',
      footerName: 'Mei Ling Ou',
      bio: '是时报新记者。',
      profileSlug: 'meilingou',
    };
    const later = articleSpec({ authors: [{ byline: 'MEI LING OU' }] });
    const earlier = articleSpec({
      authors: [newcomer],
      body: [{ paragraph: `<a href="${later.url}">后一篇</a>` }],
    });
    const laterWithBacklink = { ...later, body: [{ paragraph: `<a href="${earlier.url}">前一篇</a>` }] };
    const records = [earlier, later, laterWithBacklink].map((spec) => parsed(renderDocument(spec)));

    expect(await db.writer.write(records)).toEqual(['created', 'created', 'updated']);
    expect(await db.writer.write(records.slice(1))).toEqual(['updated', 'updated']);

    const authors = await db.prisma.author.findMany({ where: { name: 'Mei Ling Ou' }, include: { articles: true } });
    expect(authors).toHaveLength(1);
    expect(authors[0]).toMatchObject({ slug: 'meilingou', bio: 'Mei Ling Ou是时报新记者。' });
    expect(authors[0]?.articles).toHaveLength(2);

    const [earlierRow, laterRow] = await Promise.all(
      [earlier.url, later.url].map((url) =>
        db.prisma.article.findUniqueOrThrow({ where: { url }, include: { links: true } }),
      ),
    );
    const targetIds = (links: { kind: string; targetId: number | null }[]) =>
      links.filter((link) => link.kind === 'ARTICLE').map((link) => link.targetId);
    expect(targetIds(earlierRow?.links ?? [])).toEqual([laterRow?.id]);
    expect(targetIds(laterRow?.links ?? [])).toEqual([earlierRow?.id]);
  });

  it('writes nothing of a batch that fails', async () => {
    const good = articleSpec({ authors: [{ byline: 'LI YUAN' }] });
    const sameSlug = { ...good, url: good.url.replace('https://cn.nytimes.com/', 'https://example.com/') };
    const records = [good, sameSlug].map((spec) => parsed(renderDocument(spec)));

    await expect(db.writer.write(records)).rejects.toThrow(/slug/);
    expect(await db.prisma.article.count({ where: { url: { in: [good.url, sameSlug.url] } } })).toBe(0);
    expect(await db.prisma.author.count({ where: { name: 'Li Yuan' } })).toBe(0);
  });
});
