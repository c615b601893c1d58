import { describe, expect, it } from 'vitest';
import {
  DatabaseBusyError,
  isDatabaseBusy,
  type RetryClock,
  retryWhileBusy,
} from '../../../src/data/write/busy-retry.ts';

/** Time passes only when the code under test sleeps; every draw of chance is `random`. */
function fakeClock(random = 0.5) {
  const sleeps: number[] = [];
  let now = 0;
  const clock: RetryClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
  return { clock, sleeps };
}

/** As better-sqlite3 throws it. */
const sqliteBusy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
/** As Prisma wraps it for a raw query through the driver adapter. */
const prismaBusy = Object.assign(new Error('Raw query failed. Code: `SQLITE_BUSY`.'), {
  code: 'P2010',
  meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY', kind: 'SocketTimeout' } } },
});
/** A deferred transaction's read that another writer's commit made stale. */
const staleSnapshot = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
const uniqueViolation = Object.assign(new Error('Unique constraint failed on the fields: (`url`)'), {
  code: 'P2002',
  meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_CONSTRAINT_UNIQUE' } } },
});

/** Fails with each of `errors` in turn, then answers 'stored'. */
function failingWith(...errors: Error[]) {
  let calls = 0;
  const work = async () => {
    const error = errors[calls];
    calls += 1;
    if (error) throw error;
    return 'stored';
  };
  return { work, calls: () => calls };
}

describe('isDatabaseBusy', () => {
  it('recognizes SQLITE_BUSY and its extended codes however they are wrapped, and nothing else', () => {
    expect([sqliteBusy, prismaBusy, staleSnapshot].map(isDatabaseBusy)).toEqual([true, true, true]);
    expect([uniqueViolation, new Error('database is locked'), 'SQLITE_BUSY', null].map(isDatabaseBusy)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('retryWhileBusy', () => {
  it('tries again after busy errors, with jittered delays that double up to a cap', async () => {
    const { clock, sleeps } = fakeClock(0.5);
    const waited: number[] = [];
    const errors = Array.from({ length: 8 }, (_, index) => [sqliteBusy, prismaBusy, staleSnapshot][index % 3] as Error);
    const { work, calls } = failingWith(...errors);

    await expect(retryWhileBusy(work, { clock, onWaiting: (ms) => waited.push(ms) })).resolves.toBe('stored');
    expect(calls()).toBe(9);
    expect(sleeps).toEqual([25, 50, 100, 200, 400, 500, 500, 500]);
    expect(waited).toEqual([0, 25, 75, 175, 375, 775, 1275, 1775]);
  });

  it('draws each delay anywhere below its ceiling, so that colliding writers spread out', async () => {
    const low = fakeClock(0);
    await retryWhileBusy(failingWith(sqliteBusy, sqliteBusy).work, { clock: low.clock });
    expect(low.sleeps).toEqual([0, 0]);
    const high = fakeClock(0.999);
    await retryWhileBusy(failingWith(sqliteBusy, sqliteBusy).work, { clock: high.clock });
    expect(high.sleeps).toEqual([49.95, 99.9]);
  });

  it('rethrows any other error at once', async () => {
    const { clock, sleeps } = fakeClock();
    const { work, calls } = failingWith(uniqueViolation);
    await expect(retryWhileBusy(work, { clock })).rejects.toBe(uniqueViolation);
    expect(calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up with DatabaseBusyError once it has waited maxWaitMs in all', async () => {
    const { clock } = fakeClock(0.5);
    const { work, calls } = failingWith(...Array.from({ length: 100 }, () => prismaBusy));
    const failure = retryWhileBusy(work, { clock, maxWaitMs: 3000 });
    await expect(failure).rejects.toThrow(DatabaseBusyError);
    await expect(failure).rejects.toThrow('the database stayed locked by another writer for 3 s');
    await expect(failure).rejects.toHaveProperty('cause', prismaBusy);
    // Sleeps of 25, 50, 100, 200, 400 and then 500 ms pass 3 s after the tenth.
    expect(calls()).toBe(11);
  });
});
