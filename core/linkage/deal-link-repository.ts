import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { DealLink } from './deal-link.js';
import type { LinkWrite } from './linkage.js';
import type { RepMonth } from './rep-month.js';

/** Storage of deal links, month totals and field history, as the recalculation needs it. */
export interface DealLinkRepository {
  /** The deal's links in these partitions, keyed by repMonthId, read consistently. */
  readLinks(opportunityId: string, partitions: readonly RepMonth[]): Promise<Map<string, DealLink>>;
  /** All writes or none; throws ConflictError when a link is no longer at the planned version. */
  applyLinkWrites(writes: readonly LinkWrite[]): Promise<void>;
  /** Idempotent: an entry written twice is stored once. */
  putFieldHistory(changes: readonly FieldChange[]): Promise<void>;
  /**
   * Keeps what a hard delete left of a deal, so its past can still be rebuilt. The first
   * one written stays: a replay of the removal is a success that changes nothing.
   */
  putRemovedOpportunity(opportunity: Opportunity): Promise<void>;
}
