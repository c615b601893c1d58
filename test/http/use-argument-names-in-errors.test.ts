import { describe, expect, it } from 'vitest';
import { execute } from '../support/execute.ts';

async function errorsOf(query: string, variables?: Record<string, unknown>) {
  const response = await execute(query, variables);
  expect(response.data).toBeUndefined();
  return response.errors?.map(({ message, locations, extensions }) => ({ message, locations, code: extensions?.code }));
}

describe('errors about argument values written in the document', () => {
  it('name the argument, the field and the input field, and locate the value', async () => {
    expect(
      await errorsOf('{\n  articles(first: "ten", where: { sectoin: "world" }) { totalCount }\n}'),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "GRAPHQL_VALIDATION_FAILED",
          "locations": [
            {
              "column": 19,
              "line": 2,
            },
          ],
          "message": "Argument "first" of "articles" has an invalid value: Int cannot represent non-integer value: "ten"",
        },
        {
          "code": "GRAPHQL_VALIDATION_FAILED",
          "locations": [
            {
              "column": 35,
              "line": 2,
            },
          ],
          "message": "Argument "where" of "articles" has an invalid value at "where.sectoin": Field "sectoin" is not defined by type "ArticleWhere". Did you mean "section"?",
        },
      ]
    `);
  });

  it('name the argument of a directive', async () => {
    expect(await errorsOf('{ articles(first: 1) @include(if: "yes") { totalCount } }')).toMatchInlineSnapshot(`
      [
        {
          "code": "GRAPHQL_VALIDATION_FAILED",
          "locations": [
            {
              "column": 35,
              "line": 1,
            },
          ],
          "message": "Argument "if" of "@include" has an invalid value: Boolean cannot represent a non boolean value: "yes"",
        },
      ]
    `);
  });

  it("leave a variable's default value as graphql-js reports it", async () => {
    expect(
      await errorsOf(
        'query ($after: DateTime = "soon") { articles(where: { publishedAfter: $after }) { totalCount } }',
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "BAD_USER_INPUT",
          "locations": [
            {
              "column": 27,
              "line": 1,
            },
          ],
          "message": "DateTime must be an ISO-8601 string such as "2024-08-13" or "2024-08-13T00:51:28Z", got "soon"",
        },
      ]
    `);
  });
});
