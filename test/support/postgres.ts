import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL databases for tests: every run migrates one template database, and every test file
 * works on its own copy (`CREATE DATABASE … TEMPLATE`), dropped when the run ends. Names carry the
 * runner's process id, so concurrent runs never collide and a run that was killed is cleaned up by
 * the next one.
 */

/** The server every test database lives on (trust auth on 127.0.0.1, as on every machine here). */
export const postgresServerUrl = 'postgresql://postgres@127.0.0.1:5432';

const namePrefix = 'news_test_';

export function postgresDatabaseUrl(name: string): string {
  return `${postgresServerUrl}/${name}`;
}

async function onAdminConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A fresh empty database named for this run; answers its name. */
export async function createRunDatabase(runId: string, template?: string): Promise<string> {
  const name = `${namePrefix}${runId}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await onAdminConnection((client) =>
    client.query(`CREATE DATABASE ${quote(name)}${template === undefined ? '' : ` TEMPLATE ${quote(template)}`}`),
  );
  return name;
}

/** This run's id: the runner's pid, so a later run can tell databases of dead runs. */
export function newRunId(): string {
  return String(process.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops this run's databases, and those of runs whose process is gone. */
export async function dropRunDatabases(runId: string): Promise<void> {
  await onAdminConnection(async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${namePrefix}%`,
    ]);
    for (const { datname } of rows) {
      const owner = datname.slice(namePrefix.length).split('_')[0] ?? '';
      if (owner === runId || !isAlive(Number(owner))) {
        await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
      }
    }
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await onAdminConnection((client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}
