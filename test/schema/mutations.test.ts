import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { createArticleIntake } from '../../src/ingest/intake.ts';
import { articleSpec, seedText } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

const writeToken = 'write-token-for-tests';
const readToken = 'read-token-for-tests';
const sha256 = (token: string) => createHash('sha256').update(token).digest();

const app = createApp({
  config: {
    ...testConfig,
    responseCache: { maxEntries: 100, maxBytes: 1024 * 1024 },
    auth: {
      tokens: [
        { name: 'cms', scopes: ['write', 'read'], sha256: sha256(writeToken) },
        { name: 'reader', scopes: ['read'], sha256: sha256(readToken) },
      ],
    },
    write: { maxDocumentBytes: 64 * 1024 },
  },
  db,
  intake: createArticleIntake(),
});

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: responses are checked by shape
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function ok(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const { status, body } = await graphql(query, variables, token);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
}

const ingestMutation = `mutation Ingest($inputs: [DocumentInput!]!) {
  ingestDocuments(inputs: $inputs) { name status reason warnings article { url title } }
}`;

const ingestOne = `mutation IngestOne($input: DocumentInput!) {
  ingestDocument(input: $input) { status reason article { url } }
}`;

async function latestSequence(): Promise<number> {
  return (await ok('{ latestChangeSequence }')).latestChangeSequence;
}

/** The changes after `sequence`, without their sequence numbers and times (which depend on other tests). */
async function changesAfter(sequence: number) {
  const { changes } = await ok('query ($after: Int) { changes(after: $after) { sequence type url at } }', {
    after: sequence,
  });
  const sequences = changes.map((change: { sequence: number }) => change.sequence);
  expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  return changes.map(({ type, url }: { type: string; url: string }) => `${type} ${url}`);
}

function document() {
  const spec = articleSpec();
  return { spec, source: renderDocument(spec) };
}

describe('authorization', () => {
  it('refuses a mutation without a token with 401, writing nothing', async () => {
    const before = await latestSequence();
    const { spec, source } = document();
    const answer = await graphql(ingestOne, { input: { source } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toMatchInlineSnapshot(`
      {
        "data": null,
        "errors": [
          {
            "extensions": {
              "code": "UNAUTHENTICATED",
            },
            "locations": [
              {
                "column": 3,
                "line": 2,
              },
            ],
            "message": "This operation needs a bearer token with the "write" scope (Authorization: Bearer <token>)",
            "path": [
              "ingestDocument",
            ],
          },
        ],
      }
    `);
    expect(await ok('query ($url: String!) { article(url: $url) { id } }', { url: spec.url })).toEqual({
      article: null,
    });
    expect(await latestSequence()).toBe(before);
  });

  it('refuses a token without the write scope with 403, writing nothing', async () => {
    const before = await latestSequence();
    const { source } = document();
    const answer = await graphql(ingestOne, { input: { source } }, readToken);
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['FORBIDDEN', 'The token "reader" lacks the "write" scope'],
    ]);
    expect(await latestSequence()).toBe(before);
  });

  it('refuses an unknown or malformed token with 401, even for reads', async () => {
    for (const authorization of ['Bearer not-a-configured-token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const response = await app.fetch('http://archive.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ latestChangeSequence }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        errors: [{ message: 'The bearer token is malformed or unknown', extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
  });

  it('lets a read token read', async () => {
    expect((await graphql('{ latestChangeSequence }', {}, readToken)).status).toBe(200);
  });
});

describe('ingestDocuments', () => {
  it('stores the good documents of a batch and refuses the bad one with its reason', async () => {
    const before = await latestSequence();
    const first = document();
    const second = document();
    const inputs = [
      { name: 'first.txt', source: first.source },
      { name: 'broken.txt', source: 'no title line here\n<p>text</p>' },
      { name: 'second.txt', source: second.source },
    ];
    const { ingestDocuments } = await ok(ingestMutation, { inputs }, writeToken);
    expect(ingestDocuments).toEqual([
      {
        name: 'first.txt',
        status: 'CREATED',
        reason: null,
        warnings: [],
        article: { url: first.spec.url, title: first.spec.title },
      },
      {
        name: 'broken.txt',
        status: 'REFUSED',
        reason: 'no title line: expected "[title](https://…)" on the first lines',
        warnings: [],
        article: null,
      },
      {
        name: 'second.txt',
        status: 'CREATED',
        reason: null,
        warnings: [],
        article: { url: second.spec.url, title: second.spec.title },
      },
    ]);
    expect(await changesAfter(before)).toEqual([
      `ARTICLE_CREATED ${first.spec.url}`,
      `ARTICLE_CREATED ${second.spec.url}`,
    ]);

    const again = await ok(ingestMutation, { inputs: [inputs[0], inputs[2]] }, writeToken);
    expect(again.ingestDocuments.map((result: { status: string }) => result.status)).toEqual([
      'UNCHANGED',
      'UNCHANGED',
    ]);
    const changed = renderDocument({ ...first.spec, title: `${first.spec.title}（更新）` });
    const update = await ok(ingestOne, { input: { source: changed } }, writeToken);
    expect(update.ingestDocument).toEqual({ status: 'UPDATED', reason: null, article: { url: first.spec.url } });
    expect(await changesAfter(before)).toEqual([
      `ARTICLE_CREATED ${first.spec.url}`,
      `ARTICLE_CREATED ${second.spec.url}`,
      `ARTICLE_UPDATED ${first.spec.url}`,
    ]);
  });

  it('refuses a document over the size limit, with the limit in the message', async () => {
    const { spec } = document();
    const source = renderDocument({ ...spec, body: [{ paragraph: '长'.repeat(30_000) }] });
    const { ingestDocument } = await ok(ingestOne, { input: { source } }, writeToken);
    expect(ingestDocument).toEqual({
      status: 'REFUSED',
      reason: 'the document is 0.09 MB, over the 0.06 MB limit (WRITE_MAX_DOCUMENT_MB)',
      article: null,
    });
  });

  it('refuses more than 100 documents at once', async () => {
    const inputs = Array.from({ length: 101 }, () => ({ source: 'x' }));
    const answer = await graphql(ingestMutation, { inputs }, writeToken);
    expect(answer.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['BAD_USER_INPUT', '"inputs" holds 101 documents; at most 100 are taken at once'],
    ]);
  });
});

const articleQuery = `query Article($url: String!) {
  article(url: $url) {
    url slug title language publishedAt capturedAt summary bodyHtml bodyText originalUrl credits
    section { slug name }
    authors { slug name bio profileUrl }
    leadFigure { position isLead src width height caption credit }
    figures { position isLead src width height caption credit }
    links { href text title kind target { url } }
    blocks {
      __typename
      ... on ParagraphBlock { html text }
      ... on HeadingBlock { level text }
      ... on QuoteBlock { html text }
      ... on FigureBlock { figure { position } }
    }
  }
}`;

const upsertMutation = `mutation Upsert($input: ArticleInput!) {
  upsertArticle(input: $input) { status reason warnings article { id } }
}`;

describe('upsertArticle', () => {
  it('stores the seed sent as structured content as the feed ingest stored it', async () => {
    const fromFeed = await ok(ingestOne, { input: { source: seedText } }, writeToken);
    expect(fromFeed.ingestDocument.status).toMatch(/CREATED|UNCHANGED/);
    const { article: ingested } = await ok(articleQuery, { url: fromFeed.ingestDocument.article.url });
    const input = {
      url: ingested.url,
      title: ingested.title,
      publishedAt: ingested.publishedAt,
      bodyHtml: ingested.bodyHtml,
      authors: ingested.authors,
      figures: [ingested.leadFigure].map(({ position: _, ...figure }) => figure),
      originalUrl: ingested.originalUrl,
      credits: ingested.credits,
    };
    const upserted = await ok(upsertMutation, { input }, writeToken);
    expect(upserted.upsertArticle).toMatchObject({ status: 'UPDATED', reason: null, warnings: [] });
    const { article: stored } = await ok(articleQuery, { url: ingested.url });

    // Provenance differs: a CMS states no capture time, and the feed words its profile links as a sentence.
    const authorLinkTexts = (article: typeof ingested) =>
      article.links
        .filter((link: { kind: string }) => link.kind === 'AUTHOR')
        .map((link: { text: string }) => link.text);
    expect(authorLinkTexts(ingested)).toEqual(['点击查看更多关于他的信息。']);
    expect(authorLinkTexts(stored)).toEqual(['Alan Rappeport']);
    const withoutProvenance = (article: typeof ingested) => ({
      ...article,
      capturedAt: undefined,
      links: article.links.map((link: { kind: string }) =>
        link.kind === 'AUTHOR' ? { ...link, text: undefined } : link,
      ),
    });
    expect(withoutProvenance(stored)).toEqual(withoutProvenance(ingested));
    expect(stored.capturedAt).toBeNull();
  });

  it('derives the section from the URL and refuses a bad URL', async () => {
    const base = { title: '标题', publishedAt: '2024-01-01T00:00:00Z', bodyHtml: '<p>正文。</p>' };
    const url = `https://cn.nytimes.com/business/20240101/upsert-${Date.now()}/`;
    const created = await ok(upsertMutation, { input: { ...base, url } }, writeToken);
    expect(created.upsertArticle).toMatchObject({ status: 'CREATED', warnings: [] });
    const { article } = await ok('query ($url: String!) { article(url: $url) { section { slug } summary } }', { url });
    expect(article).toEqual({ section: { slug: 'business' }, summary: '正文。' });
    const refused = await ok(upsertMutation, { input: { ...base, url: 'javascript:alert(1)' } }, writeToken);
    expect(refused.upsertArticle).toEqual({
      status: 'REFUSED',
      reason: 'url "javascript:alert(1)" is not an absolute http(s) URL',
      warnings: [],
      article: null,
    });
  });
});

describe('deleteArticle', () => {
  const deleteMutation = 'mutation Delete($id: ID!) { deleteArticle(id: $id) }';

  it('deletes an article; links to it from other articles stay, with target null', async () => {
    const target = document();
    const linking = articleSpec({
      body: [{ paragraph: `见<a href="${target.spec.url}">这篇文章</a>。` }],
    });
    await ok(ingestMutation, { inputs: [{ source: target.source }, { source: renderDocument(linking) }] }, writeToken);
    const { article } = await ok('query ($url: String!) { article(url: $url) { id } }', { url: target.spec.url });
    const linksQuery = 'query ($url: String!) { article(url: $url) { links(kind: ARTICLE) { href target { url } } } }';
    expect((await ok(linksQuery, { url: linking.url })).article.links).toEqual([
      { href: target.spec.url, target: { url: target.spec.url } },
    ]);
    const before = await latestSequence();

    expect(await ok(deleteMutation, { id: article.id }, writeToken)).toEqual({ deleteArticle: article.id });

    expect(await ok('query ($url: String!) { article(url: $url) { id } }', { url: target.spec.url })).toEqual({
      article: null,
    });
    expect((await ok(linksQuery, { url: linking.url })).article.links).toEqual([
      { href: target.spec.url, target: null },
    ]);
    expect(await changesAfter(before)).toEqual([`ARTICLE_DELETED ${target.spec.url}`]);

    const again = await graphql(deleteMutation, { id: article.id }, writeToken);
    expect(again.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['NOT_FOUND', `No article has the ID "${article.id}"`],
    ]);
    expect(await latestSequence()).toBe(before + 1);
  });

  it('answers NOT_FOUND for an article id that names none, and refuses ids of other types', async () => {
    const id = (value: string) => Buffer.from(value).toString('base64');
    const errorsOf = async (globalId: string) =>
      (await graphql(deleteMutation, { id: globalId }, writeToken)).body.errors?.map((error) => [
        error.extensions?.code,
        error.message,
      ]);
    expect(await errorsOf(id('Article:99999999999'))).toEqual([
      ['NOT_FOUND', `No article has the ID "${id('Article:99999999999')}"`],
    ]);
    expect(await errorsOf(id('Author:1'))).toEqual([
      ['BAD_USER_INPUT', `ID "${id('Author:1')}" names Author, not an Article`],
    ]);
  });

  it('refuses to delete without a token', async () => {
    const { source } = document();
    await ok(ingestOne, { input: { source } }, writeToken);
    const [{ id }] = (await ok('{ articles(first: 1) { edges { node { id } } } }')).articles.edges.map(
      (edge: { node: { id: string } }) => edge.node,
    );
    const answer = await graphql(deleteMutation, { id });
    expect(answer.status).toBe(401);
    expect(await ok('query ($id: ID!) { node(id: $id) { id } }', { id })).toEqual({ node: { id } });
  });
});

describe('changes', () => {
  it('refuses a page larger than 1000', async () => {
    const answer = await graphql('{ changes(first: 1001) { sequence } }');
    expect(answer.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['BAD_USER_INPUT', '"first" must be between 0 and 1000, got 1001'],
    ]);
  });

  it('is never answered from the response cache after a write', async () => {
    const first = await graphql('{ latestChangeSequence }');
    const { source } = document();
    await ok(ingestOne, { input: { source } }, writeToken);
    const second = await graphql('{ latestChangeSequence }');
    expect(second.body.data.latestChangeSequence).toBeGreaterThan(first.body.data.latestChangeSequence);
  });
});

describe('request size', () => {
  const roomyApp = createApp({
    config: { ...testConfig, auth: { tokens: [{ name: 'cms', scopes: ['write'], sha256: sha256(writeToken) }] } },
    db,
    intake: createArticleIntake(),
  });

  async function send(source: string, token?: string): Promise<number> {
    const response = await roomyApp.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query: ingestOne, variables: { input: { source } } }),
    });
    return response.status;
  }

  it('takes a document over the 1 MiB read limit from a write token only', async () => {
    const { spec } = document();
    const source = renderDocument({ ...spec, body: [{ paragraph: '长'.repeat(500_000) }] });
    expect(await send(source)).toBe(413);
    expect(await send(source, writeToken)).toBe(200);
    expect(await ok('query ($url: String!) { article(url: $url) { url } }', { url: spec.url })).toEqual({
      article: { url: spec.url },
    });
  });
});
