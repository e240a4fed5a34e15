import type { DealLink } from '../linkage/deal-link.js';
import type { RepMonth } from '../linkage/rep-month.js';
import type { RepMonthTotals } from '../linkage/rep-month-totals.js';
import type { Target } from '../targets/target.js';

/** Everything stored in one rep's month partition. */
export interface RepMonthContents {
  readonly totals: RepMonthTotals;
  /** The rep's targets for the month, general and per family. */
  readonly targets: readonly Target[];
  /** The live deal links (tombstones left out). */
  readonly links: readonly DealLink[];
}

/** Read side of what the stream maintains per rep and month. */
export interface RepMonthRepository {
  /** The whole partition, read consistently in one query. */
  read(repMonth: RepMonth): Promise<RepMonthContents>;
  /** One deal's link in a partition, tombstone or live; undefined while the stream has not linked it. */
  dealLink(repMonth: RepMonth, opportunityId: string): Promise<DealLink | undefined>;
  /** The totals of many rep-months, keyed by repMonthId; a month with no record is absent. */
  totalsOf(repMonths: readonly RepMonth[]): Promise<Map<string, RepMonthTotals>>;
}
