import type { GraphQLField } from 'graphql';

/**
 * How many items a list field returns for each item of its parent, declared on the field so that the
 * cost estimate (http/use-query-limits.ts) never has to guess from names: a connection holds one page
 * (its `first`/`last`, else the default size), its `edges` are that page (already counted), and other
 * lists hold about as many as an article has authors, figures or links.
 */
export type ItemsPerParent = number | 'page';

// A type alias, not an interface, so that it fits Pothos's index-signature `extensions` type.
type CostExtensions = {
  cost?: { items: ItemsPerParent };
};

/** Field `extensions` declaring `items` per parent item. */
export function itemsPerParent(items: ItemsPerParent): CostExtensions {
  return { cost: { items } };
}

/** What an article's authors, figures, links or blocks, or the list of sections, is assumed to hold. */
export const typicalListLength = 10;

/** The field's declared items per parent item, or undefined when it declares none. */
export function declaredItems(field: GraphQLField<unknown, unknown>): ItemsPerParent | undefined {
  return (field.extensions as CostExtensions | undefined)?.cost?.items;
}
