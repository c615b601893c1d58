import { describe, expect, it } from 'vitest';
import { encodeArticleCursor } from '../../src/archive/cursor.ts';
import { seedText, store } from '../support/archive.ts';
import { execute } from '../support/execute.ts';

/**
 * Issue 12's probe, as regression tests: values a client controls used to reach Prisma, which failed
 * the query (INTERNAL_SERVER_ERROR, with file paths and source lines in development) while the read
 * executor answered as if nothing were wrong. Each must be BAD_USER_INPUT naming the input.
 */
async function errorsOf(query: string, variables?: Record<string, unknown>) {
  const response = await execute(query, variables);
  return response.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code }));
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

await store(seedText);

describe('cursors of Pothos connections', () => {
  it.each([
    ['a number no id can be', 'R1BDOk46OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk='],
    ['a string', 'R1BDOlM6YWJj'],
    ['a negative id', base64('GPC:N:-1')],
    ['a fraction', base64('GPC:N:1.5')],
    ['a date', base64('GPC:D:0')],
    ['not a cursor', 'nope'],
  ])('refuse %s in authors(after:)', async (_kind, cursor) => {
    expect(await errorsOf(`{ authors(after: "${cursor}") { edges { node { name } } } }`)).toEqual([
      {
        message: `Invalid cursor "${cursor}" in "after": not a cursor of this list`,
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('refuse a compound cursor of the wrong shape in Author.articles(before:)', async () => {
    const cursor = base64('GPC:T:["N:1","S:x"]');
    const errors = await errorsOf(
      `{ authors(first: 1) { edges { node { articles(last: 1, before: "${cursor}") { totalCount } } } } }`,
    );
    expect(errors).toEqual([
      { message: `Invalid cursor "${cursor}" in "before": not a cursor of this list`, code: 'BAD_USER_INPUT' },
    ]);
  });

  it('still page with the cursors they issue', async () => {
    const first = await execute<{ authors: { edges: { cursor: string }[] } }, undefined>(
      '{ authors(first: 1) { edges { cursor } } }',
    );
    const cursor = first.data?.authors.edges[0]?.cursor;
    expect(cursor).toBeDefined();
    const next = await execute(`{ authors(after: "${cursor}") { edges { node { name } } } }`);
    expect(next.errors).toBeUndefined();
  });

  it("give Pothos's own argument errors a code", async () => {
    expect(await errorsOf('{ authors(first: -1) { totalCount } }')).toEqual([
      { message: 'Argument "first" must be a non-negative integer', code: 'BAD_USER_INPUT' },
    ]);
    expect(await errorsOf('{ authors(first: 1, before: "R1BDOk46MQ==") { totalCount } }')).toEqual([
      { message: 'Arguments "before" and "first" are not supported at the same time', code: 'BAD_USER_INPUT' },
    ]);
  });
});

describe('article cursors', () => {
  it.each([
    ['year +275760', new Date(8.64e15), 1],
    ['year 10000', new Date('+010000-01-01T00:00:00Z'), 1],
    ['an id Prisma cannot bind', new Date('2024-01-01T00:00:00Z'), 2 ** 31],
  ])('refuse a cursor holding %s', async (_kind, publishedAt, id) => {
    const cursor = encodeArticleCursor({ order: 'PUBLISHED_AT_DESC', publishedAt, id });
    expect(await errorsOf(`{ articles(after: "${cursor}") { edges { node { title } } } }`)).toEqual([
      { message: `Invalid cursor "${cursor}" in "after": not a cursor of this article list`, code: 'BAD_USER_INPUT' },
    ]);
  });
});

describe('dates', () => {
  it('refuse an instant past year 9999, written in the document', async () => {
    expect(
      await errorsOf('{ articles(where: { publishedAfter: "9999-12-31T23:59:59.999999999-23:59" }) { totalCount } }'),
    ).toEqual([
      {
        message:
          'Argument "where" of "articles" has an invalid value at "where.publishedAfter": DateTime "9999-12-31T23:59:59.999999999-23:59" is outside the years 0001 to 9999 (UTC)',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('refuse an instant past year 9999, given as a variable', async () => {
    const errors = await errorsOf(
      'query ($after: DateTime) { articles(where: { publishedAfter: $after }) { totalCount } }',
      { after: '9999-12-31T23:59:59.999999999-23:59' },
    );
    expect(errors).toEqual([
      {
        message:
          'Variable "$after" got invalid value "9999-12-31T23:59:59.999999999-23:59"; DateTime "9999-12-31T23:59:59.999999999-23:59" is outside the years 0001 to 9999 (UTC)',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('accept the extremes of the range', async () => {
    const response = await execute(
      '{ a: articles(where: { publishedAfter: "0001-01-01" }) { totalCount } b: articles(where: { publishedBefore: "9999-12-31T23:59:59.999Z" }) { totalCount } }',
    );
    expect(response).toMatchObject({ data: { a: { totalCount: 1 }, b: { totalCount: 1 } } });
  });
});
