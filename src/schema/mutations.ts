import { queryFromInfo } from '@pothos/plugin-prisma';
import { GraphQLError } from 'graphql';
import type { ArticleIntake, IntakeResult } from '../archive/intake.ts';
import type { ArticleRecord } from '../archive/record.ts';
import { Article } from './article.ts';
import { requireScope } from './auth.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { itemsPerParent } from './cost.ts';
import { badInput } from './errors.ts';
import { decodeNodeId } from './global-id.ts';

const maxDocumentsPerCall = 100;
const maxArticleId = 2 ** 31 - 1;

type WriteStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REFUSED';

/** What one document or article came to; `url` finds the stored article. */
interface WriteResult {
  name: string | null;
  status: WriteStatus;
  url: string | null;
  warnings: string[];
  reason: string | null;
}

export const WriteStatus = builder.enumType('WriteStatus', {
  description: 'What a write did with one document or article.',
  values: {
    CREATED: { description: 'Stored as a new article.' },
    UPDATED: { description: 'Replaced the content of the article with its URL (same id).' },
    UNCHANGED: { description: 'The article with its URL already has this very content: nothing was written.' },
    REFUSED: { description: 'Not stored; `reason` says why. Other documents of the same call are not affected.' },
  } as const,
});

const WriteResultType = builder.objectRef<WriteResult>('WriteResult').implement({
  description: 'The outcome of writing one document or article.',
  fields: (t) => ({
    name: t.exposeString('name', {
      nullable: true,
      description: 'The `name` the document was sent with, to tell the results of a batch apart.',
    }),
    status: t.field({ type: WriteStatus, description: 'What was done.', resolve: (result) => result.status }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'The article as stored now; null when the document was refused.',
      // Planned only when there is an article to read: a refused document runs no query.
      resolve: (result, _args, context, info) =>
        result.url === null
          ? null
          : context.db.prisma.article.findUnique({ ...queryFromInfo({ context, info }), where: { url: result.url } }),
    }),
    warnings: t.exposeStringList('warnings', {
      description: 'What was stored other than one might expect (e.g. a publish time that had to be guessed).',
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the document was refused; null otherwise.' }),
  }),
});

const DocumentInput = builder.inputType('DocumentInput', {
  description:
    'A document in the feed format: a `[title](url)` line, then the feed HTML (as the ingest CLI reads files).',
  fields: (t) => ({
    source: t.string({ required: true, description: 'The whole document as text.' }),
    name: t.string({ description: 'A label for the document (say, a file name), echoed in its result.' }),
  }),
});

const ArticleAuthorInput = builder.inputType('ArticleAuthorInput', {
  description: 'An author of an article, as `Author` serves it.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The display name, e.g. "Alan Rappeport".' }),
    slug: t.string({
      description: 'Derived from `profileUrl`, else from the name, as the feed parser does, when absent.',
    }),
    bio: t.string({ description: 'A short biography.' }),
    profileUrl: t.string({ description: 'The profile page, e.g. "https://www.nytimes.com/by/alan-rappeport".' }),
  }),
});

const ArticleFigureInput = builder.inputType('ArticleFigureInput', {
  description:
    'A figure outside the body HTML: the lead figure (shown before the body), or one placed after the body. Figures inside `bodyHtml` are read from it.',
  fields: (t) => ({
    src: t.string({
      required: true,
      description: 'Absolute http(s) image URL (proxies such as images.weserv.nl are unwrapped).',
    }),
    width: t.int({ description: 'Width in pixels.' }),
    height: t.int({ description: 'Height in pixels.' }),
    caption: t.string({ description: 'The caption, as plain text.' }),
    credit: t.string({ description: 'The photo credit, as plain text.' }),
    isLead: t.boolean({ description: 'True for the lead figure; false or absent for a figure after the body.' }),
  }),
});

const ArticleInput = builder.inputType('ArticleInput', {
  description:
    'An article as structured content. It goes through the same sanitizer, block builder and link extraction as a feed document, so it is stored as one would be.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'The canonical article URL; the article is keyed by it.' }),
    title: t.string({ required: true, description: 'The headline.' }),
    publishedAt: t.field({ type: 'DateTime', required: true, description: 'When the article was published.' }),
    section: t.string({ description: "The section slug; the URL's first path segment when absent." }),
    bodyHtml: t.string({
      required: true,
      description:
        'The body as HTML: paragraphs, headings, quotes, figures, links and emphasis are kept; anything else is sanitized away.',
    }),
    summary: t.string({ description: 'The summary; the first paragraph when absent.' }),
    authors: t.field({ type: [ArticleAuthorInput], description: 'The byline, in order.' }),
    figures: t.field({ type: [ArticleFigureInput], description: 'Figures outside `bodyHtml`, in order.' }),
    originalUrl: t.string({ description: 'The English original on nytimes.com.' }),
    credits: t.stringList({ description: 'Footer credit lines such as "翻译：纽约时报中文网", in order.' }),
  }),
});

builder.mutationType({
  description:
    'Writes to the archive. Every mutation needs `Authorization: Bearer <token>` with the `write` scope: without a token, UNAUTHENTICATED (HTTP 401); with a token that lacks the scope, FORBIDDEN (HTTP 403).',
});

builder.mutationFields((t) => ({
  ingestDocument: t.field({
    type: WriteResultType,
    description: 'Parses and stores one document in the feed format, exactly as the ingest CLI would.',
    args: { input: t.arg({ type: DocumentInput, required: true, description: 'The document.' }) },
    resolve: async (_root, { input }, context) => {
      const [result] = await ingestDocuments([input], context);
      if (result === undefined) throw new Error('no result was reported');
      return result;
    },
  }),
  ingestDocuments: t.field({
    type: [WriteResultType],
    extensions: itemsPerParent(maxDocumentsPerCall),
    description: `Parses and stores up to ${maxDocumentsPerCall} documents, in one transaction when they all can be; one result per document, in order. A refused document never blocks the others.`,
    args: {
      inputs: t.arg({
        type: [DocumentInput],
        required: true,
        description: `The documents, at most ${maxDocumentsPerCall}.`,
      }),
    },
    resolve: (_root, { inputs }, context) => ingestDocuments(inputs, context),
  }),
  upsertArticle: t.field({
    type: WriteResultType,
    description: 'Creates or updates (by URL) an article from structured content.',
    args: { input: t.arg({ type: ArticleInput, required: true, description: 'The article.' }) },
    resolve: async (_root, { input }, context) => {
      requireScope(context.viewer, 'write');
      const read = withinSizeLimit(Buffer.byteLength(input.bodyHtml), 'bodyHtml', context, () =>
        intakeOf(context).fromInput(input),
      );
      const [result] = await storeReads([{ name: null, read }], context);
      if (result === undefined) throw new Error('no result was reported');
      return result;
    },
  }),
  deleteArticle: t.id({
    description:
      'Deletes an article with its figures, links and bylines; links to it from other articles stay, with `target: null`. Answers its id.',
    args: { id: t.arg.id({ required: true, description: 'The global id of the article (`Article.id`).' }) },
    resolve: async (_root, { id }, context) => {
      requireScope(context.viewer, 'write');
      const { typename, id: articleId } = decodeNodeId(String(id));
      if (typename !== 'Article') throw badInput(`ID "${id}" names ${typename}, not an Article`);
      // Ids are 32-bit on PostgreSQL: a larger one names no article (and must not reach the database).
      const number = Number(articleId);
      const [deleted] = number <= maxArticleId ? await context.writes.delete([number]) : [];
      if (deleted === undefined) {
        throw new GraphQLError(`No article has the ID "${id}"`, { extensions: { code: 'NOT_FOUND' } });
      }
      return id;
    },
  }),
}));

interface DocumentRead {
  name: string | null;
  read: IntakeResult;
}

async function ingestDocuments(
  inputs: readonly { source: string; name?: string | null }[],
  context: Context,
): Promise<WriteResult[]> {
  requireScope(context.viewer, 'write');
  if (inputs.length > maxDocumentsPerCall) {
    throw badInput(`"inputs" holds ${inputs.length} documents; at most ${maxDocumentsPerCall} are taken at once`);
  }
  const reads = inputs.map(({ source, name }) => ({
    name: name ?? null,
    read: withinSizeLimit(Buffer.byteLength(source), 'the document', context, () =>
      intakeOf(context).parseDocument(source),
    ),
  }));
  return storeReads(reads, context);
}

/** Stores the documents that were read in one writer batch; the refused ones keep their reason. */
async function storeReads(reads: readonly DocumentRead[], context: Context): Promise<WriteResult[]> {
  const records: ArticleRecord[] = reads.flatMap(({ read }) => (read.ok ? [read.article] : []));
  const stored = (await context.writes.store(records)).values();
  const refused = reads.length - records.length;
  if (refused > 0) context.writes.countRefused(refused);
  return reads.map(({ name, read }) => {
    if (!read.ok) return { name, status: 'REFUSED', url: null, warnings: [], reason: read.reason };
    const result = stored.next().value;
    if (result === undefined) throw new Error(`no outcome was reported for ${read.article.url}`);
    if ('failure' in result)
      return { name, status: 'REFUSED', url: null, warnings: read.warnings, reason: result.failure };
    return { name, status: statuses[result.outcome], url: read.article.url, warnings: read.warnings, reason: null };
  });
}

const statuses = { created: 'CREATED', updated: 'UPDATED', unchanged: 'UNCHANGED' } as const;

/** Refuses oversized content before it is parsed (a parse needs many times its size). */
function withinSizeLimit(bytes: number, what: string, context: Context, read: () => IntakeResult): IntakeResult {
  const limit = context.writes.maxDocumentBytes;
  if (bytes <= limit) return read();
  return {
    ok: false,
    reason: `${what} is ${megabytes(bytes)}, over the ${megabytes(limit)} limit (WRITE_MAX_DOCUMENT_MB)`,
  };
}

function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(2))} MB`;
}

function intakeOf(context: Context): ArticleIntake {
  if (context.writes.intake === null) throw new Error('the app was built without an article intake');
  return context.writes.intake;
}
