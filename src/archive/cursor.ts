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

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, in ms since the epoch. */
const earliestInstant = -62_135_596_800_000;
const latestInstant = 253_402_300_799_999;

/**
 * Whether both databases can store and compare the instant: JavaScript dates reach year +275760,
 * but Prisma refuses anything outside four-digit years (and PostgreSQL's range ends earlier still),
 * so a date beyond them would fail the query instead of matching nothing.
 */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= earliestInstant && time <= latestInstant;
}

/** Article ids are Prisma `Int`s: a cursor holding anything larger could only fail the query. */
export const maxRowId = 2_147_483_647;

export function isRowId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= maxRowId;
}

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
  const valid = version === cursorVersion && isArticleOrder(order) && isStorableInstant(date) && isRowId(id);
  return valid ? { order, publishedAt: date, id } : null;
}
