import type { Plugin } from 'graphql-yoga';
import { countStatements, type StatementTally } from '../data/statement-count.ts';

/**
 * Adds `extensions.sqlStatements`: how many SQL statements the request ran at the driver (0 when it
 * was answered without executing, e.g. from the response cache).
 */
export function useSqlStatementCount(): Plugin<{ request: Request }> {
  const tallies = new WeakMap<Request, StatementTally>();
  return {
    onExecute({ executeFn, setExecuteFn, args }) {
      setExecuteFn((executionArgs) => {
        const { tally, result } = countStatements(() => executeFn(executionArgs));
        tallies.set(args.contextValue.request, tally);
        return result;
      });
    },
    onExecutionResult({ request, result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const sqlStatements = tallies.get(request)?.count ?? 0;
      setResult({ ...result, extensions: { ...result.extensions, sqlStatements } });
    },
  };
}
