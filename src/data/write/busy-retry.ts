import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waiting for other writers: SQLite has one write lock per database file, and another process (a
 * second ingest, the server's write API) may hold it for a batch at a time.
 */

/** Where an SQLite error code can sit: on a better-sqlite3 error, a Prisma driver adapter error, or a Prisma error. */
interface SqliteErrorCodes {
  code?: unknown;
  cause?: { originalCode?: unknown };
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT…): another connection holds the write lock. */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, cause, meta } = error as SqliteErrorCodes;
  const codes = [code, cause?.originalCode, meta?.driverAdapterError?.cause?.originalCode];
  return codes.some((value) => typeof value === 'string' && value.startsWith('SQLITE_BUSY'));
}

/** The database stayed locked by other writers for longer than `retryWhileBusy` waits. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

export interface BusyRetryOptions {
  /** Called before each wait with how long the work has been waiting for the lock so far. */
  onWaiting?: (waitedMs: number) => void;
  /** How long to keep trying in all. */
  maxWaitMs?: number;
  clock?: RetryClock;
}

/** Time and chance, which tests replace. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), like Math.random. */
  random(): number;
}

const systemClock: RetryClock = { now: () => performance.now(), sleep: (ms) => sleep(ms), random: Math.random };

/** Many batches of another writer; a lock held longer than this is a stuck process, worth an error. */
const MAX_BUSY_WAIT_MS = 180_000;
const FIRST_BACKOFF_MS = 50;
/**
 * Kept short: every attempt already waits up to the connection's busy timeout, polling for the lock,
 * while a long sleep would miss the gaps between another writer's batches.
 */
const MAX_BACKOFF_MS = 1000;

/**
 * Runs `work` (a whole transaction) again while it fails because another connection holds the write
 * lock, sleeping an exponentially growing, fully jittered delay in between so that writers that
 * collided do not collide again in step. Any other error is rethrown at once.
 */
export async function retryWhileBusy<T>(work: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const { onWaiting, maxWaitMs = MAX_BUSY_WAIT_MS, clock = systemClock } = options;
  const started = clock.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
      const waitedMs = clock.now() - started;
      if (waitedMs >= maxWaitMs) {
        const seconds = Math.round(waitedMs / 1000);
        throw new DatabaseBusyError(`the database stayed locked by another writer for ${seconds} s`, { cause: error });
      }
      onWaiting?.(waitedMs);
      await clock.sleep(clock.random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt));
    }
  }
}
