/** Runs `action` over the values with at most `concurrency` in flight, in order of start. */
export async function forEachConcurrently<T>(values: readonly T[], concurrency: number, action: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < values.length) await action(values[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, values.length) }, worker));
}
