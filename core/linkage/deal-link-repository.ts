import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { CheckpointDeal } from '../pipeline/deal-checkpoint.js';
import type { DealLink } from './deal-link.js';
import type { LinkWrite } from './linkage.js';
import type { RepMonth } from './rep-month.js';

/**
 * What the stream records of a change for time travel: a tracked field that changed, or
 * a deal's creation (its fields as created; the change log starts every deal from it).
 */
export type HistoryEntry = { readonly change: FieldChange } | { readonly creation: CheckpointDeal };

/** The partitions of one deal to read. */
export interface DealPartitions {
  readonly opportunityId: string;
  readonly partitions: readonly RepMonth[];
}

/** Storage of deal links, month totals and field history, as the recalculation needs it. */
export interface DealLinkRepository {
  /**
   * The links of several deals, each in its partitions, read consistently in as few calls as
   * the store allows: by opportunity id, then by repMonthId. A deal with none may be absent.
   */
  readLinks(requests: readonly DealPartitions[]): Promise<ReadonlyMap<string, ReadonlyMap<string, DealLink>>>;
  /**
   * All writes or none; throws ConflictError when a link is no longer at the planned version.
   * The writes may be of several deals, each link at most once; the deltas of one month's
   * totals and of one conversion cell are summed.
   */
  applyLinkWrites(writes: readonly LinkWrite[]): Promise<void>;
  /** Idempotent: an entry written twice is stored once. */
  putHistory(entries: readonly HistoryEntry[]): Promise<void>;
  /**
   * Keeps what a hard delete left of a deal, so its past can still be rebuilt. The first
   * one written stays: a replay of the removal is a success that changes nothing.
   */
  putRemovedOpportunity(opportunity: Opportunity): Promise<void>;
}
