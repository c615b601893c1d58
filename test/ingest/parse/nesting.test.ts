import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/ingest/parse/document.ts';
import { type AnyNode, isElement, isText, parseHtmlFragment } from '../../../src/ingest/parse/dom.ts';
import { MAX_OPEN_ELEMENTS, settleNesting } from '../../../src/ingest/parse/nesting.ts';

const TITLE_LINE = '[深](https://cn.nytimes.com/world/20240101/deep/)\n------\n';

/** The parsed tree as plain data, to compare two parses. */
function shape(nodes: readonly AnyNode[]): unknown[] {
  return nodes.map((node) => {
    if (isText(node)) return node.data;
    if (isElement(node)) return [node.name, node.attribs, shape(node.children)];
    return node.type;
  });
}

describe('settleNesting', () => {
  it('refuses 100,000 unmatched end tags after as many divs: the depth is real, not guessed from the text', () => {
    // 900 KB; this took 22.7 s to ingest when the guard counted `</x>` as closing a `<div>`.
    expect(settleNesting('<div></x>'.repeat(100_000)).depth).toBe(100_000);
    expect(parseDocument(TITLE_LINE + '<div></x>'.repeat(100_000))).toEqual({
      ok: false,
      refusal: { reason: 'too-deeply-nested', message: `markup nested more than ${MAX_OPEN_ELEMENTS} elements deep` },
    });
  });

  it('refuses 100,000 self-closing divs: in HTML `<div/>` opens a div', () => {
    expect(settleNesting('<div/>'.repeat(100_000)).depth).toBe(100_000);
    expect(parseDocument(TITLE_LINE + '<div/>'.repeat(100_000))).toMatchObject({
      ok: false,
      refusal: { reason: 'too-deeply-nested' },
    });
  });

  it('drops end tags that close nothing, which the parser would search its whole stack for', () => {
    const settled = settleNesting(`${'<div>'.repeat(500)}${'</x>'.repeat(100_000)}<p>后</p>`);
    expect(settled).toEqual({ html: `${'<div>'.repeat(500)}<p>后</p>`, depth: 501 });
    const parsed = parseDocument(`${TITLE_LINE}${'<div>'.repeat(500)}${'</x >'.repeat(100_000)}<p>后</p>`);
    expect(parsed.ok && parsed.article.bodyText).toBe('后');
  });

  it('counts what the parser closes implicitly: unclosed paragraphs and list items do not nest', () => {
    expect(settleNesting('<p>一'.repeat(20_000)).depth).toBe(1);
    expect(settleNesting(`<ul>${'<li>一'.repeat(20_000)}</ul>`).depth).toBe(2);
    expect(settleNesting('<svg><g/><g/></svg><br/><img/>').depth).toBe(2);
    const parsed = parseDocument(TITLE_LINE + '<p>段'.repeat(20_000));
    expect(parsed.ok && parsed.article.blocks).toHaveLength(20_000);
  });

  it('keeps what a stray end tag means: `</p>` is an empty paragraph, `</br>` a break, `</svg>` leaves foreign content', () => {
    for (const html of ['a</p>b', 'a</br>b', '<svg><title></svg><div/>x</div>', '</title><svg><div/></title><b/>x']) {
      expect(shape(parseHtmlFragment(settleNesting(html).html).children)).toEqual(
        shape(parseHtmlFragment(html).children),
      );
    }
  });

  it('keeps a `<` or `&` before a dropped end tag as the text it was (fast-check counterexamples)', () => {
    for (const html of ['<</ div a="1">text', '&</x>amp;', 'a<<</x>b', '<</x></y>p']) {
      expect(shape(parseHtmlFragment(settleNesting(html).html).children)).toEqual(
        shape(parseHtmlFragment(html).children),
      );
    }
  });

  it('settles any tag soup into HTML that parses to the same tree', () => {
    const name = fc.constantFrom(
      'div',
      'p',
      'b',
      'li',
      'ul',
      'td',
      'tr',
      'svg',
      'math',
      'title',
      'x',
      'br',
      'img',
      'DIV',
    );
    const token = fc.oneof(
      name.map((tag) => `<${tag}>`),
      name.map((tag) => `</${tag}>`),
      name.map((tag) => `<${tag}/>`),
      name.map((tag) => `</ ${tag} a="1">`),
      fc.constantFrom(
        'text',
        ' ',
        '<!-- </div> -->',
        '<script></div></script>',
        '<',
        '>',
        '&amp;',
        '</',
        '<a href="x>y">',
      ),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const html = tokens.join('');
        const settled = settleNesting(html);
        expect(shape(parseHtmlFragment(settled.html).children)).toEqual(shape(parseHtmlFragment(html).children));
      }),
      { numRuns: 300 },
    );
  });
});
