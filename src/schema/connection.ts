import { builder } from './builder.ts';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Items in the whole list (all pages), computed only when selected.',
    resolve: ({ totalCount }) => (typeof totalCount === 'function' ? totalCount() : totalCount),
  }),
);
