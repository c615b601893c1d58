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
  cost?: { items?: ItemsPerParent; bytes?: number };
};

/** Field `extensions` declaring `items` per parent item. */
export function itemsPerParent(items: ItemsPerParent): CostExtensions {
  return { cost: { items } };
}

/**
 * Field `extensions` declaring a text field's typical size in bytes (UTF-8, as serialized), for the
 * fields whose size dwarfs the rest of an item: an article's body, its blocks' HTML and text. Counting
 * them as one field each is how `250 × articles(first: 100) { … bodyHtml }` passed as cheap while it
 * answered 65 MB.
 */
export function typicalBytes(bytes: number): CostExtensions {
  return { cost: { bytes } };
}

/** What an article's authors, figures, links or blocks, or the list of sections, is assumed to hold. */
export const typicalListLength = 10;

/** What a field without a declared size is assumed to add to a response: a name, a short value, punctuation. */
export const typicalFieldBytes = 48;

/**
 * A field's weight in the cost: 1, plus 1 per KiB a declared large text typically holds, so that a page
 * of bodies weighs what serializing it costs rather than as much as a page of titles.
 */
export function costWeight(bytes: number | undefined): number {
  return bytes === undefined ? 1 : 1 + Math.floor(bytes / 1024);
}

/** The field's declared items per parent item, or undefined when it declares none. */
export function declaredItems(field: GraphQLField<unknown, unknown>): ItemsPerParent | undefined {
  return (field.extensions as CostExtensions | undefined)?.cost?.items;
}

/** The field's declared typical size in bytes, or undefined when it declares none. */
export function declaredBytes(field: GraphQLField<unknown, unknown>): number | undefined {
  return (field.extensions as CostExtensions | undefined)?.cost?.bytes;
}
