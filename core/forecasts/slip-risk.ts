/**
 * The deals most at risk of slipping out of the period. A deal's revenue at risk is the
 * expected revenue a slip would move out: amount x winRate x (1 - closeInPeriod), rounded
 * once (half up). Its reasons are the signs a manager can check:
 * - extensions: its close date already moved to a later month at least once;
 * - stale-stage: more days since its last stage change than deals typically spend in that
 *   stage (the stage's median, learned from closed deals);
 * - older-than-cycle: open longer than won deals' average sales cycle;
 * - low-on-time-rate: its chance of closing within the period is under one half.
 * A deal with no reason and nothing at risk is not listed.
 */

import { byCodeUnit } from '../shared/code-unit-order.js';
import type { AtRiskDeal, DealRates, ForecastDeal, LearnedRates, SlipReason } from './forecast-model.js';

/** Below this chance of closing within the period a deal is flagged. */
export const LOW_ON_TIME_RATE = 0.5;

export function slipReasonsOf(deal: ForecastDeal, closeInPeriod: number, rates: LearnedRates): SlipReason[] {
  const reasons: SlipReason[] = [];
  if (deal.closeMonthExtensions >= 1) reasons.push({ kind: 'extensions', closeMonthExtensions: deal.closeMonthExtensions });
  const medianDaysInStage = rates.stages.find((stage) => stage.stageId === deal.stageId)?.medianDaysInStage ?? null;
  if (medianDaysInStage !== null && deal.daysSinceStageChange > medianDaysInStage)
    reasons.push({ kind: 'stale-stage', daysSinceStageChange: deal.daysSinceStageChange, medianDaysInStage });
  const cycle = rates.averageSalesCycleDays;
  if (cycle !== null && deal.daysOpen > cycle)
    reasons.push({ kind: 'older-than-cycle', daysOpen: deal.daysOpen, averageSalesCycleDays: cycle });
  if (closeInPeriod < LOW_ON_TIME_RATE) reasons.push({ kind: 'low-on-time-rate', closeInPeriod });
  return reasons;
}

/** The deal as the at-risk list shows it; undefined when it has no reason and nothing at risk. */
export function atRiskDealOf(deal: ForecastDeal, dealRates: DealRates, closeInPeriod: number, rates: LearnedRates): AtRiskDeal | undefined {
  const revenueAtRisk = Math.round(deal.amount * dealRates.winRate * (1 - closeInPeriod));
  const reasons = slipReasonsOf(deal, closeInPeriod, rates);
  if (reasons.length === 0 && revenueAtRisk <= 0) return undefined;
  return {
    opportunityId: deal.opportunityId,
    name: deal.name,
    account: deal.account,
    ownerId: deal.ownerId,
    stageId: deal.stageId,
    closeDate: deal.closeDate,
    amount: deal.amount,
    winRate: dealRates.winRate,
    closeInPeriod,
    revenueAtRisk,
    reasons,
  };
}

/** Most revenue at risk first, then the larger deal, then by id; at most `limit`. */
export function rankAtRisk(deals: readonly AtRiskDeal[], limit: number): AtRiskDeal[] {
  if (limit <= 0) return [];
  return [...deals]
    .sort((a, b) => b.revenueAtRisk - a.revenueAtRisk || b.amount - a.amount || byCodeUnit(a.opportunityId, b.opportunityId))
    .slice(0, limit);
}
