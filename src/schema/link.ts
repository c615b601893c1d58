import { LinkKind as LinkKindValues } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';

export const LinkKind = builder.enumType(LinkKindValues, {
  name: 'LinkKind',
  description:
    "ARTICLE: a cn.nytimes.com article; ORIGINAL: this article's English original; AUTHOR: an author profile; EXTERNAL: anything else.",
});

export const Link = builder.prismaObject('Link', {
  description: 'A hyperlink of an article, in document order (body, then footer).',
  fields: (t) => ({
    href: t.exposeString('href', { description: 'Absolute http(s) URL.' }),
    text: t.exposeString('text'),
    title: t.exposeString('title', { nullable: true }),
    kind: t.expose('kind', { type: LinkKind }),
    target: t.relation('target', {
      nullable: true,
      description: 'The archived article this link points to, when it is in the archive.',
    }),
  }),
});
