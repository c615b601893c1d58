/**
 * The order of keys in the API's JSON, learned from its answers. graphql-yoga's executor writes a
 * selection's synchronously resolved fields in query order and the asynchronous ones after them, as
 * they settle, so the order depends on which resolvers are asynchronous today: B1 copies it instead
 * of hard-coding it.
 */

/** The key order of the objects at one place in a response; the elements of an array share one. */
export interface KeyOrder {
  keys: string[];
  children: Record<string, KeyOrder>;
}

function emptyOrder(): KeyOrder {
  return { keys: [], children: {} };
}

function childOf(order: KeyOrder, key: string): KeyOrder | undefined {
  return Object.hasOwn(order.children, key) ? order.children[key] : undefined;
}

/** Union members (block types) have different keys; they are merged in the order first seen. */
function merge(order: KeyOrder, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) merge(order, item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (!order.keys.includes(key)) order.keys.push(key);
    let childOrder = childOf(order, key);
    if (childOrder === undefined) {
      childOrder = emptyOrder();
      order.children[key] = childOrder;
    }
    merge(childOrder, child);
  }
}

export function learnKeyOrder(responseBodies: string[]): KeyOrder {
  const order = emptyOrder();
  for (const body of responseBodies) merge(order, JSON.parse(body));
  return order;
}

/**
 * A copy of `value` whose objects list their keys in the learned order. Keys never learned (a union
 * member none of the learned answers had) follow in the order they were built, so they are neither
 * lost nor hidden: one the API does not send makes the bytes differ.
 */
export function applyKeyOrder(value: unknown, order: KeyOrder | undefined): unknown {
  if (order === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => applyKeyOrder(item, order));
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of order.keys) {
    if (key in source) ordered[key] = applyKeyOrder(source[key], childOf(order, key));
  }
  for (const [key, child] of Object.entries(source)) {
    if (!(key in ordered)) ordered[key] = child;
  }
  return ordered;
}
