import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { StoredDeal } from './import-plan.js';

/** What a written deal became: written now, or found created by another request meanwhile. */
export type ImportWriteOutcome = 'written' | 'exists';

/** Storage as an import of existing deals with their field history needs it. */
export interface ImportRepository {
  /** The deals stored under these ids (consistently read), with their field history; absent ids are left out. */
  readDeals(opportunityIds: readonly string[]): Promise<Map<string, StoredDeal>>;
  /** The ids among these that are stored reps, and those of them that are inactive. */
  existingRepIds(repIds: readonly string[]): Promise<{ readonly existing: Set<string>; readonly inactive: Set<string> }>;
  /**
   * Writes the field history first, each entry only where none is stored (a re-import
   * writes nothing), then the opportunity only if none is stored: its write is the stream
   * record that links the deal. 'exists' when another request created it meanwhile.
   */
  writeDeal(opportunity: Opportunity, changes: readonly FieldChange[]): Promise<ImportWriteOutcome>;
}
