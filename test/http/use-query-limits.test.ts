import { getIntrospectionQuery, getNamedType, getNullableType, isLeafType, isListType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredItems } from '../../src/schema/cost.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { execute } from '../support/execute.ts';

describe('query limits', () => {
  it('refuses nested pages whose sizes multiply into millions of rows, before reading any', async () => {
    const response = await execute(
      '{ articles(first: 100) { edges { node { links { target { links { target { links { target { title } } } } } } } } } }',
    );
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'Query would read too much: estimated cost over 100000; ask for smaller pages',
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
    expect(response.data).toBeUndefined();
  });

  it('counts page sizes given in variables', async () => {
    const query =
      'query ($first: Int) { articles(first: $first) { edges { node { authors { articles(first: 100) { edges { node { links { href } } } } } } } } }';
    expect((await execute(query, { first: 1 })).errors).toBeUndefined();
    expect((await execute(query, { first: 100 })).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses queries nested deeper than 15 levels', async () => {
    // Each round adds four levels: authors → articles → edges → node.
    const rounds = 4;
    const query = `{ article(slug: "x") { ${'authors { articles(first: 1) { edges { node { '.repeat(rounds)}title${' } } } }'.repeat(rounds)} } }`;
    const response = await execute(query);
    expect(response.errors?.[0]).toMatchObject({
      message: 'Query is nested deeper than 15 levels',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('refuses documents of more than 5000 tokens', async () => {
    const aliases = Array.from({ length: 3000 }, (_, index) => `a${index}: __typename`).join(' ');
    const response = await execute(`{ ${aliases} }`);
    // graphql-js spells it "more that".
    expect(response.errors?.[0]?.message).toMatch(/^Syntax Error: Document contains more tha[nt] 5000 tokens/);
  });

  it('accepts a realistic nested page of 100 articles', async () => {
    const response = await execute(
      '{ articles(first: 100) { edges { node { title authors { articles(first: 3) { totalCount edges { node { title } } } } leadFigure { src } figures { src } links { kind target { title authors { name } } } } } } }',
    );
    expect(response.errors).toBeUndefined();
  });
});

describe('introspection', () => {
  it('is never refused: GraphiQL and code generators depend on it', async () => {
    const response = await execute(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(response.errors).toBeUndefined();
  });
});

describe('cost declarations', () => {
  it('counts a connection without first or last as a full default page', async () => {
    // 20 × 10 links × 20 backlinks × 10 links × 20 backlinks × 10 links = 8,000,000 items at the leaves.
    const query =
      '{ articles { edges { node { links { target { backlinks { edges { node { links { target { backlinks { edges { node { links { href } } } } } } } } } } } } } } }';
    expect((await execute(query)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('is declared on every list of objects the schema has', () => {
    const schema = buildSchema();
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const returnsObjects = !isLeafType(getNamedType(field.type));
        const isList = isListType(getNullableType(field.type));
        const isPaged = field.args.some((argument) => argument.name === 'first');
        const items = declaredItems(field);
        if (isPaged ? items !== 'page' : returnsObjects && isList && typeof items !== 'number') {
          undeclared.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });
});
