import pLimit from 'p-limit';

/**
 * Runs the records of one batch the way their order matters: the records of one
 * opportunity strictly one after another, and once one of them fails the ones behind it
 * are not run (they fail too, so Lambda redelivers them); records of different
 * opportunities side by side, at most `concurrency` at once.
 */
export function inOrderPerOpportunity(concurrency: number): <T>(opportunityKey: string, run: () => Promise<T>) => Promise<T> {
  const limit = pLimit(concurrency);
  const previousOf = new Map<string, Promise<unknown>>();
  return (opportunityKey, run) => {
    const previous = previousOf.get(opportunityKey) ?? Promise.resolve();
    const current = previous.then(
      () => limit(run),
      () => {
        throw new Error('not processed: an earlier record of the same opportunity in this batch failed');
      },
    );
    previousOf.set(opportunityKey, current);
    return current;
  };
}
