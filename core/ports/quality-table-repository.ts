import type { DealLink } from '../deal-link.js';
import type { RepMonth } from '../rep-month.js';

/** The live deal links behind the quality table. */
export interface QualityTableRepository {
  /** The live links of these rep-months (one query per partition). */
  linksOf(repMonths: readonly RepMonth[]): Promise<DealLink[]>;
  /** Every live link closing in a month, company-wide (the close-month index, all pages). */
  linksClosingIn(month: string): Promise<DealLink[]>;
}
