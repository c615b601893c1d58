/** DOM access for the parser: loading, node guards, tag classes and plain-text extraction. */
import { load } from 'cheerio/slim';
import { type AnyNode, type Document, type Element, Text } from 'domhandler';

export type { AnyNode, Element };

// `cheerio/slim` always parses with htmlparser2 (several times faster than parse5); the explicit
// options keep HTML semantics (void elements, implied end tags) rather than XML.
const HTML_OPTIONS = { xml: { xmlMode: false, decodeEntities: true } } as const;

/** Far deeper than any real article; the walkers recurse, so hostile nesting must not reach them. */
const MAX_DEPTH = 200;

export function parseHtmlFragment(html: string): Document {
  const root = load(html, HTML_OPTIONS, false).root()[0];
  if (root === undefined) throw new Error('cheerio returned no root');
  flattenBeyond(root, MAX_DEPTH);
  return root;
}

/** Replaces what lies deeper than `maxDepth` with its text, without recursion. */
function flattenBeyond(root: Document, maxDepth: number): void {
  const pending: [AnyNode, number][] = root.children.map((child) => [child, 1]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (!isElement(node)) continue;
    if (depth < maxDepth) {
      for (const child of node.children) pending.push([child, depth + 1]);
    } else if (node.children.some(isElement)) {
      const text = new Text(textWithoutRecursion(node));
      text.parent = node;
      node.children = [text];
    }
  }
}

function textWithoutRecursion(element: Element): string {
  const parts: string[] = [];
  const pending: AnyNode[] = [...element.children].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isText(node)) parts.push(node.data);
    else if (isElement(node) && !DROPPED_TAGS.has(node.name)) pending.push(...[...node.children].reverse());
  }
  return parts.join('');
}

/** Decodes character references in text that is not markup (a `<` stays a literal `<`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return parseHtmlFragment(text.replaceAll('<', '&lt;'))
    .children.map((node) => (isText(node) ? node.data : ''))
    .join('');
}

export function isElement(node: AnyNode): node is Element {
  return 'attribs' in node;
}

export function isText(node: AnyNode): node is Text {
  // domhandler types `type` as an enum that is not importable at type level; its value is 'text'.
  return (node.type as string) === 'text';
}

/** Elements removed with everything inside them, wherever they appear. */
export const DROPPED_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'textarea',
  'select',
]);

/** Elements that only group other blocks: walked through, their loose inline content becomes paragraphs. */
const CONTAINER_TAGS: ReadonlySet<string> = new Set([
  'html',
  'body',
  'main',
  'article',
  'header',
  'nav',
  'aside',
  'div',
  'p',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'center',
  'details',
  'summary',
  'pre',
  'hgroup',
  'figcaption',
]);

export const HEADING_LEVELS: ReadonlyMap<string, 2 | 3 | 4> = new Map([
  ['h1', 2],
  ['h2', 2],
  ['h3', 3],
  ['h4', 4],
  ['h5', 4],
  ['h6', 4],
]);

/** Every element that starts a new line of text, in the body or in the footer. */
export function isBlockTag(name: string): boolean {
  return (
    CONTAINER_TAGS.has(name) ||
    HEADING_LEVELS.has(name) ||
    name === 'section' ||
    name === 'footer' ||
    name === 'address' ||
    name === 'blockquote' ||
    name === 'figure' ||
    name === 'hr'
  );
}

const WHITESPACE_RUN = /\s+/g;

export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

/** The visible text of nodes, dropped elements excluded, line breaks read as spaces, whitespace collapsed. */
export function textContent(nodes: readonly AnyNode[]): string {
  return collapseWhitespace(rawText(nodes));
}

function rawText(nodes: readonly AnyNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (isText(node)) {
      text += node.data;
    } else if (isElement(node) && !DROPPED_TAGS.has(node.name)) {
      const separator = node.name === 'br' || isBlockTag(node.name) ? ' ' : '';
      text += separator + rawText(node.children) + separator;
    }
  }
  return text;
}
