import type { LinkRepair, ReconcileInput, RecordRepair } from './reconcile.js';

/** Storage as the reconcile command needs it: everything derived, and the opportunities. */
export interface ReconcileRepository {
  /** Every opportunity, link and month record (a full read: reconcile is an operator's command). */
  readAll(): Promise<ReconcileInput>;
  /** Applies one repair if the stored item is still the one reconciled; false when it changed meanwhile. */
  repairLink(repair: LinkRepair): Promise<boolean>;
  repairRecord(repair: RecordRepair): Promise<boolean>;
}
