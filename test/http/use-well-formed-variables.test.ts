import { describe, expect, it } from 'vitest';
import { execute } from '../support/execute.ts';

async function errorsOf(query: string, variables: Record<string, unknown>) {
  const response = await execute(query, variables);
  expect(response.data).toBeUndefined();
  return response.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code }));
}

describe('variables holding a lone surrogate', () => {
  // Issue 12: "\udfff" as a slug variable failed inside Prisma (INTERNAL_SERVER_ERROR, file paths in development).
  it.each([
    ['article', 'query ($slug: String!) { article(slug: $slug) { title } }'],
    ['author', 'query ($slug: String!) { author(slug: $slug) { name } }'],
    ['section', 'query ($slug: String!) { section(slug: $slug) { name } }'],
  ])('are refused as the slug of %s', async (_field, query) => {
    expect(await errorsOf(query, { slug: '\udfff' })).toEqual([
      {
        message:
          'Variable "$slug" got invalid value: a lone surrogate (U+DFFF) is not text; strings must be well-formed Unicode text',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('are refused inside input objects and lists, named by their path', async () => {
    const query = 'query ($where: ArticleWhere) { articles(where: $where) { totalCount } }';
    expect(await errorsOf(query, { where: { section: 'world\ud800' } })).toEqual([
      {
        message:
          'Variable "$where" got invalid value at "where.section": a lone surrogate (U+D800) is not text; strings must be well-formed Unicode text',
        code: 'BAD_USER_INPUT',
      },
    ]);
    // Checked before graphql-js coerces the value (which would refuse the list for its own reason).
    expect(
      await errorsOf('query ($slug: String!) { author(slug: $slug) { name } }', { slug: ['ok', 'x\udc00y'] }),
    ).toEqual([expect.objectContaining({ message: expect.stringContaining('at "slug[1]"'), code: 'BAD_USER_INPUT' })]);
  });

  it('leave surrogate pairs (emoji, rare CJK) alone', async () => {
    const response = await execute('query ($slug: String!) { author(slug: $slug) { name } }', { slug: '𠮷😀' });
    expect(response).toMatchObject({ data: { author: null } });
    expect(response.errors).toBeUndefined();
  });
});

describe('strings holding U+0000', () => {
  // PostgreSQL cannot bind NUL in text: these were INTERNAL_SERVER_ERRORs there.
  it('are refused in variables, named by the variable', async () => {
    expect(await errorsOf('query ($slug: String!) { article(slug: $slug) { title } }', { slug: 'a\u0000b' })).toEqual([
      {
        message:
          'Variable "$slug" got invalid value: U+0000 (NUL) is not text; strings must be well-formed Unicode text',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('are refused in the document, named by the argument, however deep in its value', async () => {
    expect(await errorsOf('{ articles(first: 1, where: { section: "wo\\u0000rld" }) { totalCount } }', {})).toEqual([
      {
        message: 'Argument "where" has invalid value: U+0000 (NUL) is not text; strings must be Unicode text',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('leave other control characters to the fields that take them', async () => {
    const response = await execute('{ article(slug: "a\\u0001b") { title } }', {});
    expect(response).toMatchObject({ data: { article: null } });
    expect(response.errors).toBeUndefined();
  });
});
