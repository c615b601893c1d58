import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument as parseHtml } from 'htmlparser2';

/** What served HTML and served text may hold: the checks of the XSS and fuzz robustness tests. */

/** The tags and attributes the sanitizer writes (src/ingest/parse/inline.ts, body.ts, document.ts figureHtml). */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'p',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'figure',
  'img',
  'figcaption',
  'cite',
  'a',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'sub',
  'sup',
]);
const ALLOWED_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set(['href', 'title']),
  img: new Set(['src', 'width', 'height']),
};
const URL_ATTRIBUTES = new Set(['href', 'src']);

/** Everything wrong with served HTML, read as a browser reads it (entities decoded). */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isTag(node)) {
        checkElement(node, problems);
        walk(node.children);
      } else if (!isText(node)) problems.push(`a ${node.type} node`);
    }
  };
  walk(parseHtml(html).children);
  if (/<script/i.test(html)) problems.push('<script');
  return problems;
}

function checkElement(element: Element, problems: string[]): void {
  if (!ALLOWED_TAGS.has(element.name)) problems.push(`tag <${element.name}>`);
  for (const [name, value] of Object.entries(element.attribs)) {
    if (/^on/i.test(name)) problems.push(`handler ${name}`);
    if (!ALLOWED_ATTRIBUTES[element.name]?.has(name)) problems.push(`attribute ${name} on <${element.name}>`);
    if (URL_ATTRIBUTES.has(name) && !/^https?:\/\/[^\s]/.test(value)) problems.push(`URL ${name}="${value}"`);
  }
}

/**
 * A tag, comment, doctype or processing instruction where the API serves text: what an HTML parser
 * would read as one. A `</` or `<!` cut off by the end of the input is text to a browser too (HTML's
 * tokenizer emits it as characters), and the parser keeps it so.
 */
export const MARKUP = /<(?:[a-zA-Z?]|\/[a-zA-Z]|![\s\S])/;
/** A `<` the input spells as a character reference is text the author wrote, and may stay so. */
export const ESCAPED_LESS_THAN = /&(?:lt|#0*60|#x0*3c);?/i;

/** A `<` inside a quoted attribute value is text too: a link's `title` is served as it was written. */
export const LESS_THAN_IN_ATTRIBUTE = /=\s*"[^"]*</;

/** Markup in a field the API serves as text, unless the input spelled its `<` as text. */
/**
 * Whether the input writes a `<` that is text: a character reference, or a `<` that starts no tag
 * (`<<a>j</a>` gives the text `<j`, which is no markup though it looks like some).
 */
export function writesLiteralLessThan(input: string): boolean {
  return ESCAPED_LESS_THAN.test(input) || /<(?![a-zA-Z?!/])/.test(input);
}

export function plainTextProblems(input: string, field: string, text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  if (writesLiteralLessThan(input)) return [];
  if (field === 'link title' && LESS_THAN_IN_ATTRIBUTE.test(input)) return [];
  return MARKUP.test(text) ? [`markup in ${field}: ${JSON.stringify(text)}`] : [];
}
