/**
 * The article-list cursor: base64url of `["a1", order, publishedAt ISO, id]`. It records the ordering
 * it was issued for, so a cursor from one ordering cannot silently seek in another.
 */
export type ArticleOrder = 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC';

export interface ArticleCursor {
  order: ArticleOrder;
  publishedAt: Date;
  id: number;
}

const cursorVersion = 'a1';

export function isArticleOrder(value: unknown): value is ArticleOrder {
  return value === 'PUBLISHED_AT_DESC' || value === 'PUBLISHED_AT_ASC';
}

export function encodeArticleCursor({ order, publishedAt, id }: ArticleCursor): string {
  return Buffer.from(JSON.stringify([cursorVersion, order, publishedAt.toISOString(), id])).toString('base64url');
}

/** The cursor's position, or null for text this API never issued as an article cursor. */
export function decodeArticleCursor(cursor: string): ArticleCursor | null {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const [version, order, publishedAt, id] = Array.isArray(parts) ? parts : [];
  const date = typeof publishedAt === 'string' ? new Date(publishedAt) : new Date(Number.NaN);
  const valid =
    version === cursorVersion && isArticleOrder(order) && !Number.isNaN(date.getTime()) && Number.isSafeInteger(id);
  return valid ? { order, publishedAt: date, id } : null;
}
