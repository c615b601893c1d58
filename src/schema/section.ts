import type { GraphQLResolveInfo } from 'graphql';
import {
  Article,
  ArticleConnection,
  type ArticleFilter,
  articleFilter,
  articleListArgs,
  articleListQuery,
  resolveArticleList,
} from './article.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { itemsPerParent, typicalListLength } from './cost.ts';

/**
 * The names cn.nytimes.com gives its sections in its navigation, by URL slug: every section the seeds
 * and the synthetic corpus (corpus/vocabulary.ts) use, and the archive's other usual ones. A section
 * not listed is named by its slug.
 */
const sectionNames: ReadonlyMap<string, string> = new Map([
  ['world', '国际'],
  ['china', '中国'],
  ['business', '商业与经济'],
  ['technology', '科技'],
  ['science', '科学'],
  ['health', '健康'],
  ['education', '教育'],
  ['culture', '文化'],
  ['style', '生活与风尚'],
  ['travel', '旅游'],
  ['real-estate', '房地产'],
  ['sports', '体育'],
  ['opinion', '观点与评论'],
  ['lens', '镜头'],
  ['obituaries', '讣告'],
  ['asia-pacific', '亚太'],
  ['usa', '美国'],
]);

export function sectionName(slug: string): string {
  return sectionNames.get(slug) ?? slug;
}

interface SectionShape {
  slug: string;
  /** Known when the section comes from a grouped count already; else counted on demand. */
  articleCount?: number;
}

/** Articles per section under a filter: one grouped count for all the sections of a request. */
function countSectionArticles(context: Context, filter: ArticleFilter | null, slug: string): Promise<number> {
  return context.loaders.load(
    `sectionArticles:${JSON.stringify(filter)}`,
    slug,
    async (slugs: readonly string[]) => {
      const groups = await context.db.prisma.article.groupBy({
        by: ['section'],
        where: { AND: [{ section: { in: [...slugs] } }, articleFilter(filter)] },
        _count: { _all: true },
      });
      return new Map(groups.map((group) => [group.section, group._count._all]));
    },
    0,
  );
}

/**
 * A field's place in the response without list indexes: the same for every item of a list, and so is
 * what the field is asked there (arguments and selection), as only articles have a section.
 */
function placeInResponse(path: GraphQLResolveInfo['path']): string {
  const keys: string[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = path; at; at = at.prev) {
    if (typeof at.key === 'string') keys.push(at.key);
  }
  return keys.reverse().join('.');
}

const Section = builder.objectRef<SectionShape>('Section').implement({
  description: 'A section of the archive, e.g. world or business: the first path segment of its article URLs.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'The URL path segment, e.g. "world": stable, for `section(slug:)` and `ArticleWhere.section`.',
    }),
    name: t.string({
      description: 'The display name cn.nytimes.com uses, e.g. "国际" for world; the slug when it has none.',
      resolve: (section) => sectionName(section.slug),
    }),
    articleCount: t.int({
      description: 'How many articles the section holds (unfiltered).',
      resolve: (section, _args, context) => section.articleCount ?? countSectionArticles(context, null, section.slug),
    }),
    articles: t.connection(
      {
        type: Article,
        description:
          'The articles of this section, newest first unless `orderBy` says otherwise; `where` narrows them further.',
        args: articleListArgs,
        extensions: itemsPerParent('page'),
        // Under a list of articles, this field is resolved once per article: the sections met at one
        // place of the response are loaded together, a page each, so a list costs one page per section
        // (not per article), and their totalCounts are counted in one query. Every resolution plans
        // its query all the same: planning is what tells Pothos that the rows beneath this place in
        // the response are loaded (else each would be read again); the batch reads with the first.
        resolve: (section, args, context, info) => {
          const query = articleListQuery(context, info);
          return context.loaders.loadInOrder(`sectionPages:${placeInResponse(info.path)}`, section.slug, (slugs) =>
            Promise.all(
              slugs.map(async (slug) => ({
                ...(await resolveArticleList(args, { section: slug }, context, query)),
                totalCount: () => countSectionArticles(context, args.where ?? null, slug),
              })),
            ),
          );
        },
      },
      ArticleConnection,
    ),
  }),
});

// Defined here rather than in article.ts so that the two modules do not import each other.
builder.prismaObjectField(Article, 'section', (t) =>
  t.field({
    type: Section,
    description: "The section the article was published in, from the first path segment of the article's URL.",
    select: { section: true },
    resolve: (article) => ({ slug: article.section }),
  }),
);

builder.queryFields((t) => ({
  sections: t.field({
    type: [Section],
    description: 'Every section that has articles, ordered by slug.',
    extensions: itemsPerParent(typicalListLength),
    resolve: async (_root, _args, context) => {
      const groups = await context.db.prisma.article.groupBy({
        by: ['section'],
        _count: { _all: true },
        orderBy: { section: 'asc' },
      });
      return groups.map((group) => ({ slug: group.section, articleCount: group._count._all }));
    },
  }),
  section: t.field({
    type: Section,
    nullable: true,
    description: 'One section by slug; null when no article is in it.',
    args: { slug: t.arg.string({ required: true, description: 'The section slug, e.g. "world".' }) },
    resolve: async (_root, args, context) => {
      const articleCount = await countSectionArticles(context, null, args.slug);
      return articleCount === 0 ? null : { slug: args.slug, articleCount };
    },
  }),
}));
