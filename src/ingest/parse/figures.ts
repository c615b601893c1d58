/** Figures: `<figure>` elements and images inside paragraphs, with their captions and credits. */

import { imageSourceUrl } from '../../archive/urls.ts';
import type { Element } from './dom.ts';
import type { DocumentContext, InlineMedia } from './inline.ts';
import { InlineWriter, renderInline } from './inline.ts';

export interface ImageSource {
  src: string;
  width: number | null;
  height: number | null;
}

export interface FigureDraft {
  image: ImageSource | null;
  caption: InlineWriter;
  credit: InlineWriter;
}

const PIXEL_COUNT = /^\s*(\d{1,6})(?:px)?\s*$/i;

function pixelCount(value: string | undefined): number | null {
  const match = PIXEL_COUNT.exec(value ?? '');
  const count = match?.[1] === undefined ? 0 : Number(match[1]);
  return count > 0 ? count : null;
}

function readImage(img: Element, base: URL): ImageSource | null {
  const src = imageSourceUrl(img.attribs.src, base);
  if (src === null) return null;
  return { src, width: pixelCount(img.attribs.width), height: pixelCount(img.attribs.height) };
}

function emptyDraft(image: ImageSource | null): FigureDraft {
  return { image, caption: new InlineWriter(), credit: new InlineWriter() };
}

/**
 * A `<figure>`: its first usable image, the `<figcaption>` text as caption and `<cite>` as credit.
 * Null without a usable image. Links inside are recorded like any other.
 */
export function readFigureElement(figure: Element, context: DocumentContext): FigureDraft | null {
  const draft = emptyDraft(null);
  const media: InlineMedia = {
    image(img) {
      draft.image ??= readImage(img, context.base);
    },
    divert(element) {
      if (element.name === 'figcaption') return draft.caption;
      return element.name === 'cite' ? draft.credit : null;
    },
  };
  // Text outside the figcaption is not part of any field, so it goes to a writer nobody reads.
  renderInline(figure.children, new InlineWriter(), context, media);
  return draft.image === null ? null : draft;
}

/**
 * Collects the images of one paragraph. After an image, `<small>` is its caption and `<cite>` its
 * credit; everything else is prose, written to `prose`.
 */
export class ParagraphMedia implements InlineMedia {
  readonly prose = new InlineWriter();
  readonly figures: FigureDraft[] = [];
  /** Whether prose text came before the first image, which decides the order of the blocks. */
  proseLeadsImages = false;
  #current: FigureDraft | null = null;
  #sawSmall = false;
  readonly #base: URL;

  constructor(base: URL) {
    this.#base = base;
  }

  image(img: Element): void {
    if (this.#current === null) this.proseLeadsImages = this.prose.text !== '';
    const image = readImage(img, this.#base);
    // An unusable image still claims the caption after it, so that caption cannot land on another image.
    this.#current = emptyDraft(image);
    if (image !== null) this.figures.push(this.#current);
  }

  divert(element: Element): InlineWriter | null {
    if (this.#current === null) return null;
    if (element.name === 'small') {
      this.#sawSmall = true;
      return this.#current.caption;
    }
    return element.name === 'cite' ? this.#current.credit : null;
  }

  /** Without a `<small>`, the rest of the paragraph is the caption of its image. */
  get proseIsCaption(): boolean {
    return !this.#sawSmall && this.figures.length > 0;
  }
}
