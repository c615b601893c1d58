import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../../src/archive/record.ts';
import { parseDocument } from '../../../src/ingest/parse/document.ts';
import { seedText } from '../../support/archive.ts';
import { ALLOWED_TAGS, writesLiteralLessThan } from '../../support/html-safety.ts';

const TAG = /<\/?([a-zA-Z][^\s/>]*)/g;
const URL_ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;
const HANDLER = /\son[a-z]+\s*=/i;

function expectSafe(input: string | Uint8Array, result: ParseResult): void {
  if (!result.ok) {
    expect(typeof result.refusal.reason).toBe('string');
    expect(result.refusal.message).not.toContain('\n');
    return;
  }
  const { article } = result;
  const htmls = [article.bodyHtml, ...article.blocks.flatMap((block) => ('html' in block ? [block.html] : []))];
  for (const html of htmls) {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(HANDLER);
    for (const [, name = ''] of html.matchAll(TAG)) expect(ALLOWED_TAGS).toContain(name);
    for (const [, url = ''] of html.matchAll(URL_ATTRIBUTE)) expect(url).toMatch(/^https?:\/\//);
  }
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (!writesLiteralLessThan(text)) expect(article.bodyText).not.toMatch(/<(?:[a-zA-Z!]|\/[a-zA-Z])/);
}

const TITLE_LINE = '[标题](https://cn.nytimes.com/world/20240101/fuzz/)\n------\n';

const hostileFragment = fc.oneof(
  fc.constantFrom(
    '<div>',
    '</div>',
    '</x>',
    '<div/>',
    '<p>',
    '</p>',
    '<section>',
    '</section>',
    '<footer>',
    '<figure>',
    '<script>alert(1)</script>',
    '<img src="javascript:alert(1)" onerror="alert(1)">',
    '<a href="javascript:x">j</a>',
    '<a href="https://example.com/" onclick="x">ok</a>',
    '<svg><a href="https://e.com/">s</a></svg>',
    '<iframe src="https://e.com">',
    '<b><i>',
    '</b>',
    '<time datetime="2024-01-01">',
    '<address>张三</address>',
    '<!--',
    '-->',
    '<![CDATA[',
    '&lt;script&gt;',
    '&#x3C;script&#x3E;',
    '&amp;'.repeat(50),
    '&#0;',
    '\u0000',
    '\u001b',
    '\ud800',
    '<h2>',
    '<blockquote>',
    '<br/>',
    '<style>p{}</style>',
  ),
  fc.string({ maxLength: 20 }),
  fc
    .string({ minLength: 1, maxLength: 8 })
    .map((value) => `<a href="https://e.com/" title="${value.repeat(500)}">长</a>`),
  fc.integer({ min: 1, max: 300 }).map((depth) => `${'<div><b>'.repeat(depth)}深`),
);

describe('parseDocument on hostile input (properties)', () => {
  it('answers a record or a typed refusal, and a record holds nothing unsafe, for random feed HTML', () => {
    fc.assert(
      fc.property(fc.array(hostileFragment, { maxLength: 40 }), (fragments) => {
        const input = TITLE_LINE + fragments.join('');
        expectSafe(input, parseDocument(input));
      }),
      { numRuns: 200 },
    );
  });

  it('does the same for the seed document truncated, spliced and with bytes flipped', () => {
    const bytes = Buffer.from(seedText);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.array(hostileFragment, { maxLength: 5 }),
        (cut, flips, inserted) => {
          const mutated = Buffer.from(bytes.subarray(0, cut));
          for (const [at, value] of flips) if (at < mutated.length) mutated[at] = value;
          const middle = Math.floor(mutated.length / 2);
          const spliced = Buffer.concat([
            mutated.subarray(0, middle),
            Buffer.from(inserted.join('')),
            mutated.subarray(middle),
          ]);
          expectSafe(spliced, parseDocument(spliced));
        },
      ),
      { numRuns: 150 },
    );
  });
});
