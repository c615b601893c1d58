import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Brackets (selection sets, argument lists, input objects and lists) nested deeper than this are
 * refused before parsing: far above any useful query (selections are limited to a dozen levels
 * after parsing), far below what overflows the parser's stack.
 */
export const maxNesting = 128;

const opening = new Set<string>([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const closing = new Set<string>([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

/** The deepest bracket nesting of the document, up to `limit` + 1; lexing errors are left to the parser. */
function nestingOf(text: string, limit: number): number {
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  let deepest = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && deepest <= limit; token = lexer.advance()) {
      if (opening.has(token.kind)) deepest = Math.max(deepest, ++depth);
      else if (closing.has(token.kind)) depth -= 1;
    }
  } catch {
    // A syntax error: the parser reports it, with its location.
  }
  return deepest;
}

/**
 * graphql-js parses by recursive descent: a query nested a few thousand levels overflows the stack
 * (a RangeError, answered 500) before any depth limit, which runs on the parsed document, can see
 * it. The lexer is iterative, so counting brackets with it first is safe at any depth.
 */
export function useNestingLimit(limit = maxNesting): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const text = typeof source === 'string' ? source : source.body;
        if (nestingOf(text, limit) > limit) {
          throw new GraphQLError(`Query is nested deeper than ${limit} levels of brackets`, {
            extensions: { code: 'QUERY_TOO_COMPLEX' },
          });
        }
        return parseFn(source, options);
      });
    },
  };
}
