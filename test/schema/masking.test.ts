import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { seedText, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { execute } from '../support/execute.ts';

const failingQuery = '{ articles(first: 1) { edges { node { title figures { src } } } } }';

/** The query's answer from an app configured by `environment`, as `npm start` would be. */
async function answerUnder(environment: Record<string, string>): Promise<string> {
  const { mode, security } = loadConfig(environment);
  const app = createApp({ config: { ...testConfig, mode, security }, db });
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: failingQuery }),
  });
  return response.text();
}

describe('unexpected errors', () => {
  it('reach clients masked, without SQL or stack traces', async () => {
    await store(seedText);
    // This file's own database loses a table, so that the next query fails inside the driver.
    await db.prisma.$executeRawUnsafe('DROP TABLE "Figure"');
    const response = await execute(failingQuery);
    expect(response.errors).toEqual([
      expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
    expect(JSON.stringify(response)).not.toMatch(/Figure|SQL|stack|at /);
  });

  it('stay masked in the default mode of npm start (NODE_ENV unset) and in production', async () => {
    for (const environment of [{}, { NODE_ENV: 'production' }] as Record<string, string>[]) {
      const answer = await answerUnder(environment);
      expect(answer).toContain('"message":"Unexpected error."');
      expect(answer).not.toMatch(/Figure|stack|originalError|\/src\//);
    }
  });

  it('show their details only with NODE_ENV=development set explicitly', async () => {
    const answer = await answerUnder({ NODE_ENV: 'development' });
    expect(answer).toContain('"originalError"');
    expect(answer).toMatch(/Figure/);
  });
});
