import { ChangeType as ChangeTypeValues } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { itemsPerParent } from './cost.ts';
import { badInput } from './errors.ts';

const maxChangesPerPage = 1000;

export const ChangeType = builder.enumType('ChangeType', {
  description: 'What happened to an article.',
  values: {
    ARTICLE_CREATED: {
      value: ChangeTypeValues.ARTICLE_CREATED,
      description: 'The article was stored for the first time.',
    },
    ARTICLE_UPDATED: {
      value: ChangeTypeValues.ARTICLE_UPDATED,
      description: 'Its content changed (same id, same URL).',
    },
    ARTICLE_DELETED: { value: ChangeTypeValues.ARTICLE_DELETED, description: 'It was deleted; its id is not reused.' },
  } satisfies Record<ChangeTypeValues, { value: ChangeTypeValues; description: string }>,
});

export const Change = builder.prismaObject('Change', {
  description:
    'One entry of the change feed: every create, update and delete of an article, from the API or the ingest CLI, recorded in the same transaction as the write.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', {
      description: 'Position in the feed: grows with every change, in commit order; pass the last one seen as `after`.',
    }),
    type: t.expose('type', { type: ChangeType, description: 'What happened.' }),
    articleId: t.exposeInt('articleId', {
      description: 'The database id of the article (not the global `Article.id`); it may be gone since.',
    }),
    url: t.exposeString('url', { description: "The article's canonical URL." }),
    at: t.expose('at', { type: 'DateTime', description: 'When the change was committed.' }),
  }),
});

builder.queryFields((t) => ({
  changes: t.prismaField({
    type: [Change],
    description: `Changes after the sequence number \`after\`, oldest first: poll with the last \`sequence\` seen to catch up without gaps.`,
    extensions: itemsPerParent('page'),
    args: {
      after: t.arg.int({
        defaultValue: 0,
        required: true,
        description: 'Only changes with a greater `sequence`; 0 (the default) starts from the beginning.',
      }),
      first: t.arg.int({
        defaultValue: 100,
        required: true,
        description: `How many changes at most: 0 to ${maxChangesPerPage}, default 100; other sizes are refused.`,
      }),
    },
    resolve: (query, _root, { after, first }, context) => {
      if (first < 0 || first > maxChangesPerPage) {
        throw badInput(`"first" must be between 0 and ${maxChangesPerPage}, got ${first}`);
      }
      return context.db.prisma.change.findMany({
        ...query,
        where: { sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: first,
      });
    },
  }),
  latestChangeSequence: t.int({
    description: 'The `sequence` of the newest change, 0 when there is none: where to start polling from now on.',
    resolve: async (_root, _args, context) => {
      const [latest] = await context.db.prisma.change.findMany({
        select: { sequence: true },
        orderBy: { sequence: 'desc' },
        take: 1,
      });
      return latest?.sequence ?? 0;
    },
  }),
}));

/** The sequence of the change each subscription's latest event carries, for the SSE event's `id:`. */
const deliveredSequences = new WeakMap<Context, number>();

/** The `sequence` of the change in the subscription event just produced for this request, if any. */
export function deliveredSequence(context: Context): number | undefined {
  return deliveredSequences.get(context);
}

/**
 * Where a subscription resumes: a reconnecting EventSource repeats its first request (`after` included)
 * and adds `Last-Event-ID`, so the header wins; without either, from the newest change (null).
 */
function resumeAfter(after: number | null | undefined, lastEventId: string | null): number | null {
  if (lastEventId !== null) {
    if (!/^\d{1,15}$/.test(lastEventId.trim())) {
      throw badInput(`the Last-Event-ID header must be a change sequence number, got "${lastEventId}"`);
    }
    return Number(lastEventId.trim());
  }
  if (after !== null && after !== undefined && after < 0) throw badInput(`"after" must not be negative, got ${after}`);
  return after ?? null;
}

builder.subscriptionFields((t) => ({
  articleChanged: t.field({
    type: Change,
    description:
      'Every change after `after`, oldest first, then each one as it commits (from the API or an ingest in any process), once and in order. Over Server-Sent Events each event’s `id` is its `sequence`: reconnecting with `Last-Event-ID` (or `after`) resumes without gaps.',
    args: {
      section: t.arg.string({ description: 'Only changes to articles of this section (its URL slug, e.g. `world`).' }),
      after: t.arg.int({
        description:
          'Start after this `sequence` (the last one seen); absent: from the moment of subscribing. A `Last-Event-ID` header takes precedence.',
      }),
    },
    subscribe: (_root, { section, after }, context) =>
      context.changes.follower.follow({
        after: resumeAfter(after, context.changes.lastEventId),
        section: section ?? null,
      }),
    resolve: (change, _args, context) => {
      deliveredSequences.set(context, change.sequence);
      return change;
    },
  }),
}));
