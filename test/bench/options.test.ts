import { describe, expect, it } from 'vitest';
import { type BenchOptions, largeCorpusFactor, readOptions, UsageError } from '../../bench/lib/options.ts';

describe('readOptions', () => {
  it('defaults to a full run with the larger corpus', () => {
    expect(readOptions([])).toEqual({
      provider: 'sqlite',
      json: false,
      quick: false,
      documents: 10_000,
      largeDocuments: 50_000,
      warmupSeconds: 3,
      durationSeconds: 10,
      runs: 3,
    } satisfies BenchOptions);
  });

  it('makes --quick a small smoke run', () => {
    expect(readOptions(['--quick'])).toEqual({
      provider: 'sqlite',
      json: false,
      quick: true,
      documents: 1_000,
      largeDocuments: 1_000 * largeCorpusFactor,
      warmupSeconds: 1,
      durationSeconds: 3,
      runs: 1,
    } satisfies BenchOptions);
  });

  it('lets explicit numbers override the --quick defaults, in either option form', () => {
    expect(readOptions(['--quick', '--docs', '2000', '--duration=5', '--runs', '2', '--json'])).toEqual({
      provider: 'sqlite',
      json: true,
      quick: true,
      documents: 2_000,
      largeDocuments: 10_000,
      warmupSeconds: 1,
      durationSeconds: 5,
      runs: 2,
    } satisfies BenchOptions);
  });

  it('sizes the larger corpus from --docs, and drops it with --skip-50k', () => {
    expect(readOptions(['--docs', '300'])?.largeDocuments).toBe(1_500);
    expect(readOptions(['--docs', '300', '--skip-50k'])?.largeDocuments).toBeNull();
  });

  it('runs on SQLite unless --provider says postgres, in either option form, the rest unchanged', () => {
    expect(readOptions(['--provider', 'sqlite'])).toEqual(readOptions([]));
    expect(readOptions(['--provider', 'postgres'])).toEqual({ ...readOptions([]), provider: 'postgres' });
    expect(readOptions(['--provider=postgres', '--quick', '--skip-50k'])).toEqual({
      ...readOptions(['--quick', '--skip-50k']),
      provider: 'postgres',
    });
  });

  it('returns null when only the usage is asked for', () => {
    expect(readOptions(['--help'])).toBeNull();
    expect(readOptions(['--quick', '--help'])).toBeNull();
  });

  it.each([
    [['--docs', '0'], '--docs must be a whole number from 1 to 200000'],
    [['--docs', '200001'], '--docs must be a whole number from 1 to 200000'],
    [['--docs', '1e3'], '--docs must be a whole number from 1 to 200000'],
    [['--docs', '2.5'], '--docs must be a whole number from 1 to 200000'],
    [['--docs='], '--docs must be a whole number from 1 to 200000'],
    [['--duration', '601'], '--duration must be a whole number from 1 to 600'],
    [['--runs', '21'], '--runs must be a whole number from 1 to 20'],
    [['--runs', 'three'], '--runs must be a whole number from 1 to 20'],
    [['--provider', 'postgresql'], '--provider must be one of sqlite, postgres'],
    [['--provider', 'SQLite'], '--provider must be one of sqlite, postgres'],
    [['--provider='], '--provider must be one of sqlite, postgres'],
  ])('refuses %j', (args, message) => {
    expect(() => readOptions(args)).toThrow(new UsageError(message));
  });

  it.each([[['--fast']], [['--docs']], [['--provider']], [['extra']]])('refuses %j as a usage error', (args) => {
    expect(() => readOptions(args)).toThrow(UsageError);
  });
});
