/**
 * What both B1s (bench/lib/sqlite-answers.ts, bench/lib/postgres-answers.ts) build their answers from:
 * the page sizes of the benchmark's queries, the ids and cursors as the API encodes them, and body
 * blocks as the API prints them. Only reading the rows differs between the databases.
 */
import type { ArticleOrder } from '../../src/archive/cursor.ts';
import type { BodyBlock } from '../../src/archive/record.ts';

export const backlinkPageSize = 10;
export const authorArticlePageSize = 3;
/** The home page query's order (the API's default): the only one whose cursors B1 answers. */
export const listOrder: ArticleOrder = 'PUBLISHED_AT_DESC';

/** The id as the relay plugin encodes it: base64 of `<Type>:<id>`. */
export function globalId(typename: 'Article' | 'Author', id: number): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/**
 * The cursor Pothos gives an edge of `Author.articles`, keyed by the ArticleAuthor primary key:
 * base64 of `GPC:` and a tuple of tagged numbers.
 */
export function bylineCursor(articleId: number, authorId: number): string {
  return Buffer.from(`GPC:T:${JSON.stringify([`N:${articleId}`, `N:${authorId}`])}`).toString('base64');
}

/** `section { slug }`: the API makes an article's Section from its section column alone. */
export function sectionJson(slug: string): { slug: string } {
  return { slug };
}

export interface BlockFigure {
  src: string;
  caption: string | null;
}

export type BlockJson =
  | { __typename: 'ParagraphBlock' | 'QuoteBlock'; html: string }
  | { __typename: 'HeadingBlock'; level: number; text: string }
  | { __typename: 'FigureBlock'; figure: BlockFigure };

/** null for a figure block whose figure row is missing: the API drops those. */
function blockJson(block: BodyBlock, figures: Map<number, BlockFigure>): BlockJson | null {
  switch (block.type) {
    case 'paragraph':
      return { __typename: 'ParagraphBlock', html: block.html };
    case 'heading':
      return { __typename: 'HeadingBlock', level: block.level, text: block.text };
    case 'quote':
      return { __typename: 'QuoteBlock', html: block.html };
    case 'figure': {
      const figure = figures.get(block.position);
      return figure ? { __typename: 'FigureBlock', figure: { src: figure.src, caption: figure.caption } } : null;
    }
  }
}

/** An article's `blocks` as the API prints them; `figures` are the article's figures by position. */
export function blocksJson(blocks: BodyBlock[], figures: Map<number, BlockFigure>): BlockJson[] {
  return blocks.flatMap((block) => {
    const json = blockJson(block, figures);
    return json ? [json] : [];
  });
}
