/**
 * Counters kept with atomic ADDs: a flat namespace of numbers, so concurrent writers never
 * lose an update and a delta is the difference of two contributions, key by key. The
 * month totals of the linkage and the conversion counters are both of this kind.
 */
export type Counters = Readonly<Record<string, number>>;

/** a + b, key by key, dropping zero entries. */
export function addCounters(a: Counters, b: Counters): Counters {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return withoutZeros(sum);
}

/** a - b, key by key, dropping zero entries: the delta that turns b into a. */
export function subtractCounters(a: Counters, b: Counters): Counters {
  const negated = Object.fromEntries(Object.entries(b).map(([key, value]) => [key, -value]));
  return addCounters(a, negated);
}

export function withoutZeros(counters: Counters): Counters {
  return Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
}

export function countersEqual(a: Counters, b: Counters): boolean {
  return Object.keys(subtractCounters(a, b)).length === 0;
}

/**
 * Counters spread over several cells (items), by cell key. Adding or subtracting two of
 * these works cell by cell; cells left with nothing are dropped.
 */
export type CellCounters = ReadonlyMap<string, Counters>;

export function addCellCounters(a: CellCounters, b: CellCounters): CellCounters {
  const sum = new Map(a);
  for (const [cell, counters] of b) sum.set(cell, addCounters(sum.get(cell) ?? {}, counters));
  return new Map([...sum].filter(([, counters]) => Object.keys(counters).length > 0));
}

/** The deltas that turn the cells of `b` into those of `a`. */
export function subtractCellCounters(a: CellCounters, b: CellCounters): CellCounters {
  const negated = new Map([...b].map(([cell, counters]) => [cell, subtractCounters({}, counters)]));
  return addCellCounters(a, negated);
}
