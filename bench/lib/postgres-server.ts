import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server `--provider postgres` runs on: local (its processes are pinned by pid, see
 * postgres-pinning.ts), trust authentication for user postgres, as on every machine of this project.
 */
export const postgresServerUrl = 'postgresql://postgres@127.0.0.1:5432';

/** Every database of a run is named `<prefix><harness pid>_<label>_<random>`. */
const namePrefix = 'news_bench_';

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export function postgresDatabaseUrl(name: string): string {
  return `${postgresServerUrl}/${name}`;
}

/** The database name of a URL this module made. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A statement on the maintenance database `postgres`, on a connection of its own. */
export async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function benchDatabaseName(pid: number, label: string): string {
  return `${namePrefix}${pid}_${label}_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
}

/** The harness pid in a name of `benchDatabaseName`, or null for any other database. */
export function harnessPidOf(name: string): number | null {
  const pid = name.startsWith(namePrefix) ? name.slice(namePrefix.length).split('_')[0] : undefined;
  return pid !== undefined && /^\d+$/.test(pid) ? Number(pid) : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function createDatabase(name: string): Promise<void> {
  await onServer((client) => client.query(`CREATE DATABASE ${quote(name)}`));
}

/** FORCE: a server that was killed may have left connections behind. */
export async function dropDatabase(name: string): Promise<void> {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

/**
 * Drops the databases of runs whose harness is gone: a run stopped by SIGKILL cannot drop its own.
 * Returns their names.
 */
export async function dropAbandonedDatabases(): Promise<string[]> {
  const { rows } = await onServer((client) =>
    client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [namePrefix]),
  );
  const abandoned = rows
    .map(({ datname }) => datname)
    .filter((name) => {
      const pid = harnessPidOf(name);
      return pid !== null && !isAlive(pid);
    });
  for (const name of abandoned) await dropDatabase(name);
  return abandoned;
}
