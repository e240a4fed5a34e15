import type { DealLink } from '../linkage/deal-link.js';
import type { RepMonth } from '../linkage/rep-month.js';

/** The live deal links behind the quality table. */
export interface QualityTableRepository {
  /** The live links of these rep-months (one query per partition). */
  linksOf(repMonths: readonly RepMonth[]): Promise<DealLink[]>;
}
