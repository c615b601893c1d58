import type { TotalCount } from './builder.ts';
import { builder } from './builder.ts';

export const totalCountDescription = 'Items in the whole list (all pages), computed only when selected.';

export function resolveTotalCount({ totalCount }: { totalCount: TotalCount }): number | Promise<number> {
  return typeof totalCount === 'function' ? totalCount() : totalCount;
}

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: totalCountDescription, resolve: resolveTotalCount }),
);
