import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { isRowId } from '../archive/cursor.ts';
import { badInput } from './errors.ts';
import { checkedPageSize, type PageArgs } from './pagination.ts';

/** Whether the Pothos cursor holds `keyParts` row ids (one for `id`, a tuple for a compound key). */
function holdsRowIds(cursor: string, keyParts: number): boolean {
  let value: unknown;
  try {
    value = parsePrismaCursor(cursor);
  } catch {
    return false;
  }
  const parts = keyParts === 1 ? [value] : value;
  return Array.isArray(parts) && parts.length === keyParts && parts.every(isRowId);
}

/**
 * The `maxSize` of Pothos's Prisma connections over integer keys. Pothos decodes `after`/`before`
 * whatever they hold (`GPC:N:1e23`, `GPC:S:abc`) and hands the value to Prisma, which then fails the
 * whole query; Pothos calls `maxSize` before it decodes the cursor, so this refuses such cursors
 * first, as the client's mistake and naming the argument, then checks the page size.
 */
export function checkedKeysetPage(keyParts: 1 | 2): (args: PageArgs) => number {
  return (args) => {
    for (const argument of ['after', 'before'] as const) {
      const cursor = args[argument];
      if (cursor != null && !holdsRowIds(cursor, keyParts)) {
        throw badInput(`Invalid cursor "${cursor.slice(0, 100)}" in "${argument}": not a cursor of this list`);
      }
    }
    return checkedPageSize(args);
  };
}
