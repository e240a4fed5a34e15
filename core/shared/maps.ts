/** Small Map idioms the aggregations share. */

/** The map's value for `key`, created by `create` and stored when absent. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}

/** The value of a key the caller itself put in the map: its absence is a bug, not a case to handle. */
export function requiredEntry<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no entry for ${String(key)}`);
  return value;
}
