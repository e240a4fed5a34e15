/**
 * Recalculates what one opportunity change affects: a batch of one change
 * (core/linkage/recalculate-batch.ts, which the stream uses), for callers with a single change.
 */
import type { Opportunity } from '../opportunities/opportunity.js';
import type { DealLinkRepository } from './deal-link-repository.js';
import { type RecalculateOptions, recalculateBatch } from './recalculate-batch.js';

export { removalInstant, removedOpportunityOf } from './recalculate-batch.js';
export type { RecalculateOptions };

export interface RecalculationResult {
  /** 'applied': links or totals changed; 'unchanged': a replay or a duplicate. */
  readonly outcome: 'applied' | 'unchanged';
  readonly attempts: number;
}

/** Throws what the change failed of (a conflict that outlasted the attempts, say). */
export async function recalculateOpportunity(
  repository: DealLinkRepository,
  before: Opportunity | undefined,
  after: Opportunity | undefined,
  removedAt: string,
  options: RecalculateOptions = {},
): Promise<RecalculationResult> {
  const [result] = await recalculateBatch(repository, [{ before, after, removedAt }], options);
  if (!result) throw new Error('a batch of one change has one result');
  if (result.outcome === 'failed') throw result.error;
  return result;
}
