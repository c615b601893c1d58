import { builder } from './builder.ts';

export const Figure = builder.prismaObject('Figure', {
  description: 'An image of an article: the lead figure before the body, or one inside it.',
  fields: (t) => ({
    src: t.exposeString('src', { description: 'The original image URL (image proxies unwrapped).' }),
    width: t.exposeInt('width', {
      nullable: true,
      description: 'In pixels, as the document states it; null when it does not.',
    }),
    height: t.exposeInt('height', {
      nullable: true,
      description: 'In pixels, as the document states it; null when it does not.',
    }),
    caption: t.exposeString('caption', { nullable: true, description: 'The caption as plain text; null when none.' }),
    credit: t.exposeString('credit', {
      nullable: true,
      description: 'The photographer or agency, e.g. "Gilles Sabrie for The New York Times"; null when none.',
    }),
    position: t.exposeInt('position', { description: '0-based order among the figures of the article.' }),
    isLead: t.exposeBoolean('isLead', {
      description: 'True for the lead figure (before the body, see `Article.leadFigure`), false for one inside it.',
    }),
  }),
});
