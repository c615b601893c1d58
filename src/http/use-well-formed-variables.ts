import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  Kind,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** PostgreSQL cannot bind U+0000 in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what this looks for.
const loneSurrogateOrNul = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;

function describeUnit(unit: string): string {
  const code = unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return unit === '\u0000' ? 'U+0000 (NUL) is not text' : `a lone surrogate (U+${code}) is not text`;
}

/** The first string in `value` that `refused` matches: its path and the code unit. Iterative: variables may nest deeply. */
function refusedUnitIn(name: string, value: unknown, refused: RegExp): { path: string; unit: string } | null {
  const pending: [string, unknown][] = [[name, value]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [path, item] = next;
    if (typeof item === 'string') {
      const unit = refused.exec(item)?.[0];
      if (unit !== undefined) return { path, unit };
    } else if (Array.isArray(item)) {
      for (const [index, element] of item.entries()) pending.push([`${path}[${index}]`, element]);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, field] of Object.entries(item)) pending.push([`${path}.${key}`, field]);
    }
  }
  return null;
}

/** The argument whose literal (in the document itself) holds U+0000; the lexer refuses lone surrogates there. */
function nulArgumentIn(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      if (found !== null) return false;
      let holdsNul = false;
      visit(node.value, {
        [Kind.STRING](value) {
          if (value.value.includes('\u0000')) holdsNul = true;
        },
      });
      if (holdsNul) found = node.name.value;
      return false;
    },
  });
  return found;
}

function refusal(message: string): ExecutionResult {
  return { errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })] };
}

function problemOf(args: ExecutionArgs): ExecutionResult | null {
  // Writes take documents, where a NUL is the intake's to refuse (as binary) one document at a time,
  // never the whole batch; their reads (ids) fail as wrong input anyway.
  const refusesNul = getOperationAST(args.document, args.operationName)?.operation !== 'mutation';
  const refused = refusesNul ? loneSurrogateOrNul : loneSurrogate;
  for (const [name, value] of Object.entries(args.variableValues ?? {})) {
    const found = refusedUnitIn(name, value, refused);
    if (!found) continue;
    const at = found.path === name ? '' : ` at "${found.path}"`;
    return refusal(
      `Variable "$${name}" got invalid value${at}: ${describeUnit(found.unit)}; strings must be well-formed Unicode text`,
    );
  }
  const argument = refusesNul ? nulArgumentIn(args.document) : null;
  if (argument !== null) {
    return refusal(`Argument "${argument}" has invalid value: U+0000 (NUL) is not text; strings must be Unicode text`);
  }
  return null;
}

/**
 * JSON can carry a lone UTF-16 surrogate (`"\udfff"`), which is not Unicode text: Prisma refuses to
 * bind it and fails the query, and the drivers would store it as U+FFFD. GraphQL's own lexer already
 * refuses one in the document, so variables are the only way in; each string in them is checked
 * before anything runs. Reads refuse U+0000 too, in variables and in the document's arguments alike:
 * PostgreSQL cannot bind it in text (writes leave it to the intake, see `problemOf`).
 */
export function useWellFormedVariables(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problem = problemOf(args);
      if (problem) setResultAndStopExecution(problem);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const problem = problemOf(args);
      if (problem) setResultAndStopExecution(problem);
    },
  };
}
