/** Dates as the feed writes them: wall-clock Beijing time unless a zone is given. */

const BEIJING_OFFSET_MINUTES = 8 * 60;
const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** `2024-08-13 08:51:28` (Beijing) → 2024-08-13T00:51:28Z; also `T`-separated, date-only, or zoned. Null when unusable. */
export function parseFeedDateTime(value: string | undefined): Date | null {
  const match = DATE_TIME.exec(value?.trim() ?? '');
  if (match === null) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0', zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isValidWallClock(...fields)) return null;
  const [y, mo, d, h, mi, s] = fields;
  const wallClockAsUtc = Date.UTC(y, mo - 1, d, h, mi, s, Number(millis.padEnd(3, '0')));
  return new Date(wallClockAsUtc - zoneOffsetMinutes(zone) * 60_000);
}

function isValidWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range fields (Feb 30 → Mar 2); a round trip exposes that.
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    probe.getUTCHours() === hour &&
    probe.getUTCMinutes() === minute &&
    probe.getUTCSeconds() === second
  );
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return BEIJING_OFFSET_MINUTES;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

/** The capture comment's epoch milliseconds (`<!--1723511221000-->`), or null when it is not a usable date. */
export function parseEpochMillis(digits: string): Date | null {
  const date = new Date(Number(digits));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The `/YYYYMMDD/` segment of an article URL as Beijing midnight, the best date left when the feed gives none. */
export function dateFromArticlePath(url: string): Date | null {
  const digits = /\/(\d{4})(\d{2})(\d{2})\//.exec(new URL(url).pathname);
  return digits === null ? null : parseFeedDateTime(`${digits[1]}-${digits[2]}-${digits[3]}`);
}
