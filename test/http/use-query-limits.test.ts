import {
  type FragmentDefinitionNode,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { defaultQueryLimits, estimateCost, type QueryLimits } from '../../src/http/use-query-limits.ts';
import { declaredItems } from '../../src/schema/cost.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { aliasFlood, bodiesTimes } from '../support/abusive-queries.ts';
import { countingDatabase } from '../support/counting-database.ts';
import { testConfig } from '../support/database.ts';
import { execute } from '../support/execute.ts';

interface Answer {
  status: number;
  body: {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  statements: number;
}

/** POSTs `query` to an app with `limits` (the defaults otherwise), counting the SQL it ran. */
async function ask(query: string, limits: Partial<QueryLimits> = {}, variables?: unknown): Promise<Answer> {
  const { database, statements } = countingDatabase();
  const app = createApp({
    config: {
      ...testConfig,
      responseCache: { maxEntries: 0, maxBytes: 0 },
      limits: { ...testConfig.limits, ...limits },
    },
    db: database,
  });
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], statements: statements() };
}

function expectRefused(answer: Answer, code: string, limit?: string): void {
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code, ...(limit ? { limit } : {}) });
  expect(answer.statements, 'no SQL runs for a refused query').toBe(0);
}

function expectAnswered(answer: Answer): void {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data).toBeDefined();
}

/** A chain of `depth` fields: article → authors → articles → edges → node → authors → …, ending on a scalar. */
function nestedQuery(depth: number): string {
  const objects = ['authors', 'articles(first: 1)', 'edges', 'node'];
  const leaves = ['title', 'name', 'totalCount', 'cursor'];
  const path = ['article(slug: "x")'];
  while (path.length < depth - 1) path.push(objects[(path.length - 1) % 4] as string);
  const leaf = leaves[(path.length - 1) % 4] as string;
  return `{ ${path.map((field) => `${field} { `).join('')}${leaf}${' }'.repeat(path.length)} }`;
}

describe("issue 12's reproductions", () => {
  it('refuses 110 aliases of articles with bodies and three levels of backlinks, before any SQL', async () => {
    expect(Buffer.byteLength(aliasFlood)).toBeLessThan(defaultQueryLimits.maxDocumentBytes);
    expectRefused(await ask(aliasFlood), 'QUERY_TOO_COMPLEX', 'tokens');
  });

  it('refuses 250 pages of 100 bodies, before any SQL', async () => {
    expectRefused(await ask(bodiesTimes(250)), 'QUERY_TOO_COMPLEX', 'tokens');
  });

  it('still refuses them by their cost and size when the document limits are lifted', async () => {
    const lifted = { maxDocumentBytes: 1 << 20, maxTokens: 100_000, maxAliases: 1000, maxDepth: 100 };
    expectRefused(await ask(aliasFlood, lifted), 'QUERY_TOO_COMPLEX', 'cost');
    // Estimated at 75,250 before bodies were weighed: now about 200 MB, and a cost of 250 × 100 × 9.
    expectRefused(await ask(bodiesTimes(250), lifted), 'RESPONSE_TOO_LARGE');
    expectRefused(await ask(bodiesTimes(250), { ...lifted, maxResponseBytes: 1 << 30 }), 'QUERY_TOO_COMPLEX', 'cost');
    expectRefused(await ask(bodiesTimes(15), { maxCost: 10_000_000 }), 'RESPONSE_TOO_LARGE');
  });
});

describe('query limits at their boundaries', () => {
  it('accepts 15 aliases and refuses 16', async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: latestChangeSequence`).join(' ')} }`;
    expectAnswered(await ask(aliases(15)));
    const refused = await ask(aliases(16));
    expectRefused(refused, 'QUERY_TOO_COMPLEX', 'aliases');
    expect(refused.body.errors?.[0]?.message).toBe(
      'Query has more than 15 aliases; batch fewer copies of a field per request',
    );
  });

  it('accepts a depth of 12 and refuses 13', async () => {
    expectAnswered(await ask(nestedQuery(12)));
    const refused = await ask(nestedQuery(13));
    expectRefused(refused, 'QUERY_TOO_COMPLEX', 'depth');
    expect(refused.body.errors?.[0]?.message).toBe('Query is nested deeper than 12 levels');
  });

  it('does not count fragments as levels', async () => {
    const query = `query { ...Q } fragment Q on Query { ${nestedQuery(12).slice(1, -1)} }`;
    expectAnswered(await ask(query));
  });

  it('accepts 2,000 tokens and refuses 2,001', async () => {
    // Fragments of nine tokens each (`...Fn` and `fragment Fn on Query { __typename }`), then single
    // fields to make up the count: one selection set of 2,000 fields would exceed graphql-js's own
    // budget for comparing fields before the token limit is reached.
    const tokens = (count: number) => {
      const fragments = Math.floor((count - 2) / 9) - 1;
      const names = Array.from({ length: fragments }, (_, index) => `F${index}`);
      const fill = '__typename '.repeat(count - 2 - 9 * fragments);
      return `{ ${fill}${names.map((name) => `...${name} `).join('')}}\n${names.map((name) => `fragment ${name} on Query { __typename }`).join('\n')}`;
    };
    expectAnswered(await ask(tokens(2000)));
    const refused = await ask(tokens(2001));
    expectRefused(refused, 'QUERY_TOO_COMPLEX', 'tokens');
    expect(refused.body.errors?.[0]?.message).toMatch(/^Query has more than 2000 tokens/);
  });

  it('accepts a document of 20 KiB and refuses one byte more', async () => {
    // Comments are not tokens: only the byte limit sees them.
    const sized = (bytes: number) => {
      const query = '{ sections { slug } }\n';
      return `${query}#${'x'.repeat(bytes - query.length - 1)}`;
    };
    expect(Buffer.byteLength(sized(20 * 1024))).toBe(20 * 1024);
    expectAnswered(await ask(sized(20 * 1024)));
    const refused = await ask(sized(20 * 1024 + 1));
    expectRefused(refused, 'QUERY_TOO_COMPLEX', 'documentBytes');
    expect(refused.body.errors?.[0]?.message).toBe('Query document larger than 20 KiB; send a smaller document');
  });

  it('accepts an estimated cost or response size at the limit and refuses one over', async () => {
    const query =
      '{ articles(first: 50) { edges { node { title bodyHtml bodyText blocks { ... on ParagraphBlock { html text } } } } } }';
    const document = parse(query);
    const estimate = estimateCost(
      buildSchema(),
      document.definitions[0] as OperationDefinitionNode,
      new Map<string, FragmentDefinitionNode>(),
      {},
      defaultQueryLimits,
    );
    expectAnswered(await ask(query, { maxCost: estimate.cost }));
    expectRefused(await ask(query, { maxCost: estimate.cost - 1 }), 'QUERY_TOO_COMPLEX', 'cost');
    expectAnswered(await ask(query, { maxResponseBytes: estimate.bytes }));
    const tooLarge = await ask(query, { maxResponseBytes: estimate.bytes - 1 });
    expectRefused(tooLarge, 'RESPONSE_TOO_LARGE');
    expect(tooLarge.body.errors?.[0]?.message).toMatch(/^Response would be larger than/);
  });

  it('weighs bodies: a page of 100 bodies costs as much as nine pages of titles', () => {
    const costOf = (query: string) => {
      const document = parse(query);
      const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
      return estimateCost(buildSchema(), operation as OperationDefinitionNode, new Map(), {}, defaultQueryLimits);
    };
    const titles = costOf('{ articles(first: 100) { edges { node { title } } } }');
    const bodies = costOf('{ articles(first: 100) { edges { node { bodyHtml } } } }');
    expect(bodies.cost - titles.cost).toBe(100 * 8);
    expect(bodies.bytes - titles.bytes).toBe(100 * (8 * 1024 - 48));
  });
});

describe('query limits', () => {
  it('refuses nested pages whose sizes multiply into millions of rows, before reading any', async () => {
    const response = await execute(
      '{ articles(first: 100) { edges { node { links { target { links { target { links { target { title } } } } } } } } } }',
    );
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'Query would read too much: estimated cost over 100000; ask for smaller pages or fewer fields',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 100_000 },
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

  it('accepts a realistic nested page of 100 articles', async () => {
    const response = await execute(
      '{ articles(first: 100) { edges { node { title authors { articles(first: 3) { totalCount edges { node { title } } } } leadFigure { src } figures { src } links { kind target { title authors { name } } } } } } }',
    );
    expect(response.errors).toBeUndefined();
  });

  it('accepts a page of 20 whole articles, bodies and blocks included', async () => {
    const response = await execute(
      '{ articles { edges { node { title summary bodyHtml bodyText blocks { ... on ParagraphBlock { html text } ... on QuoteBlock { html text } ... on HeadingBlock { level text } ... on FigureBlock { figure { src caption } } } } } } }',
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
