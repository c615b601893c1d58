import SQLite from 'better-sqlite3';
import { recordStatement } from '../statement-count.ts';
import type { Row } from './executor.ts';

/**
 * Read-only connections, each lent to one request at a time inside a read transaction: every
 * statement of the request sees the same committed state (WAL keeps that snapshot while writers go
 * on), so a count and the page it describes always agree and no article is read half-replaced.
 */
export interface Snapshot {
  run(sql: string, params: unknown[]): Promise<Row[]>;
  /** Ends the read transaction and returns the connection; safe to call more than once. */
  release(): void;
  /** Statements run so far (the metrics' count, without the async tracking statement-count.ts needs). */
  readonly statementCount: number;
}

const preparedPerConnection = 500;

class PooledConnection {
  readonly #connection: SQLite.Database;
  readonly #prepared = new Map<string, SQLite.Statement>();
  readonly #begin: SQLite.Statement;
  readonly #commit: SQLite.Statement;

  constructor(file: string) {
    this.#connection = new SQLite(file, { readonly: true, fileMustExist: true });
    this.#begin = this.#connection.prepare('BEGIN');
    this.#commit = this.#connection.prepare('COMMIT');
  }

  begin(): void {
    this.#begin.run();
  }

  commit(): void {
    if (this.#connection.inTransaction) this.#commit.run();
  }

  all(sql: string, params: unknown[]): Row[] {
    let statement = this.#prepared.get(sql);
    if (!statement) {
      if (this.#prepared.size >= preparedPerConnection) this.#prepared.clear();
      statement = this.#connection.prepare(sql);
      this.#prepared.set(sql, statement);
    }
    return statement.all(...params) as Row[];
  }

  close(): void {
    this.#connection.close();
  }
}

export class SqliteSnapshots {
  readonly #idle: PooledConnection[] = [];
  readonly #waiting: ((connection: PooledConnection) => void)[] = [];
  readonly #all: PooledConnection[] = [];

  constructor(file: string, size: number) {
    for (let index = 0; index < size; index += 1) {
      const connection = new PooledConnection(file);
      this.#all.push(connection);
      this.#idle.push(connection);
    }
  }

  /** A snapshot that takes a connection on its first statement, so requests answered without SQL hold none. */
  open(): Snapshot {
    let connection: PooledConnection | undefined;
    let acquiring: Promise<PooledConnection> | undefined;
    let released = false;
    let statementCount = 0;
    const acquire = async () => {
      acquiring ??= this.#acquire().then((acquired) => {
        acquired.begin();
        connection = acquired;
        return acquired;
      });
      return acquiring;
    };
    return {
      run: async (sql, params) => {
        if (released) throw new Error('statement on a released snapshot');
        const current = connection ?? (await acquire());
        recordStatement();
        statementCount += 1;
        return current.all(sql, params);
      },
      release: () => {
        if (released) return;
        released = true;
        void acquiring?.then((acquired) => {
          acquired.commit();
          this.#give(acquired);
        });
      },
      get statementCount() {
        return statementCount;
      },
    };
  }

  close(): void {
    for (const connection of this.#all) connection.close();
  }

  #acquire(): Promise<PooledConnection> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #give(connection: PooledConnection): void {
    const next = this.#waiting.shift();
    if (next) next(connection);
    else this.#idle.push(connection);
  }
}
