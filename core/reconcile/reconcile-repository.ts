import type { CellRepair, LinkRepair, ReconcileInput, RecordRepair } from './reconcile.js';

/** Storage as the reconcile command needs it: everything derived, and the opportunities. */
export interface ReconcileRepository {
  /** Every opportunity, link, month record, conversion cell and lead (a full read: reconcile is an operator's command). */
  readAll(): Promise<ReconcileInput>;
  /** Applies one repair if the stored item is still the one reconciled; false when it changed meanwhile. */
  repairLink(repair: LinkRepair): Promise<boolean>;
  repairRecord(repair: RecordRepair): Promise<boolean>;
  /**
   * Rewrites a conversion cell whole, if its rev is still the one read. A repository that
   * reads no cells (a test's) may leave it out: reconcile then never has one to repair.
   */
  repairCell?(repair: CellRepair): Promise<boolean>;
}
