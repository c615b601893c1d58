import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../src/archive/record.ts';
import { parseDocument } from '../../src/ingest/parse/document.ts';
import { seedText } from '../support/archive.ts';
import { htmlProblems, plainTextProblems } from '../support/html-safety.ts';
import { robustnessCounts } from './record.ts';

/**
 * Fuzzing the parser (fast-check): the seed document and random feed HTML, mutated by truncation, tag
 * soup, unmatched and self-closing tags, deep nesting (past the 1,000-level guard too), huge attributes,
 * control characters, invalid UTF-8 and entity bombs. Every input gets a record or a typed refusal
 * (never an exception), and a record holds only allowed markup with http(s) URLs in its HTML and no
 * markup in bodyText or its blocks' text. Complements test/ingest/parse/document-properties.test.ts
 * with larger inputs; runs once (no database).
 */
const counts = robustnessCounts('parser-fuzz');

const REFUSALS = new Set(['empty', 'binary', 'no-title-line', 'bad-url', 'too-deeply-nested']);
const TITLE_LINE = '[标题](https://cn.nytimes.com/world/20240101/fuzz/)\n------\n';

const fragment = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '</x>',
      '<div/>',
      '<section>',
      '</section>',
      '<figure>',
      '<figcaption>',
      '<a href="https://e.com/">',
      '</a>',
      '<b>',
      '</i>',
      '<br/>',
      '<footer>',
      '<address>',
      '<time pudate="2024-01-01 08:00:00">',
      '<small>',
      '<cite>',
      '<img src="https://images.weserv.nl/?url=e.com/i.jpg">',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="jav&#x09;ascript:alert(1)">x</a>',
      '<svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)">',
      '<style>*{}</style>',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1200 }).map((depth) => '<div>'.repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((count) => '</x>'.repeat(count)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((count) => '<div/>'.repeat(count)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 50_000 })
      .map((size) => `<a href="https://e.com/" title="${'长'.repeat(size)}">t</a>`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((count) => '&amp;'.repeat(count)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '&#x10FFFF;',
      '&#xD800;',
      '&#99999999999;',
      '&#0;',
      '&lt;script&gt;',
      '&NotANamedEntity;',
      '&amp;lt;',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 31 }), { maxLength: 20 })
      .map((codes) => String.fromCharCode(...codes)),
  },
);

function bytesOf(parts: string[], invalid: readonly (readonly number[])[]): Uint8Array {
  const chunks: Buffer[] = [];
  for (const [index, part] of parts.entries()) {
    chunks.push(Buffer.from(part));
    const bytes = invalid[index];
    if (bytes) chunks.push(Buffer.from(bytes));
  }
  return Buffer.concat(chunks);
}

/** Invalid UTF-8: lone continuation bytes, overlong forms, surrogates encoded, bytes that never occur. */
const invalidUtf8 = fc.constantFrom(
  [0x80],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xf5, 0x80, 0x80, 0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xff],
  [0xfe],
);

/** Invalid bytes after some fragments, in one input of five (a document with them may be refused as binary). */
const invalidAfter = fc.oneof(
  { weight: 4, arbitrary: fc.constant<(readonly number[])[]>([]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constant<readonly number[]>([]), invalidUtf8), { maxLength: 60 }) },
);

function check(input: string | Uint8Array, result: ParseResult): string[] {
  counts.add('fuzz cases run');
  if (!result.ok) {
    counts.add(`fuzz cases refused: ${result.refusal.reason}`);
    return REFUSALS.has(result.refusal.reason) && !result.refusal.message.includes('\n')
      ? []
      : [`refusal ${JSON.stringify(result.refusal)}`];
  }
  counts.add('fuzz cases parsed to a record');
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const { article } = result;
  return [
    ...[article.bodyHtml, ...article.blocks.flatMap((block) => ('html' in block ? [block.html] : []))].flatMap(
      htmlProblems,
    ),
    ...plainTextProblems(text, 'bodyText', article.bodyText),
    ...article.blocks.flatMap((block) =>
      'text' in block ? plainTextProblems(text, `${block.type} text`, block.text) : [],
    ),
  ];
}

/** Runs the parser; an exception is a failure of the property, counted as an unhandled error. */
function parse(input: string | Uint8Array): ParseResult {
  try {
    return parseDocument(input);
  } catch (error) {
    counts.add('unhandled errors');
    throw error;
  }
}

describe('the parser under fuzzing', () => {
  it('answers random feed HTML with a safe record or a typed refusal', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), invalidAfter, (parts, invalid) => {
        const input = Buffer.concat([Buffer.from(TITLE_LINE), bytesOf(parts, invalid)]);
        expect(check(input, parse(input))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the seed document truncated, spliced and with bytes flipped in the same way', () => {
    const bytes = Buffer.from(seedText);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 30 }),
        fc.array(fragment, { maxLength: 8 }),
        fc.nat(),
        (cut, flips, inserted, at) => {
          const mutated = Buffer.from(bytes.subarray(0, cut));
          for (const [offset, value] of flips) if (offset < mutated.length) mutated[offset] = value;
          const middle = mutated.length === 0 ? 0 : at % mutated.length;
          const spliced = Buffer.concat([
            mutated.subarray(0, middle),
            Buffer.from(inserted.join('')),
            mutated.subarray(middle),
          ]);
          expect(check(spliced, parse(spliced))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers every truncation of the seed document in the same way', () => {
    const bytes = Buffer.from(seedText);
    const problems: string[] = [];
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const input = bytes.subarray(0, cut);
      problems.push(...check(input, parse(input)).map((problem) => `cut at ${cut}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  it('refuses nesting past the guard with a typed refusal, and reads unmatched tags as text', () => {
    const deep = parse(`${TITLE_LINE}<section>${'<div>'.repeat(1100)}深</section>`);
    expect(deep.ok ? null : deep.refusal.reason).toBe('too-deeply-nested');
    // `<div/>` is not self-closing in HTML: 20,000 of them are 20,000 levels, refused like any deep nesting.
    const selfClosing = parse(`${TITLE_LINE}<section>${'<div/>'.repeat(20_000)}深</section>`);
    expect(selfClosing.ok ? null : selfClosing.refusal.reason).toBe('too-deeply-nested');
    const unmatched = parse(`${TITLE_LINE}<section><p>前${'</x>'.repeat(20_000)}后</p></section>`);
    expect(check('', unmatched)).toEqual([]);
    expect(unmatched.ok ? unmatched.article.bodyText : unmatched.refusal).toBe('前后');
  });
});
