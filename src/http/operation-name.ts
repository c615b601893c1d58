import { Lexer, Source, TokenKind } from 'graphql';

/** GraphQL request parameters as a client sent them: nothing about them is known yet. */
export interface RawGraphQLParams {
  query?: unknown;
  operationName?: unknown;
}

const operationKeywords = new Set(['query', 'mutation', 'subscription']);
const opening = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const closing = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

/**
 * The name of the operation a request runs, null when it is anonymous or unknown: its `operationName`
 * when it sends one, else the first operation's name in its document. Read from the document's first
 * tokens rather than by parsing it, because the response cache answers before anything is parsed and
 * a hit must stay cheap (a document of one operation — the only kind that runs without an
 * `operationName` — names it in its first tokens, after any fragments).
 */
export function operationNameOf({ query, operationName }: RawGraphQLParams): string | null {
  if (typeof operationName === 'string') return operationName;
  if (typeof query !== 'string') return null;
  try {
    return firstOperationName(new Lexer(new Source(query)));
  } catch {
    return null; // not a document: the request fails, anonymously
  }
}

function firstOperationName(lexer: Lexer): string | null {
  let depth = 0;
  let inFragment = false;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (opening.has(token.kind)) {
      if (depth === 0 && token.kind === TokenKind.BRACE_L) {
        // At the top level a selection set is a fragment's body, or the `{ … }` shorthand of an anonymous query.
        if (!inFragment) return null;
        inFragment = false;
      }
      depth += 1;
    } else if (closing.has(token.kind)) {
      depth -= 1;
    } else if (depth === 0 && !inFragment && token.kind === TokenKind.NAME) {
      if (token.value === 'fragment') inFragment = true;
      else if (operationKeywords.has(token.value)) {
        const name = lexer.advance();
        return name.kind === TokenKind.NAME ? name.value : null;
      }
    }
  }
  return null;
}
