import { execute, subscribe } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Executes with graphql-js itself. Yoga's default executor (@graphql-tools/executor 1.x) writes an
 * object's fields in the order their values resolve, so a `totalCount` counted by a second query came
 * out after `edges` although selected first; GraphQL requires selection order. Its fix (2.1) needs
 * Node ≥ 22.15, and we support Node 20.
 */
export function useSelectionOrderedResults(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe);
    },
  };
}
