/**
 * The nesting guard, run on the feed HTML before cheerio parses it. htmlparser2's Parser keeps its
 * open elements in an array it grows at the front (`unshift`) and searches for every end tag
 * (`indexOf`), so each tag costs time in proportion to the depth at that point: deep nesting and end
 * tags that close nothing made a 900 KB document take 20 s. Guessing the depth from the text (the
 * guard this replaces) was bypassed by what HTML does not nest the way it reads (`<div/>` opens a
 * `<div>`; `</x>` without an open `<x>` closes nothing), so the guard replays the tags exactly as the
 * Parser will see them, on htmlparser2's own Tokenizer (linear in the input), and measures the real
 * depth. End tags that would close nothing are dropped from the HTML the Parser then reads: they do
 * not change the tree, and they are the Parser's expensive case.
 *
 * The element tables mirror htmlparser2 10's Parser (cheerio 1.2.0's); the tests compare the trees
 * parsed from the original and from the settled HTML, so a parser upgrade that drifts is caught.
 */
import { Tokenizer } from 'htmlparser2';

/**
 * Real articles nest a dozen levels. Under this bound every tag costs the Parser at most this many
 * steps (a few microseconds), and the walkers never see more than `MAX_DEPTH` in dom.ts anyway.
 */
export const MAX_OPEN_ELEMENTS = 1000;

export interface SettledHtml {
  /** The HTML without end tags that close nothing: parses to the same tree as the input. */
  html: string;
  /** The deepest nesting of elements the Parser reaches. */
  depth: number;
}

const P_ONLY: ReadonlySet<string> = new Set(['p']);
const FORM_TAGS: ReadonlySet<string> = new Set([
  'input',
  'option',
  'optgroup',
  'select',
  'button',
  'datalist',
  'textarea',
]);
const TABLE_SECTIONS: ReadonlySet<string> = new Set(['thead', 'tbody']);
const DD_DT: ReadonlySet<string> = new Set(['dd', 'dt']);
const RT_RP: ReadonlySet<string> = new Set(['rt', 'rp']);

/** Opening the key first closes the open element on top of the stack while it is one of these. */
const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name) => [name, P_ONLY] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((name) => [name, FORM_TAGS] as const),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ...[
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((name) => [name, P_ONLY] as const),
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);

const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Inside these `<x/>` closes itself (foreign content); their end tags move the Parser's foreign-context stack. */
const FOREIGN_ELEMENTS: ReadonlySet<string> = new Set(['math', 'svg']);
const INTEGRATION_ELEMENTS: ReadonlySet<string> = new Set([
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignobject',
  'desc',
  'title',
]);

/** The Parser's stack of open elements, with O(1) "is one open?" so that no step scans it. */
class OpenElements {
  readonly #names: string[] = [];
  readonly #counts = new Map<string, number>();
  deepest = 0;

  get top(): string | undefined {
    return this.#names.at(-1);
  }

  isOpen(name: string): boolean {
    return (this.#counts.get(name) ?? 0) > 0;
  }

  push(name: string): void {
    this.#names.push(name);
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
    this.deepest = Math.max(this.deepest, this.#names.length);
  }

  pop(): string | undefined {
    const name = this.#names.pop();
    if (name !== undefined) this.#counts.set(name, (this.#counts.get(name) ?? 1) - 1);
    return name;
  }

  /** Closes `name` and everything opened after it; each element is popped once, so this is linear overall. */
  closeThrough(name: string): void {
    for (let popped = this.pop(); popped !== undefined && popped !== name; popped = this.pop());
  }
}

export function settleNesting(html: string): SettledHtml {
  const open = new OpenElements();
  /** The Parser's foreign-context flags, innermost last; empty reads as false, as the Parser's does. */
  const foreign: boolean[] = [false];
  /** [start, end) ranges of end tags that close nothing. */
  const dropped: [number, number][] = [];
  let tagName = '';

  const openTag = (name: string): void => {
    tagName = name;
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes !== undefined) {
      for (let top = open.top; top !== undefined && closes.has(top); top = open.top) open.pop();
    }
    if (VOID_ELEMENTS.has(name)) return;
    open.push(name);
    if (FOREIGN_ELEMENTS.has(name)) foreign.push(true);
    else if (INTEGRATION_ELEMENTS.has(name)) foreign.push(false);
  };
  const closeCurrentTag = (): void => {
    if (open.top === tagName) open.pop();
    tagName = '';
  };

  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname: (start, end) => openTag(html.slice(start, end).toLowerCase()),
      onopentagend: () => {
        tagName = '';
      },
      onselfclosingtag: () => {
        if (foreign.at(-1) === true) closeCurrentTag();
        else tagName = '';
      },
      onclosetag: (start, end) => {
        const name = html.slice(start, end).toLowerCase();
        if (VOID_ELEMENTS.has(name)) return;
        // The Parser pops its foreign context on these end tags, open or not; that is observable only
        // above the bottom entry, which this replay therefore never pops.
        const popsForeign = (FOREIGN_ELEMENTS.has(name) || INTEGRATION_ELEMENTS.has(name)) && foreign.length > 1;
        if (popsForeign) foreign.pop();
        if (open.isOpen(name)) {
          open.closeThrough(name);
        } else if (name === 'p') {
          // The Parser reads a stray `</p>` as an empty paragraph.
          openTag('p');
          closeCurrentTag();
        } else if (!popsForeign) {
          // Closes nothing and changes nothing: dropped. (At most one kept per foreign element opened.)
          // The Tokenizer skips to the next `>` after an end tag's name, as does this.
          const tagStart = html.lastIndexOf('<', start);
          const gt = html.indexOf('>', end);
          dropped.push([tagStart, gt === -1 ? html.length : gt + 1]);
        }
      },
      onattribdata: () => {},
      onattribentity: () => {},
      onattribend: () => {},
      onattribname: () => {},
      oncdata: () => {},
      oncomment: () => {},
      ondeclaration: () => {},
      onend: () => {},
      onprocessinginstruction: () => {},
      ontext: () => {},
      ontextentity: () => {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return { html: dropped.length === 0 ? html : withoutRanges(html, dropped), depth: open.deepest };
}

/**
 * A `<` or `&` just before a dropped end tag was text (the tag ended whatever it began); joined to the
 * text after the tag it could begin a tag or a character reference (`<</x>b` → `<b`), so it is written
 * as the reference it stands for.
 */
function keptBefore(piece: string): string {
  if (piece.endsWith('<')) return `${piece.slice(0, -1)}&lt;`;
  if (piece.endsWith('&')) return `${piece.slice(0, -1)}&amp;`;
  return piece;
}

function withoutRanges(text: string, ranges: readonly [number, number][]): string {
  const kept: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    kept.push(keptBefore(text.slice(from, start)));
    from = end;
  }
  kept.push(text.slice(from));
  return kept.join('');
}
