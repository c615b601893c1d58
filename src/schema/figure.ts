import { builder } from './builder.ts';

export const Figure = builder.prismaObject('Figure', {
  description: 'An image of an article: the lead figure before the body, or one inside it.',
  fields: (t) => ({
    src: t.exposeString('src', { description: 'The original image URL (image proxies unwrapped).' }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    caption: t.exposeString('caption', { nullable: true }),
    credit: t.exposeString('credit', { nullable: true }),
    position: t.exposeInt('position', { description: '0-based order among the figures of the article.' }),
    isLead: t.exposeBoolean('isLead'),
  }),
});
