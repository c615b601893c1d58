import type { BodyBlock } from '../archive/record.ts';
import type { Figure as FigureRow } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import { typicalBytes } from './cost.ts';
import { Figure } from './figure.ts';

type ParagraphShape = Extract<BodyBlock, { type: 'paragraph' }>;
type HeadingShape = Extract<BodyBlock, { type: 'heading' }>;
type QuoteShape = Extract<BodyBlock, { type: 'quote' }>;
type FigureShape = { type: 'figure'; figure: FigureRow };
export type ResolvedBlock = ParagraphShape | HeadingShape | QuoteShape | FigureShape;

// A paragraph of a news article, for the response-size estimate (schema/cost.ts): a few hundred characters.
const paragraphHtmlBytes = 800;
const paragraphTextBytes = 600;

const ParagraphBlock = builder.objectRef<ParagraphShape>('ParagraphBlock').implement({
  description: 'A paragraph of the body.',
  fields: (t) => ({
    html: t.exposeString('html', {
      extensions: typicalBytes(paragraphHtmlBytes),
      description: 'Sanitized inline HTML (http(s) links, emphasis), without the enclosing <p>.',
    }),
    text: t.exposeString('text', {
      extensions: typicalBytes(paragraphTextBytes),
      description: 'The paragraph as plain text.',
    }),
  }),
});

const HeadingBlock = builder.objectRef<HeadingShape>('HeadingBlock').implement({
  description: 'A heading inside the body (the article title is not one).',
  fields: (t) => ({
    level: t.exposeInt('level', { description: 'The HTML heading level: 2, 3 or 4.' }),
    text: t.exposeString('text', { description: 'The heading as plain text.' }),
  }),
});

const QuoteBlock = builder.objectRef<QuoteShape>('QuoteBlock').implement({
  description: 'A block quotation.',
  fields: (t) => ({
    html: t.exposeString('html', {
      extensions: typicalBytes(paragraphHtmlBytes),
      description: 'Sanitized inline HTML (http(s) links, emphasis), without the enclosing <blockquote>.',
    }),
    text: t.exposeString('text', {
      extensions: typicalBytes(paragraphTextBytes),
      description: 'The quotation as plain text.',
    }),
  }),
});

const FigureBlock = builder.objectRef<FigureShape>('FigureBlock').implement({
  description: 'An image inside the body, where it stands in the text.',
  fields: (t) => ({
    figure: t.field({
      type: Figure,
      description: 'The image; also listed in `Article.figures`.',
      resolve: (block) => block.figure,
    }),
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
