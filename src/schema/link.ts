import { LinkKind as LinkKindValues } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';

export const LinkKind = builder.enumType('LinkKind', {
  description: 'What a link points to.',
  values: {
    ARTICLE: {
      value: LinkKindValues.ARTICLE,
      description: 'A cn.nytimes.com article; `Link.target` is set when it is in the archive.',
    },
    ORIGINAL: { value: LinkKindValues.ORIGINAL, description: "This article's English original on nytimes.com." },
    AUTHOR: { value: LinkKindValues.AUTHOR, description: 'An author profile page (nytimes.com/by/…).' },
    EXTERNAL: { value: LinkKindValues.EXTERNAL, description: 'Anything else.' },
  } satisfies Record<LinkKindValues, { value: LinkKindValues; description: string }>,
});

export const Link = builder.prismaObject('Link', {
  description: 'A hyperlink of an article, in document order (body, then footer).',
  fields: (t) => ({
    href: t.exposeString('href', { description: 'Absolute http(s) URL.' }),
    text: t.exposeString('text', { description: 'The link text, as plain text.' }),
    title: t.exposeString('title', { nullable: true, description: 'The title attribute; null when none.' }),
    kind: t.expose('kind', { type: LinkKind, description: 'What the link points to.' }),
    target: t.relation('target', {
      nullable: true,
      description: 'The archived article this link points to, when it is in the archive.',
    }),
  }),
});
