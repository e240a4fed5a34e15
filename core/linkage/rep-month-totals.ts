import { addCounters, type Counters, countersEqual, subtractCounters, withoutZeros } from '../shared/counters.js';
import { getOrCreate } from '../shared/maps.js';
import type { DealLink } from './deal-link.js';

/**
 * The linear state of a rep's month: sums that the stream maintains with atomic ADDs, so
 * concurrent writers never lose an update and no shared item is read-modified-written.
 * Everything non-linear (closed won, expected revenue, commission) is computed from these
 * sums with the stage configuration, target and commission levels in force at read time,
 * so a change to any of those is reflected at once, with nothing to recompute.
 *
 * Keys (one flat namespace, stored as top-level numeric attributes):
 * - `amount|<stageId>|<family>`: amount of the deals in that stage, per product family
 * - `count|<stageId>`: number of deals in that stage
 * - `overriddenAmount|<stageId>`: amount of the deals whose probability is overridden
 * - `overriddenWeighted|<stageId>`: sum of amount x override probability (minor x percent)
 */
export type RepMonthTotals = Counters;

export { addCounters as addTotals, countersEqual as totalsEqual, subtractCounters as subtractTotals, withoutZeros };

export const TOTALS_KEY_PATTERN = /^(amount\|[^|]+\|[^|]*|count\|[^|]+|overriddenAmount\|[^|]+|overriddenWeighted\|[^|]+)$/;

/** What one live link adds to its month's totals; a tombstone adds nothing. */
export function contributionOf(link: DealLink | undefined): RepMonthTotals {
  if (!link?.live) return {};
  const totals: Record<string, number> = {};
  for (const [family, amount] of Object.entries(link.familyAmounts)) {
    totals[`amount|${link.stageId}|${family}`] = amount;
  }
  totals[`count|${link.stageId}`] = 1;
  if (link.probability !== null) {
    totals[`overriddenAmount|${link.stageId}`] = link.amount;
    totals[`overriddenWeighted|${link.stageId}`] = link.amount * link.probability;
  }
  return totals;
}

/** Sum of the contributions of a set of links: the from-scratch value of a month's totals. */
export function totalsOfLinks(links: Iterable<DealLink>): RepMonthTotals {
  let totals: RepMonthTotals = {};
  for (const link of links) totals = addCounters(totals, contributionOf(link));
  return totals;
}

/** The totals of one stage, read back out of the flat namespace. */
export interface StageTotals {
  readonly amount: number;
  readonly count: number;
  readonly amountByFamily: Readonly<Record<string, number>>;
  readonly overriddenAmount: number;
  readonly overriddenWeighted: number;
}

export function stageTotalsOf(totals: RepMonthTotals): ReadonlyMap<string, StageTotals> {
  type Accumulator = {
    amount: number;
    count: number;
    amountByFamily: Record<string, number>;
    overriddenAmount: number;
    overriddenWeighted: number;
  };
  const stages = new Map<string, Accumulator>();
  const stage = (id: string) =>
    getOrCreate(stages, id, (): Accumulator => ({ amount: 0, count: 0, amountByFamily: {}, overriddenAmount: 0, overriddenWeighted: 0 }));
  for (const [key, value] of Object.entries(totals)) {
    const [kind, stageId = '', family = ''] = key.split('|');
    const entry = stage(stageId);
    if (kind === 'amount') {
      entry.amount += value;
      entry.amountByFamily[family] = (entry.amountByFamily[family] ?? 0) + value;
    } else if (kind === 'count') entry.count += value;
    else if (kind === 'overriddenAmount') entry.overriddenAmount += value;
    else if (kind === 'overriddenWeighted') entry.overriddenWeighted += value;
  }
  return stages;
}
