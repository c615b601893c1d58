import { type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string in `value` holding a lone surrogate: its path and the code unit. Iterative: variables may nest deeply. */
function loneSurrogateIn(name: string, value: unknown): { path: string; unit: string } | null {
  const pending: [string, unknown][] = [[name, value]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [path, item] = next;
    if (typeof item === 'string') {
      const unit = loneSurrogate.exec(item)?.[0];
      if (unit !== undefined) return { path, unit };
    } else if (Array.isArray(item)) {
      for (const [index, element] of item.entries()) pending.push([`${path}[${index}]`, element]);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, field] of Object.entries(item)) pending.push([`${path}.${key}`, field]);
    }
  }
  return null;
}

function problemOf(args: ExecutionArgs): ExecutionResult | null {
  for (const [name, value] of Object.entries(args.variableValues ?? {})) {
    const found = loneSurrogateIn(name, value);
    if (!found) continue;
    const code = found.unit.charCodeAt(0).toString(16).toUpperCase();
    const at = found.path === name ? '' : ` at "${found.path}"`;
    const message = `Variable "$${name}" got invalid value${at}: a lone surrogate (U+${code}) is not text; strings must be well-formed Unicode`;
    return { errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })] };
  }
  return null;
}

/**
 * JSON can carry a lone UTF-16 surrogate (`"\udfff"`), which is not Unicode text: Prisma refuses to
 * bind it and fails the query, and the drivers would store it as U+FFFD. GraphQL's own lexer already
 * refuses one in the document, so variables are the only way in; each string in them is checked
 * before anything runs.
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
