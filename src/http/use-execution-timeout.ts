import { type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const defaultExecutionTimeoutMs = 10_000;

function timedOut(timeoutMs: number): GraphQLError {
  return new GraphQLError(`Query took longer than ${timeoutMs / 1000} s and was stopped; ask for less`, {
    extensions: { code: 'QUERY_TIMEOUT', timeoutMs },
  });
}

/**
 * Answers a query still running after `timeoutMs` with a `QUERY_TIMEOUT` error instead of holding the
 * request (and its client) open. The read snapshot is released as the answer goes out
 * (use-read-snapshot.ts), so the resolvers left running fail at their next statement instead of
 * reading on. Mutations are not cut short: their writes commit whatever the client is told, and an
 * error would make a CMS retry a write that happened. Subscriptions are streams, not executions.
 * After the plugins that wrap the executor to count or order (their wrapping sees the whole run).
 */
export function useExecutionTimeout(timeoutMs: number = defaultExecutionTimeoutMs): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      setExecuteFn(async (executionArgs) => {
        const execution = Promise.resolve(executeFn(executionArgs));
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => resolve({ data: null, errors: [timedOut(timeoutMs)] }), timeoutMs);
        });
        // The losing execution still settles later: its failure is of no interest to anyone.
        execution.catch(() => {});
        try {
          return await Promise.race([execution, deadline]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
