import type { Plugin } from 'graphql-yoga';
import type { RootValue, UnusedQueryPolicy } from '../schema/builder.ts';

/**
 * Hands the schema this app's policy for resolvers that ignore their planned Prisma query, through the
 * root value: the schema is built once per process, the policy belongs to each app's configuration.
 */
export function useUnusedQueryPolicy(unusedQueries: UnusedQueryPolicy): Plugin {
  const rootValue: RootValue = { unusedQueries };
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => executeFn({ ...args, rootValue }));
    },
  };
}
