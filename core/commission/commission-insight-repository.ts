import type { RepMonth } from '../linkage/rep-month.js';
import type { StageConfigurationVersion } from '../pipeline/pipeline-rebuild.js';

/** The reads "why did my commission change" needs beside the stores of deals, levels and the audit trail. */
export interface CommissionInsightRepository {
  /** Every deal ever linked to the rep's month: live links and the tombstones of deals that moved away. */
  dealIdsEverLinked(repMonth: RepMonth): Promise<string[]>;
  /** Every stored version of the stage configuration (none while the default was never changed). */
  stageVersions(): Promise<StageConfigurationVersion[]>;
}
