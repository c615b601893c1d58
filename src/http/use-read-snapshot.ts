import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';

/** Ends the request's read snapshot once its execution is done, whatever the outcome. */
export function useReadSnapshot(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone() {
          (args.contextValue as unknown as Context).db.release();
        },
      };
    },
  };
}
