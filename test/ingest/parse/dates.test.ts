import { describe, expect, it } from 'vitest';
import { parseEpochMillis, parseFeedDateTime } from '../../../src/ingest/parse/dates.ts';

describe('parseFeedDateTime', () => {
  it.each([
    ['2024-08-13 08:51:28', '2024-08-13T00:51:28.000Z'],
    ['2024-08-13T08:51:28', '2024-08-13T00:51:28.000Z'],
    [' 2024-08-13  08:51 ', '2024-08-13T00:51:00.000Z'],
    ['2024-08-13 03:00:00', '2024-08-12T19:00:00.000Z'],
    ['2024-08-13', '2024-08-12T16:00:00.000Z'],
    ['2024/8/3 08:00:00', '2024-08-03T00:00:00.000Z'],
    ['2024-08-13T08:51:28.250', '2024-08-13T00:51:28.250Z'],
    ['2024-08-13T00:51:28Z', '2024-08-13T00:51:28.000Z'],
    ['2024-08-13T08:51:28+08:00', '2024-08-13T00:51:28.000Z'],
    ['2024-08-12T20:51:28-0400', '2024-08-13T00:51:28.000Z'],
  ])('reads %j as Beijing time unless zoned', (value, expected) => {
    expect(parseFeedDateTime(value)?.toISOString()).toBe(expected);
  });

  it.each([[undefined], [''], ['2024年8月13日'], ['2024-02-30'], ['2024-08-13 24:00:00'], ['13/08/2024']])(
    'rejects %j',
    (value) => {
      expect(parseFeedDateTime(value)).toBeNull();
    },
  );
});

describe('parseEpochMillis', () => {
  it('reads milliseconds since the epoch', () => {
    expect(parseEpochMillis('1723511221000')?.toISOString()).toBe('2024-08-13T01:07:01.000Z');
  });

  it('rejects values outside the Date range', () => {
    expect(parseEpochMillis('9999999999999999')).toBeNull();
  });
});
