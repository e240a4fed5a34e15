/**
 * Recalculates what one opportunity change affects, for the stream.
 *
 * 1. Record the tracked field changes in the field history (idempotent by key).
 * 2. Read the deal's links in the partitions the change touches (where it was, where it is).
 * 3. Plan the link writes and month-total deltas; an empty plan means already applied.
 * 4. Apply the plan in one transaction conditioned on the versions read.
 * 5. If another writer changed a link meanwhile, read again and re-plan (bounded).
 */
import { ConflictError } from '../errors.js';
import { fieldChangesOf } from '../field-history.js';
import { opportunityChangeOf, partitionsOf, planLinkage } from '../linkage.js';
import type { DealLinkRepository } from '../ports/deal-link-repository.js';
import { repMonthId } from '../rep-month.js';
import type { Opportunity } from '../schemas/opportunity.js';

export interface RecalculationResult {
  /** 'applied': links or totals changed; 'unchanged': a replay or a duplicate. */
  readonly outcome: 'applied' | 'unchanged';
  readonly attempts: number;
}

export interface RecalculateOptions {
  readonly maxAttempts?: number;
  /** Waits between attempts; injected so tests need not sleep. */
  readonly backoff?: (attempt: number) => Promise<void>;
}

export async function recalculateOpportunity(
  repository: DealLinkRepository,
  before: Opportunity | undefined,
  after: Opportunity | undefined,
  removedAt: string,
  { maxAttempts = 6, backoff = defaultBackoff }: RecalculateOptions = {},
): Promise<RecalculationResult> {
  await repository.putFieldHistory(fieldChangesOf(before, after, removedAt));

  const change = opportunityChangeOf(before, after);
  const partitions = partitionsOf(change);
  for (let attempt = 1; ; attempt++) {
    const stored = await repository.readLinks(change.opportunityId, partitions);
    const plan = planLinkage(change, (repMonth) => stored.get(repMonthId(repMonth)));
    if (plan.length === 0) return { outcome: 'unchanged', attempts: attempt };
    try {
      await repository.applyLinkWrites(plan);
      return { outcome: 'applied', attempts: attempt };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= maxAttempts) throw error;
      await backoff(attempt);
    }
  }
}

function defaultBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
