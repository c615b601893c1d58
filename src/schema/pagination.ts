import { GraphQLError } from 'graphql';

export const defaultPageSize = 20;
export const maxPageSize = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export function badPageArgument(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * The requested page size, refused (never clamped) when out of range. Also handed to Pothos's
 * connection helpers as `maxSize`, so that every connection validates the same way.
 */
export function checkedPageSize(args: PageArgs): number {
  if (args.first != null && args.last != null) {
    throw badPageArgument('Give either "first" (with "after") or "last" (with "before"), not both');
  }
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 0 || size > maxPageSize)) {
      throw badPageArgument(`"${name}" must be between 0 and ${maxPageSize}, got ${size}`);
    }
  }
  return args.first ?? args.last ?? defaultPageSize;
}
