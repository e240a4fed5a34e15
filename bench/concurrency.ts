import pLimit from 'p-limit';

/** Runs `action` over the values with at most `concurrency` in flight, in order of start. */
export async function forEachConcurrently<T>(
  values: readonly T[],
  concurrency: number,
  action: (value: T) => Promise<void>,
): Promise<void> {
  await pLimit(concurrency).map(values, action);
}
