import DataLoader from 'dataloader';

/** Answers a batch of keys at once; a key missing from the map gets the loader's fallback. */
export type BatchLoad<Key, Value> = (keys: readonly Key[]) => Promise<Map<Key, Value>>;

/**
 * The request's DataLoaders (one per kind of batched read and group of equal arguments, e.g. the
 * backlink counts under one filter), made on first use and gone with the request, so nothing cached
 * outlives it.
 */
export class RequestLoaders {
  readonly #loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** Loads `key` through the loader named `name`, batching with every other call made in the same tick. */
  load<Key, Value>(name: string, key: Key, batch: BatchLoad<Key, Value>, fallback: Value): Promise<Value> {
    return this.loadInOrder(name, key, async (keys: readonly Key[]) => {
      const values = await batch(keys);
      return keys.map((each) => values.get(each) ?? fallback);
    });
  }

  /** Like load(), for a `batch` that answers every key, in the order of the keys. */
  loadInOrder<Key, Value>(name: string, key: Key, batch: (keys: readonly Key[]) => Promise<Value[]>): Promise<Value> {
    let loader = this.#loaders.get(name) as DataLoader<Key, Value> | undefined;
    if (!loader) {
      loader = new DataLoader<Key, Value>(batch);
      this.#loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader.load(key);
  }
}
