import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { projectRoot } from '../../src/config.ts';

/**
 * What a robustness test file counted, for `npm run test:robustness`'s table
 * (scripts/robustness-report.ts): one JSON file per test file and provider under
 * `test-results/robustness/` (gitignored), written when the file's tests end.
 */
export const robustnessResultsDirectory = join(projectRoot, 'test-results', 'robustness');

export interface RobustnessRecord {
  /** The test file, without folder and `.test.ts`. */
  test: string;
  provider: string;
  writtenAt: string;
  /** Metric name (as the table prints it) → count. */
  counts: Record<string, number>;
}

/**
 * Counts for this test file, written after its tests: `add` as the tests go, and an `unhandled errors`
 * count that includes every uncaught exception and unhandled rejection this worker saw meanwhile.
 */
export function robustnessCounts(test: string): {
  add(metric: string, count?: number): void;
  set(metric: string, count: number): void;
  get(metric: string): number;
} {
  const counts: Record<string, number> = {};
  const provider = inject('provider');
  let unhandled = 0;
  const onUnhandled = () => {
    unhandled += 1;
  };
  process.on('uncaughtException', onUnhandled);
  process.on('unhandledRejection', onUnhandled);
  afterAll(() => {
    process.off('uncaughtException', onUnhandled);
    process.off('unhandledRejection', onUnhandled);
    counts['unhandled errors'] = (counts['unhandled errors'] ?? 0) + unhandled;
    const record: RobustnessRecord = { test, provider, writtenAt: new Date().toISOString(), counts };
    mkdirSync(robustnessResultsDirectory, { recursive: true });
    writeFileSync(join(robustnessResultsDirectory, `${test}.${provider}.json`), `${JSON.stringify(record, null, 2)}\n`);
  });
  return {
    add(metric, count = 1) {
      counts[metric] = (counts[metric] ?? 0) + count;
    },
    set(metric, count) {
      counts[metric] = count;
    },
    get(metric) {
      return counts[metric] ?? 0;
    },
  };
}
