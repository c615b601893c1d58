/**
 * Per-request batching (the DataLoader pattern): calls made while one GraphQL request resolves a
 * level of its result are collected and answered by one query per group of equal arguments.
 */
export type BatchLoad<Group, Id, Value> = (group: Group, ids: Id[]) => Promise<Map<Id, Value>>;

interface PendingBatch<Id, Value> {
  ids: Id[];
  result: Promise<Map<Id, Value>>;
}

export function requestBatcher<Group, Id, Value>(options: {
  /** Calls with equal keys share one query. */
  groupKey: (group: Group) => string;
  load: BatchLoad<Group, Id, Value>;
  /** The value for an id the query did not return. */
  fallback: Value;
}): (context: object, group: Group, id: Id) => Promise<Value> {
  const pendingByRequest = new WeakMap<object, Map<string, PendingBatch<Id, Value>>>();

  return (context, group, id) => {
    let pending = pendingByRequest.get(context);
    if (!pending) {
      pending = new Map();
      pendingByRequest.set(context, pending);
    }
    const key = options.groupKey(group);
    let batch = pending.get(key);
    if (!batch) {
      const ids: Id[] = [];
      const requestBatches = pending;
      // Dispatch once the promise jobs already queued (the sibling resolvers) have run.
      const result = Promise.resolve()
        .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
        .then(() => {
          requestBatches.delete(key);
          return options.load(group, [...new Set(ids)]);
        });
      batch = { ids, result };
      pending.set(key, batch);
    }
    batch.ids.push(id);
    return batch.result.then((values) => values.get(id) ?? options.fallback);
  };
}
