import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPrismaCursor } from '@pothos/plugin-prisma';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bylineCursor } from '../../bench/lib/answer-parts.ts';
import { learnKeyOrder } from '../../bench/lib/key-order.ts';
import {
  homePageCursor,
  homePageCursorPosition,
  openSqliteAnswers,
  type SqliteAnswers,
} from '../../bench/lib/sqlite-answers.ts';
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

describe('B1 author article cursors', () => {
  it('are the bytes the API gave article 159 of author 49', () => {
    expect(bylineCursor(159, 49)).toBe('R1BDOlQ6WyJOOjE1OSIsIk46NDkiXQ==');
  });

  it('are what Pothos writes for the ArticleAuthor key', () => {
    expect(bylineCursor(7, 3)).toBe(formatPrismaCursor({ articleId: 7, authorId: 3 }, ['articleId', 'authorId']));
  });
});

/**
 * Article <id> is published on January <id>, except that the newest is article 1 (so that the order is
 * not the ids') and article 11 shares the 10th's instant (so that the id breaks the tie).
 */
function publishedDay(id: number): string {
  const day = id === 1 ? 12 : Math.min(id, 10);
  return `2024-01-${String(day).padStart(2, '0')}T08:00:00.000`;
}

/** The DateTime text the Prisma adapter stores. */
function storedDay(id: number): string {
  return `${publishedDay(id)}+00:00`;
}

/** Articles 1–11 by Helena Voss (author 1); Kevin Zhao (author 2, no bio) co-signs article 5; author 3 signs nothing. */
function seedAuthors(path: string): void {
  const database = new Database(path);
  const insertAuthor = database.prepare('INSERT INTO Author (id, slug, name, bio, profileUrl) VALUES (?, ?, ?, ?, ?)');
  insertAuthor.run(1, 'helena-voss', 'Helena Voss', '是时报驻柏林分社社长。', 'https://www.nytimes.com/by/helena-voss');
  insertAuthor.run(2, 'kevin-zhao', 'Kevin Zhao', null, null);
  insertAuthor.run(3, 'no-bylines', 'No Bylines', null, null);
  const insertArticle = database.prepare(
    `INSERT INTO Article (id, url, slug, title, section, language, publishedAt, summary, bodyHtml, bodyText, blocks,
     credits, contentHash, updatedAt)
     VALUES (@id, @url, @slug, @title, 'world', 'zh-Hans', @publishedAt, '', '', '', '[]', '[]', '', @publishedAt)`,
  );
  const insertByline = database.prepare(
    'INSERT INTO ArticleAuthor (articleId, authorId, position, publishedAt) VALUES (?, ?, ?, ?)',
  );
  for (let id = 1; id <= 11; id += 1) {
    const publishedAt = storedDay(id);
    const slug = `world/a${id}`;
    insertArticle.run({ id, url: `https://cn.nytimes.com/${slug}/`, slug, title: `标题${id}`, publishedAt });
    insertByline.run(id, 1, 0, publishedAt);
  }
  insertByline.run(5, 2, 1, storedDay(5));
  database.close();
}

/** An author page node as the API prints it. */
function articleNode(id: number) {
  return { slug: `world/a${id}`, title: `标题${id}`, publishedAt: `${publishedDay(id)}Z`, section: { slug: 'world' } };
}

/** In the key order the API sends: its asynchronous fields (id, articleCount, totalCount) come last. */
function authorPageBody(author: Record<string, unknown> | null): string {
  return JSON.stringify({ data: { author } });
}

const helenaBody = authorPageBody({
  slug: 'helena-voss',
  name: 'Helena Voss',
  bio: '是时报驻柏林分社社长。',
  profileUrl: 'https://www.nytimes.com/by/helena-voss',
  id: 'QXV0aG9yOjE=',
  articleCount: 11,
  articles: {
    pageInfo: { hasNextPage: true, endCursor: bylineCursor(3, 1) },
    edges: [1, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((id) => ({ node: articleNode(id) })),
    totalCount: 11,
  },
});

describe('B1 author pages', () => {
  let directory: string;
  let answers: SqliteAnswers;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'news-archive-b1-'));
    const path = join(directory, 'archive.db');
    copyFileSync(inject('templateDatabase'), path);
    seedAuthors(path);
    answers = openSqliteAnswers(path, learnKeyOrder([helenaBody]));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('answer the 10 newest articles, the higher id first within an instant, and a next page', () => {
    expect(answers.authorPage('helena-voss')).toBe(helenaBody);
  });

  it('answer a null bio and profile and a last page', () => {
    expect(answers.authorPage('kevin-zhao')).toBe(
      authorPageBody({
        slug: 'kevin-zhao',
        name: 'Kevin Zhao',
        bio: null,
        profileUrl: null,
        id: 'QXV0aG9yOjI=',
        articleCount: 1,
        articles: {
          pageInfo: { hasNextPage: false, endCursor: 'R1BDOlQ6WyJOOjUiLCJOOjIiXQ==' },
          edges: [{ node: articleNode(5) }],
          totalCount: 1,
        },
      }),
    );
  });

  it('answer an author without articles with an empty page', () => {
    expect(answers.authorPage('no-bylines')).toBe(
      authorPageBody({
        slug: 'no-bylines',
        name: 'No Bylines',
        bio: null,
        profileUrl: null,
        id: 'QXV0aG9yOjM=',
        articleCount: 0,
        articles: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [], totalCount: 0 },
      }),
    );
  });

  it('answer null for an unknown slug, which is matched exactly', () => {
    expect(answers.authorPage('nobody')).toBe('{"data":{"author":null}}');
    expect(answers.authorPage('Helena-Voss')).toBe('{"data":{"author":null}}');
  });
});
