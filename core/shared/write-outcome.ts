/** What an idempotent upsert did: the API answers 201, 200 or 200 without a write. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteResult<T> {
  readonly outcome: WriteOutcome;
  readonly record: T;
}
