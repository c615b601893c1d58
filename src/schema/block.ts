import type { BodyBlock } from '../archive/record.ts';
import type { Figure as FigureRow } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import { Figure } from './figure.ts';

type ParagraphShape = Extract<BodyBlock, { type: 'paragraph' }>;
type HeadingShape = Extract<BodyBlock, { type: 'heading' }>;
type QuoteShape = Extract<BodyBlock, { type: 'quote' }>;
type FigureShape = { type: 'figure'; figure: FigureRow };
export type ResolvedBlock = ParagraphShape | HeadingShape | QuoteShape | FigureShape;

const ParagraphBlock = builder.objectRef<ParagraphShape>('ParagraphBlock').implement({
  fields: (t) => ({
    html: t.exposeString('html', { description: 'Sanitized inline HTML (links, emphasis).' }),
    text: t.exposeString('text'),
  }),
});

const HeadingBlock = builder.objectRef<HeadingShape>('HeadingBlock').implement({
  fields: (t) => ({
    level: t.exposeInt('level', { description: '2, 3 or 4.' }),
    text: t.exposeString('text'),
  }),
});

const QuoteBlock = builder.objectRef<QuoteShape>('QuoteBlock').implement({
  fields: (t) => ({
    html: t.exposeString('html'),
    text: t.exposeString('text'),
  }),
});

const FigureBlock = builder.objectRef<FigureShape>('FigureBlock').implement({
  fields: (t) => ({
    figure: t.field({ type: Figure, resolve: (block) => block.figure }),
  }),
});

const blockTypes = {
  paragraph: ParagraphBlock,
  heading: HeadingBlock,
  quote: QuoteBlock,
  figure: FigureBlock,
} as const;

export const Block = builder.unionType('Block', {
  description: 'One element of an article body, in reading order.',
  types: [ParagraphBlock, HeadingBlock, QuoteBlock, FigureBlock],
  resolveType: (block) => blockTypes[block.type],
});

/** Pairs the stored block list with the article's figure rows. */
export function resolveBlocks(blocks: BodyBlock[], figures: FigureRow[]): ResolvedBlock[] {
  const byPosition = new Map(figures.map((figure) => [figure.position, figure]));
  return blocks.flatMap((block): ResolvedBlock[] => {
    if (block.type !== 'figure') return [block];
    const figure = byPosition.get(block.position);
    return figure ? [{ type: 'figure', figure }] : [];
  });
}
