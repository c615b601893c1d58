import { describe, expect, it } from 'vitest';
import { seedText, store } from '../support/archive.ts';
import { db } from '../support/database.ts';
import { execute } from '../support/execute.ts';

describe('unexpected errors', () => {
  it('reach clients masked, without SQL or stack traces', async () => {
    await store(seedText);
    // This file's own database loses a table, so that the next query fails inside the driver.
    await db.prisma.$executeRawUnsafe('DROP TABLE "Figure"');
    const response = await execute('{ articles(first: 1) { edges { node { title figures { src } } } } }');
    expect(response.errors).toEqual([
      expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
    expect(JSON.stringify(response)).not.toMatch(/Figure|SQL|stack|at /);
  });
});
