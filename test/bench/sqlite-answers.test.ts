import { describe, expect, it } from 'vitest';
import { homePageCursor, homePageCursorPosition } from '../../bench/lib/sqlite-answers.ts';
import { encodeArticleCursor } from '../../src/archive/cursor.ts';

/** A row as B1 reads it: DateTime columns hold the Prisma adapter's text. */
const row = { publishedAt: '2024-08-13T00:51:28.120+00:00', id: 7 };

function rawCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

describe('B1 home page cursors', () => {
  it('are the bytes the API gives the same row', () => {
    expect(homePageCursor(row)).toBe(rawCursor(['a1', 'PUBLISHED_AT_DESC', '2024-08-13T00:51:28.120Z', 7]));
  });

  it('read back as the stored DateTime text, which SQLite compares with the column', () => {
    expect(homePageCursorPosition(homePageCursor(row))).toEqual(row);
  });

  it('accept a cursor the API issued', () => {
    const cursor = encodeArticleCursor({
      order: 'PUBLISHED_AT_DESC',
      publishedAt: new Date('2023-01-02T03:04:05Z'),
      id: 12,
    });
    expect(homePageCursorPosition(cursor)).toEqual({ publishedAt: '2023-01-02T03:04:05.000+00:00', id: 12 });
  });

  it.each([
    ['a cursor of the other order', rawCursor(['a1', 'PUBLISHED_AT_ASC', '2024-08-13T00:51:28.120Z', 7])],
    ['another cursor version', rawCursor(['a0', 'PUBLISHED_AT_DESC', '2024-08-13T00:51:28.120Z', 7])],
    ['a date that is not one', rawCursor(['a1', 'PUBLISHED_AT_DESC', 'yesterday', 7])],
    ['a fractional id', rawCursor(['a1', 'PUBLISHED_AT_DESC', '2024-08-13T00:51:28.120Z', 7.5])],
    ['text that is not a cursor', 'not a cursor'],
  ])('refuse %s', (_, cursor) => {
    expect(homePageCursorPosition(cursor)).toBeNull();
  });
});
