import { Article, ArticleConnection, articleListArgs, resolveArticleList } from './article.ts';
import { builder } from './builder.ts';
import { itemsPerParent, typicalListLength } from './cost.ts';

interface SectionShape {
  slug: string;
  articleCount: number;
}

const Section = builder.objectRef<SectionShape>('Section').implement({
  description: 'A section of the archive: the first path segment of article URLs.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    articleCount: t.exposeInt('articleCount'),
    articles: t.connection(
      {
        type: Article,
        args: articleListArgs,
        extensions: itemsPerParent('page'),
        resolve: (section, args, context, info) => resolveArticleList(args, { section: section.slug }, context, info),
      },
      ArticleConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  sections: t.field({
    type: [Section],
    description: 'Every section with its article count, by slug.',
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
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const articleCount = await context.db.prisma.article.count({ where: { section: args.slug } });
      return articleCount === 0 ? null : { slug: args.slug, articleCount };
    },
  }),
}));
