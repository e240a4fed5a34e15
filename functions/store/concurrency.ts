import pLimit from 'p-limit';

/** How many queries or batch gets one request keeps in flight. */
export const READ_CONCURRENCY = 8;

/** Maps with at most `limit` calls in flight; results keep the input order. */
export function mapConcurrently<T, R>(inputs: readonly T[], limit: number, map: (input: T) => Promise<R>): Promise<R[]> {
  return pLimit(limit).map(inputs, map);
}
