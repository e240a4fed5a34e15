import type { DealLink } from '../linkage/deal-link.js';
import type { RepMonthTotals } from '../linkage/rep-month-totals.js';
import type { StageConfiguration } from '../organisation/stage.js';
import { stageRowsOf } from '../targets/target-record.js';
import type { CommissionLevels } from './commission-levels.js';
import { commissionOf } from './marginal-commission.js';

export interface CommissionSummary {
  /** Commission on the month's closed-won revenue. */
  readonly earned: number;
  /** What closing every open deal of the month would add: commission(won + open) - commission(won). */
  readonly pipelineCommission: number;
  readonly totalPotential: number;
}

export interface FamilyCommissionRecord extends CommissionSummary {
  /** A family with its own levels, or null for the pool run through the general levels. */
  readonly productFamily: string | null;
  readonly wonRevenue: number;
  readonly openRevenue: number;
}

export interface OpenDealCommission {
  readonly opportunityId: string;
  readonly name: string;
  readonly account: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount: number;
  /** The deal's override, else its stage's default (0 for a stage no longer configured). */
  readonly probability: number;
  /** What this deal alone would add if it closed: commission(won + deal) - commission(won). */
  readonly commission: number;
}

export interface CommissionRecord extends CommissionSummary {
  readonly wonRevenue: number;
  readonly openRevenue: number;
  readonly byFamily: readonly FamilyCommissionRecord[];
  /** Ranked by commission, then amount (both descending), then id. */
  readonly openDeals: readonly OpenDealCommission[];
}

type FamilyRevenue = Record<string, number>;

function addRevenue(a: Readonly<FamilyRevenue>, b: Readonly<FamilyRevenue>): FamilyRevenue {
  const sum: FamilyRevenue = { ...a };
  for (const [family, amount] of Object.entries(b)) sum[family] = (sum[family] ?? 0) + amount;
  return sum;
}

function sumOf(revenue: Readonly<FamilyRevenue>): number {
  return Object.values(revenue).reduce((total, amount) => total + amount, 0);
}

/** Won and open revenue per family, by the outcome each stage has in the configuration now. */
export function revenueByOutcomeOf(totals: RepMonthTotals, stages: StageConfiguration): { won: FamilyRevenue; open: FamilyRevenue } {
  let won: FamilyRevenue = {};
  let open: FamilyRevenue = {};
  for (const { stage, totals: stageTotals } of stageRowsOf(totals, stages)) {
    if (stage.outcome === 'won') won = addRevenue(won, stageTotals.amountByFamily);
    if (stage.outcome === 'open') open = addRevenue(open, stageTotals.amountByFamily);
  }
  return { won, open };
}

/**
 * Earned, pipeline and potential commission of one rep's month. Commission is monthly:
 * roll-ups add these figures up and never run summed revenue through the bands.
 */
export function commissionSummaryOf(
  totals: RepMonthTotals,
  stages: StageConfiguration,
  levels: CommissionLevels | null | undefined,
): CommissionSummary {
  const { won, open } = revenueByOutcomeOf(totals, stages);
  const earned = commissionOf(won, levels).total;
  const totalPotential = commissionOf(addRevenue(won, open), levels).total;
  return { earned, pipelineCommission: totalPotential - earned, totalPotential };
}

export interface CommissionRecordInput {
  readonly totals: RepMonthTotals;
  readonly stages: StageConfiguration;
  readonly levels: CommissionLevels | null | undefined;
  /** The month's deal links; tombstones and deals not open now are ignored. */
  readonly links: readonly DealLink[];
}

export function commissionRecordOf({ totals, stages, levels, links }: CommissionRecordInput): CommissionRecord {
  const { won, open } = revenueByOutcomeOf(totals, stages);
  const earnedBreakdown = commissionOf(won, levels);
  const potentialBreakdown = commissionOf(addRevenue(won, open), levels);
  const earned = earnedBreakdown.total;
  const totalPotential = potentialBreakdown.total;

  // Both breakdowns list the general pool and every own-levels family present in won + open.
  const earnedByPool = new Map(earnedBreakdown.byFamily.map((entry) => [entry.productFamily, entry]));
  const byFamily = potentialBreakdown.byFamily.map((potential) => {
    const earnedEntry = earnedByPool.get(potential.productFamily);
    const wonRevenue = earnedEntry?.revenue ?? 0;
    const familyEarned = earnedEntry?.commission ?? 0;
    return {
      productFamily: potential.productFamily,
      wonRevenue,
      openRevenue: potential.revenue - wonRevenue,
      earned: familyEarned,
      pipelineCommission: potential.commission - familyEarned,
      totalPotential: potential.commission,
    };
  });

  const stageById = new Map(stages.stages.map((stage) => [stage.id, stage]));
  const openDeals = links
    .filter((link) => link.live && (stageById.get(link.stageId)?.outcome ?? 'open') === 'open')
    .map((link) => ({
      opportunityId: link.opportunityId,
      name: link.name,
      account: link.account,
      stageId: link.stageId,
      closeDate: link.closeDate,
      amount: link.amount,
      probability: link.probability ?? stageById.get(link.stageId)?.probability ?? 0,
      commission: commissionOf(addRevenue(won, link.familyAmounts), levels).total - earned,
    }))
    .sort(
      (a, b) =>
        b.commission - a.commission ||
        b.amount - a.amount ||
        (a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0),
    );

  return {
    wonRevenue: sumOf(won),
    openRevenue: sumOf(open),
    earned,
    pipelineCommission: totalPotential - earned,
    totalPotential,
    byFamily,
    openDeals,
  };
}
