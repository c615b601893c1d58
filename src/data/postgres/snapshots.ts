import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Row } from '../read/executor.ts';
import type { Snapshot } from '../read/sqlite-snapshots.ts';
import { recordStatement } from '../statement-count.ts';

/**
 * Each request reads inside one `REPEATABLE READ READ ONLY` transaction on a pooled connection, taken
 * on its first statement and held until the request ends: every statement sees the same committed
 * state, as with SQLite's WAL snapshots. With read replicas, the request's pool is chosen once, so
 * all its statements read one replica.
 */

/** Statements are prepared once per connection (by name); past this many shapes they run unnamed. */
const maxNamedStatements = 500;

export class PostgresSnapshots {
  readonly #pools: readonly pg.Pool[];
  readonly #names = new Map<string, string>();
  #next = 0;

  /** `pools`: the pools to read from, in turn (the primary's alone, or one per read replica). */
  constructor(pools: readonly pg.Pool[]) {
    if (pools.length === 0) throw new Error('PostgresSnapshots needs at least one pool');
    this.#pools = pools;
  }

  open(): Snapshot {
    const pool = this.#pools[this.#next++ % this.#pools.length] as pg.Pool;
    let acquiring: Promise<pg.PoolClient> | undefined;
    // A connection runs one statement at a time; a request's resolvers may ask for several at once.
    let previous: Promise<unknown> = Promise.resolve();
    let released = false;
    let statementCount = 0;
    const acquire = () => {
      acquiring ??= pool.connect().then(async (client) => {
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
        return client;
      });
      return acquiring;
    };
    return {
      run: async (sql, params) => {
        if (released) throw new Error('statement on a released snapshot');
        const client = await acquire();
        recordStatement();
        statementCount += 1;
        const query = { name: this.#nameOf(sql), text: sql, values: params };
        const result = previous.then(() => client.query<Row>(query));
        previous = result.catch(() => {});
        return (await result).rows;
      },
      release: () => {
        if (released) return;
        released = true;
        void acquiring?.then(
          (client) =>
            client.query('COMMIT').then(
              () => client.release(),
              (error: Error) => client.release(error),
            ),
          () => {},
        );
      },
      get statementCount() {
        return statementCount;
      },
    };
  }

  #nameOf(sql: string): string | undefined {
    let name = this.#names.get(sql);
    if (name === undefined && this.#names.size < maxNamedStatements) {
      name = `read_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
      this.#names.set(sql, name);
    }
    return name;
  }
}
