import type { PrismaClient } from '../generated/prisma/client.ts';
import type { ArticleRecord, AuthorRecord, LinkRecord } from './record.ts';

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Writes one parsed article in one transaction, keyed by URL: an identical content hash leaves the
 * row untouched; a changed one updates the same row and replaces its figures, links and bylines.
 * Links are resolved to their target articles whichever of the two documents arrives first.
 */
export async function storeArticle(prisma: PrismaClient, record: ArticleRecord): Promise<StoreOutcome> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.article.findUnique({
      where: { url: record.url },
      select: { id: true, contentHash: true },
    });
    if (existing?.contentHash === record.contentHash) return 'unchanged';

    const articleId = existing
      ? await replaceArticle(tx, existing.id, record)
      : (await tx.article.create({ data: articleColumns(record), select: { id: true } })).id;

    await writeBylines(tx, articleId, record);
    await writeFigures(tx, articleId, record);
    await writeLinks(tx, articleId, record);
    await tx.link.updateMany({ where: { targetUrl: record.url }, data: { targetId: articleId } });
    return existing ? 'updated' : 'created';
  });
}

function articleColumns(record: ArticleRecord) {
  return {
    url: record.url,
    slug: record.slug,
    title: record.title,
    section: record.section,
    language: record.language,
    publishedAt: record.publishedAt,
    capturedAt: record.capturedAt,
    summary: record.summary,
    bodyHtml: record.bodyHtml,
    bodyText: record.bodyText,
    blocks: record.blocks,
    originalUrl: record.originalUrl,
    credits: record.credits,
    contentHash: record.contentHash,
  };
}

async function replaceArticle(tx: TransactionClient, articleId: number, record: ArticleRecord): Promise<number> {
  await tx.article.update({ where: { id: articleId }, data: articleColumns(record) });
  await tx.articleAuthor.deleteMany({ where: { articleId } });
  await tx.figure.deleteMany({ where: { articleId } });
  await tx.link.deleteMany({ where: { articleId } });
  return articleId;
}

async function upsertAuthor(tx: TransactionClient, author: AuthorRecord): Promise<number> {
  const hasFooter = author.bio !== null || author.profileUrl !== null;
  if (!hasFooter) {
    // A bare byline says nothing new: reuse the author an earlier footer named, whatever its slug.
    const known = await tx.author.findFirst({ where: { name: author.name }, select: { id: true } });
    if (known) return known.id;
  }
  const footerDetails = hasFooter ? { name: author.name, bio: author.bio, profileUrl: author.profileUrl } : {};
  const { id } = await tx.author.upsert({
    where: { slug: author.slug },
    create: { slug: author.slug, name: author.name, bio: author.bio, profileUrl: author.profileUrl },
    update: footerDetails,
    select: { id: true },
  });
  return id;
}

async function writeBylines(tx: TransactionClient, articleId: number, record: ArticleRecord): Promise<void> {
  const authorIds: number[] = [];
  for (const author of record.authors) authorIds.push(await upsertAuthor(tx, author));
  if (authorIds.length === 0) return;
  await tx.articleAuthor.createMany({
    data: authorIds.map((authorId, position) => ({
      articleId,
      authorId,
      position,
      publishedAt: record.publishedAt,
    })),
  });
}

async function writeFigures(tx: TransactionClient, articleId: number, record: ArticleRecord): Promise<void> {
  if (record.figures.length === 0) return;
  await tx.figure.createMany({ data: record.figures.map((figure) => ({ articleId, ...figure })) });
}

async function resolveTargets(tx: TransactionClient, links: LinkRecord[]): Promise<Map<string, number>> {
  const targetUrls = [...new Set(links.flatMap((link) => (link.targetUrl ? [link.targetUrl] : [])))];
  if (targetUrls.length === 0) return new Map();
  const targets = await tx.article.findMany({
    where: { url: { in: targetUrls } },
    select: { id: true, url: true },
  });
  return new Map(targets.map((target) => [target.url, target.id]));
}

async function writeLinks(tx: TransactionClient, articleId: number, record: ArticleRecord): Promise<void> {
  if (record.links.length === 0) return;
  const targetIds = await resolveTargets(tx, record.links);
  const seenTargets = new Set<string>();
  await tx.link.createMany({
    data: record.links.map((link) => {
      const firstToTarget = link.targetUrl !== null && !seenTargets.has(link.targetUrl);
      if (link.targetUrl) seenTargets.add(link.targetUrl);
      return {
        articleId,
        ...link,
        targetId: link.targetUrl ? (targetIds.get(link.targetUrl) ?? null) : null,
        firstToTarget,
        sourcePublishedAt: record.publishedAt,
      };
    }),
  });
}
