import type { Page, PageRequest } from '../shared/page.js';
import type { SkippedItem } from '../shared/skipped-item.js';
import type { FieldChange } from './field-history.js';
import type { Opportunity } from './opportunity.js';

export interface OwnerCloseDateRange {
  readonly ownerId: string;
  /** First close date included, YYYY-MM-DD; open-ended when absent. */
  readonly from?: string | undefined;
  /** Last close date included, YYYY-MM-DD; open-ended when absent. */
  readonly to?: string | undefined;
}

/** A page of a rep's deals; `skipped`: the invalid stored deals left out of it. */
export interface OpportunityListPage extends Page<Opportunity> {
  readonly skipped?: readonly SkippedItem[];
}

export interface OpportunityRepository {
  /**
   * The stored opportunity, soft-deleted ones included (their version must continue).
   * An item that fails the schema but has its shape is an InvalidStoredRecordError
   * carrying it as stored, so it can still be replaced or deleted.
   */
  get(opportunityId: string): Promise<Opportunity | undefined>;
  /** Writes if the stored version is still `expectedVersion` (null: must not exist); else ConflictError. */
  save(opportunity: Opportunity, expectedVersion: number | null): Promise<void>;
  /** A rep's live (not deleted) opportunities by close date; invalid ones skipped and reported. */
  listByOwner(range: OwnerCloseDateRange, page: PageRequest): Promise<OpportunityListPage>;
  /**
   * One live opportunity in any of these stages, or undefined. A full scan: it backs a
   * rare admin operation (removing stages) and stops at the first match.
   */
  findOneInStages(stageIds: readonly string[]): Promise<Pick<Opportunity, 'id' | 'stageId'> | undefined>;
  /** A deal's field history, oldest first. */
  history(opportunityId: string): Promise<FieldChange[]>;
}
