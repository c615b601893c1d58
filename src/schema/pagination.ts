import { badInput } from './errors.ts';

/** Every connection's page-size rules: one place, used by the resolvers and by the cost estimate. */
export const defaultPageSize = 20;
export const maxPageSize = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * The requested page size, refused (never clamped) when out of range. Also handed to Pothos's
 * connection helpers as `maxSize`, so that every connection validates the same way.
 */
export function checkedPageSize(args: PageArgs): number {
  if (args.first != null && args.last != null) {
    throw badInput('Give either "first" (with "after") or "last" (with "before"), not both');
  }
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 0 || size > maxPageSize)) {
      throw badInput(`"${name}" must be between 0 and ${maxPageSize}, got ${size}`);
    }
  }
  return args.first ?? args.last ?? defaultPageSize;
}

/**
 * The most items a page with these arguments can hold, for estimating a query's cost before it runs.
 * Invalid sizes count as the default: the field itself refuses them with a message about the argument.
 */
export function estimatedPageSize(args: { first?: unknown; last?: unknown }): number {
  const size = args.first ?? args.last;
  const valid = typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= maxPageSize;
  return valid ? Math.max(size, 1) : defaultPageSize;
}
