/**
 * Merging link writes into one transaction. A transaction may touch an item only once, so
 * the successive writes of one deal's link become one (the first one's expected version, the
 * last one's link), and the deltas of one month's totals or one conversion cell are summed,
 * whichever deals they come from.
 */
import type { CellCounters, Counters } from '../shared/counters.js';
import type { LinkWrite } from './linkage.js';
import { repMonthId } from './rep-month.js';

/**
 * DynamoDB's limit on the items of one transaction. A change writes at most 2 links, 2 month
 * totals and the deal cells of the link it replaces and of the new one: each spans its
 * creation month and the months it first entered each stage, so up to 2 × (1 + stages).
 */
export const MAX_TRANSACTION_ITEMS = 100;

/** How many changes of its month's totals a write stands for (see LinkWrite.monthChanges). */
export function monthChangesOf(write: LinkWrite): number {
  return write.monthChanges ?? (Object.keys(write.delta).length > 0 ? 1 : 0);
}

/**
 * The plans of successive changes of one deal, planned each from the links the one before
 * writes, as one set of writes: one per link, conditioned on the version stored before the
 * first, writing the last link, with the deltas summed.
 */
export function mergeLinkWrites(plans: readonly (readonly LinkWrite[])[]): LinkWrite[] {
  const merged = new Map<string, LinkWrite>();
  for (const write of plans.flat()) {
    const id = `${repMonthId(write.repMonth)}|${write.link.opportunityId}`;
    const earlier = merged.get(id);
    merged.set(
      id,
      earlier
        ? {
            repMonth: write.repMonth,
            expectedVersion: earlier.expectedVersion,
            link: write.link,
            delta: sumKeepingKeys(earlier.delta, write.delta),
            conversionDelta: sumCellsKeepingKeys(earlier.conversionDelta, write.conversionDelta),
            monthChanges: monthChangesOf(earlier) + monthChangesOf(write),
          }
        : write,
    );
  }
  return [...merged.values()];
}

/** The items one transaction of these writes touches: the links, the months whose totals change, the cells. */
export function transactionItemsOf(writes: readonly LinkWrite[]): number {
  const months = new Set(writes.filter((write) => monthChangesOf(write) > 0).map((write) => repMonthId(write.repMonth)));
  const cells = writes.reduce<CellCounters>((sum, write) => sumCellsKeepingKeys(sum, write.conversionDelta), new Map());
  return writes.length + months.size + [...cells.values()].filter((counters) => Object.keys(counters).length > 0).length;
}

/** Whether the writes need no transaction: one link put, no totals, no cells. */
export function isSinglePut(writes: readonly LinkWrite[]): boolean {
  return transactionItemsOf(writes) === 1;
}

/**
 * a + b, key by key, keeping the keys that sum to zero: merged, the ADDs leave the item just
 * as the changes applied one by one would (a counter back to 0 is stored as 0).
 */
export function sumKeepingKeys(a: Counters, b: Counters): Counters {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

/** sumKeepingKeys, cell by cell. */
export function sumCellsKeepingKeys(a: CellCounters, b: CellCounters): CellCounters {
  const sum = new Map(a);
  for (const [cell, counters] of b) sum.set(cell, sumKeepingKeys(sum.get(cell) ?? {}, counters));
  return sum;
}
