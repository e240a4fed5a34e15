/**
 * What the next sale earns: for each commission pool of a rep's month (the general pool,
 * and each product family with its own levels), the band the next unit of won revenue
 * falls in, its marginal rate, how much more revenue reaches the next band, and that band.
 *
 * Bands are [from, to): revenue exactly at a band's `to` has its next sale in the band
 * above. Revenue at or above a capped last band earns nothing more (`capped`, rate 0).
 * A pool without bands (the general pool when only families have levels) earns 0.
 */
import { GENERAL_FAMILY } from '../linkage/deal-link.js';
import type { Band, CommissionLevels } from './commission-levels.js';
import { commissionPoolsOf, hasOwnLevels } from './marginal-commission.js';

export interface NextSalePool {
  /** A family with its own levels, or null for the general pool. */
  readonly productFamily: string | null;
  /** The named families whose won revenue runs through this pool (general pool only; [] for a family). */
  readonly pooledFamilies: readonly string[];
  /** The pool's won revenue this month. */
  readonly wonRevenue: number;
  /** The band the next sale falls in; null when the pool has no bands or is capped. */
  readonly band: Band | null;
  /** The rate the next unit of revenue earns, in percent (0 when capped or without bands). */
  readonly marginalRatePercent: number;
  /** Revenue still to win before the next band starts; null in the open top band, when capped or without bands. */
  readonly revenueToNextBand: number | null;
  /** The band after the current one; null if none. */
  readonly nextBand: Band | null;
  /** Revenue is at or above a capped last band: further sales earn nothing in this pool. */
  readonly capped: boolean;
}

export interface NextSale {
  /** The levels in force for the month; null when the rep has none (and `pools` is empty). */
  readonly levels: CommissionLevels | null;
  /** The general pool first, then the families with their own levels by name. */
  readonly pools: readonly NextSalePool[];
}

/** Where revenue `revenue` stands in `bands`: the band the next sale falls in, and what follows. */
export function nextSaleInBands(
  revenue: number,
  bands: readonly Band[] | null,
): Pick<NextSalePool, 'band' | 'marginalRatePercent' | 'revenueToNextBand' | 'nextBand' | 'capped'> {
  if (!bands || bands.length === 0) return { band: null, marginalRatePercent: 0, revenueToNextBand: null, nextBand: null, capped: false };
  const index = bands.findIndex((band) => revenue >= band.from && (band.to === null || revenue < band.to));
  const band = bands[index];
  if (!band) return { band: null, marginalRatePercent: 0, revenueToNextBand: null, nextBand: null, capped: true };
  return {
    band,
    marginalRatePercent: band.ratePercent,
    revenueToNextBand: band.to === null ? null : band.to - revenue,
    nextBand: bands[index + 1] ?? null,
    capped: false,
  };
}

/** The next sale of each pool, for the month's won revenue per family and the levels in force. */
export function nextSaleOf(wonByFamily: Readonly<Record<string, number>>, levels: CommissionLevels | null | undefined): NextSale {
  if (!levels || (levels.general === null && Object.keys(levels.byFamily).length === 0)) return { levels: null, pools: [] };
  const revenueByPool = commissionPoolsOf(wonByFamily, levels);
  const pooledFamilies = Object.keys(wonByFamily)
    .filter((family) => family !== GENERAL_FAMILY && !hasOwnLevels(levels, family))
    .sort();
  const families = Object.keys(levels.byFamily).sort();
  const pools = [null, ...families].map((productFamily): NextSalePool => {
    const wonRevenue = revenueByPool.get(productFamily) ?? 0;
    const bands = productFamily === null ? levels.general : (levels.byFamily[productFamily] ?? null);
    return {
      productFamily,
      pooledFamilies: productFamily === null ? pooledFamilies : [],
      wonRevenue,
      ...nextSaleInBands(wonRevenue, bands),
    };
  });
  return { levels, pools };
}
