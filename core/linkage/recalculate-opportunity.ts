/**
 * Recalculates what one opportunity change affects, for the stream.
 *
 * 1. Record the tracked field changes in the field history (idempotent by key); on a
 *    hard delete, then keep the deal's last image as a tombstone (the first one stays), so
 *    its past can still be rebuilt. A removal is dated no earlier than the version it removes.
 * 2. Read the deal's links in the partitions the change touches (where it was, where it is).
 * 3. Plan the link writes and month-total deltas; an empty plan means already applied.
 * 4. Apply the plan in one transaction conditioned on the versions read.
 * 5. If another writer changed a link meanwhile, read again and re-plan (bounded).
 */

import { fieldChangesOf } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { ConflictError } from '../shared/errors.js';
import type { DealLinkRepository } from './deal-link-repository.js';
import { opportunityChangeOf, partitionsOf, planLinkage } from './linkage.js';
import { repMonthId } from './rep-month.js';

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
  const removedAtOrAfter = removalInstant(before, removedAt);
  await repository.putFieldHistory(fieldChangesOf(before, after, removedAtOrAfter));
  // After the history: a stored tombstone means the deal's history is complete.
  const removed = removedOpportunityOf(before, after, removedAtOrAfter);
  if (removed) await repository.putRemovedOpportunity(removed);

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

/**
 * The instant of a removal, never before the version it removes: the stream dates a removal
 * by its record, in whole seconds (whole minutes on DynamoDB Local), and that version may
 * have been written later within the same second.
 */
export function removalInstant(before: Opportunity | undefined, removedAt: string): string {
  return before && Date.parse(before.updatedAt) > Date.parse(removedAt) ? before.updatedAt : removedAt;
}

/**
 * What a hard delete leaves of a deal: its last image, deleted by one more version dated at
 * the removal (as a soft delete would have been). An image already soft-deleted is kept as
 * it was: its delete is already in the history, and its past before the delete still counts.
 * Undefined for anything but a removal.
 */
export function removedOpportunityOf(
  before: Opportunity | undefined,
  after: Opportunity | undefined,
  removedAt: string,
): Opportunity | undefined {
  if (!before || after) return undefined;
  return before.deleted ? before : { ...before, deleted: true, version: before.version + 1, updatedAt: removedAt };
}

function defaultBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
