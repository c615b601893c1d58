import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from '@prisma/driver-adapter-utils';

/** Counts the SQL statements that reach the driver while a unit of work (a GraphQL request) runs. */
export interface StatementTally {
  count: number;
}

const currentTally = new AsyncLocalStorage<StatementTally>();

export function countStatements<T>(work: () => T): { tally: StatementTally; result: T } {
  const tally: StatementTally = { count: 0 };
  return { tally, result: currentTally.run(tally, work) };
}

/** Counts one statement for the current request; the read executor calls it for each statement it runs. */
export function recordStatement(): void {
  const tally = currentTally.getStore();
  if (tally) tally.count += 1;
}

function countingQueryable<T extends Transaction | SqlDriverAdapter>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (...args: unknown[]) => {
          recordStatement();
          return value.apply(object, args);
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => countingQueryable((await value.apply(object, args)) as Transaction);
      }
      return value.bind(object);
    },
  });
}

/** Wraps a driver adapter factory so that every statement it runs is tallied for the current request. */
export function withStatementCounting<F extends SqlMigrationAwareDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === 'connect' && typeof value === 'function') {
        return async () => countingQueryable((await value.apply(object)) as SqlDriverAdapter);
      }
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
