import type { AuditEntry } from '../audit.js';
import type { CommissionLevelsEntry, LevelsWritePlan } from '../commission-levels-timeline.js';

export interface CommissionLevelsRepository {
  /** Every effective-dated entry of a rep, all families. */
  entries(repId: string): Promise<CommissionLevelsEntry[]>;
  /** The entries of many reps (one query each), keyed by rep id; a rep without levels maps to []. */
  entriesOf(repIds: readonly string[]): Promise<Map<string, CommissionLevelsEntry[]>>;
  /** Applies a plan's puts and deletes and writes its audit entry, all together or not at all. An empty plan writes nothing. */
  apply(repId: string, plan: LevelsWritePlan, audit: AuditEntry): Promise<void>;
}
