import type { CommissionLevelsEntry, LevelsWritePlan } from '../commission-levels-timeline.js';

export interface CommissionLevelsRepository {
  /** Every effective-dated entry of a rep, all families. */
  entries(repId: string): Promise<CommissionLevelsEntry[]>;
  /** Applies a plan's puts and deletes all together or not at all. */
  apply(repId: string, plan: LevelsWritePlan): Promise<void>;
}
