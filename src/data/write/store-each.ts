import type { ArticleRecord } from '../../archive/record.ts';
import { type BusyRetryOptions, DatabaseBusyError, retryWhileBusy } from './busy-retry.ts';
import type { StoreOutcome } from './plan.ts';
import type { ArticleWriter } from './writer.ts';

/** A record's fate in a write: its outcome, or why it could not be stored (one line, for people). */
export type StoreResult = { outcome: StoreOutcome } | { failure: string };

/**
 * Stores the records in one transaction (waiting for other writers' locks); when that fails
 * otherwise, one at a time, so that only a faulty record fails and the others land. A database
 * locked for longer than the retries wait fails the whole call: no record is at fault.
 */
export async function storeTogetherOrAlone(
  writer: ArticleWriter,
  records: readonly ArticleRecord[],
  busyRetry: BusyRetryOptions = {},
): Promise<StoreResult[]> {
  try {
    const outcomes = await retryWhileBusy(() => writer.write(records), busyRetry);
    return outcomes.map((outcome) => ({ outcome }));
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw error;
    if (records.length === 1) return [failed(error)];
    const results: StoreResult[] = [];
    for (const record of records) results.push(await storeAlone(writer, record, busyRetry));
    return results;
  }
}

async function storeAlone(
  writer: ArticleWriter,
  record: ArticleRecord,
  busyRetry: BusyRetryOptions,
): Promise<StoreResult> {
  try {
    const [outcome] = await retryWhileBusy(() => writer.write([record]), busyRetry);
    if (outcome === undefined) throw new Error('no outcome was reported');
    return { outcome };
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw error;
    return failed(error);
  }
}

/** The first line of the error: enough to say why, without a stack or a dump of the input. */
function failed(error: unknown): StoreResult {
  const message = error instanceof Error ? error.message : String(error);
  return { failure: `could not be stored: ${message.trim().split('\n')[0]}` };
}
