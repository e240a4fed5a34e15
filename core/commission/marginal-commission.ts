import { GENERAL_FAMILY } from '../linkage/deal-link.js';
import { applyRate, percentToPpm } from '../shared/money.js';
import type { Band, CommissionLevels } from './commission-levels.js';

export interface BandCommission {
  readonly from: number;
  readonly to: number | null;
  readonly ratePercent: number;
  /** The part of the revenue that falls in [from, to). */
  readonly revenue: number;
  readonly commission: number;
}

export interface GraduatedCommission {
  readonly total: number;
  readonly byBand: readonly BandCommission[];
}

/**
 * Marginal (graduated) commission: each band pays its rate on the part of the revenue
 * inside [from, to), rounded once per band, so a band's figure on a statement is exactly
 * what the rep can recompute by hand. Revenue above a capped last band earns nothing.
 */
export function graduatedCommission(revenueMinor: number, bands: readonly Band[]): GraduatedCommission {
  let total = 0;
  const byBand = bands.map((band) => {
    const top = band.to === null ? revenueMinor : Math.min(revenueMinor, band.to);
    const revenue = Math.max(0, top - band.from);
    const commission = applyRate(revenue, percentToPpm(band.ratePercent));
    total += commission;
    return { from: band.from, to: band.to, ratePercent: band.ratePercent, revenue, commission };
  });
  return { total, byBand };
}

export interface FamilyCommission {
  /** The family with its own levels, or null for the pool run through the general levels. */
  readonly productFamily: string | null;
  readonly revenue: number;
  readonly commission: number;
  readonly byBand: readonly BandCommission[];
}

export interface CommissionBreakdown {
  readonly total: number;
  /** The general pool first, then the families with their own levels by name. */
  readonly byFamily: readonly FamilyCommission[];
}

/** True when `family` is commissioned through its own bands rather than the general pool. */
export function hasOwnLevels(levels: CommissionLevels | null | undefined, family: string): boolean {
  return !!levels && family !== GENERAL_FAMILY && Object.hasOwn(levels.byFamily, family);
}

/**
 * Splits revenue per product family into commission pools: a family with its own levels
 * is its own pool; every other family (including GENERAL_FAMILY) is pooled, because the
 * bands are thresholds on the rep's total, and splitting would restart them at 0 for each.
 */
export function commissionPoolsOf(
  revenueByFamily: Readonly<Record<string, number>>,
  levels: CommissionLevels | null | undefined,
): Map<string | null, number> {
  const pools = new Map<string | null, number>([[null, 0]]);
  for (const [family, revenue] of Object.entries(revenueByFamily)) {
    const pool = hasOwnLevels(levels, family) ? family : null;
    pools.set(pool, (pools.get(pool) ?? 0) + revenue);
  }
  return pools;
}

/** Commission on a month's revenue per family with the levels in force; no levels earn 0. */
export function commissionOf(
  revenueByFamily: Readonly<Record<string, number>>,
  levels: CommissionLevels | null | undefined,
): CommissionBreakdown {
  const pools = commissionPoolsOf(revenueByFamily, levels);
  const families = [...pools.keys()].filter((pool): pool is string => pool !== null).sort();
  let total = 0;
  const byFamily = [null, ...families].map((productFamily) => {
    const revenue = pools.get(productFamily) ?? 0;
    const bands = productFamily === null ? (levels?.general ?? null) : (levels?.byFamily[productFamily] ?? null);
    const { total: commission, byBand } = bands ? graduatedCommission(revenue, bands) : { total: 0, byBand: [] };
    total += commission;
    return { productFamily, revenue, commission, byBand };
  });
  return { total, byFamily };
}
