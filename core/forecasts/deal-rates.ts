/**
 * The rates one open deal is forecast with. The fallback rule: the deal's own cell (stage,
 * extensions, days since its last stage change) where that cell has at least
 * `minObservations` observations; else its stage's rate (learned from all the stage's
 * cells, or the configured probability where even the stage has too little data); a stage
 * the rates do not know forecasts with the deal's configured probability. The on-time
 * rates fall back the same way, to [1, 1, 1] (no slip risk) without data.
 */
import type { DealRates, ExtensionBucket, ForecastDeal, LearnedRates, StageAgeBucket } from './forecast-model.js';

export function extensionBucketOf(closeMonthExtensions: number): ExtensionBucket {
  return closeMonthExtensions <= 0 ? '0' : closeMonthExtensions === 1 ? '1' : '2+';
}

export function stageAgeBucketOf(daysSinceStageChange: number): StageAgeBucket {
  return daysSinceStageChange <= 30 ? '0-30' : daysSinceStageChange <= 90 ? '31-90' : '91+';
}

const NO_SLIP: readonly [number, number, number] = [1, 1, 1];

export function ratesForDeal(rates: LearnedRates, deal: ForecastDeal): DealRates {
  const stage = rates.stages.find((candidate) => candidate.stageId === deal.stageId);
  if (!stage) {
    return {
      winRate: deal.configuredProbability / 100,
      winRateSource: 'configured',
      closedWithin: NO_SLIP,
      closedWithinSource: 'assumed',
      observations: 0,
    };
  }
  const extensions = extensionBucketOf(deal.closeMonthExtensions);
  const sinceStageChange = stageAgeBucketOf(deal.daysSinceStageChange);
  const cell = stage.cells.find((candidate) => candidate.extensions === extensions && candidate.sinceStageChange === sinceStageChange);
  const min = rates.minObservations;
  const winFromCell = cell !== undefined && cell.win.observations >= min && cell.win.observations > 0;
  const onTimeFromCell = cell !== undefined && cell.onTime.observations >= min && cell.onTime.observations > 0;
  return {
    ...(winFromCell
      ? { winRate: cell.win.won / cell.win.observations, winRateSource: 'cell' as const, observations: cell.win.observations }
      : {
          winRate: stage.winRate,
          winRateSource: stage.winRateSource,
          observations: stage.winRateSource === 'stage' ? stage.win.observations : 0,
        }),
    ...(onTimeFromCell
      ? {
          closedWithin: [0, 1, 2].map((k) => (cell.onTime.closedWithin[k] ?? 0) / cell.onTime.observations) as unknown as readonly [
            number,
            number,
            number,
          ],
          closedWithinSource: 'cell' as const,
        }
      : { closedWithin: stage.closedWithin, closedWithinSource: stage.closedWithinSource }),
  };
}

function monthIndexOf(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/**
 * The probability the deal closes within a period: closedWithin[k], k the months from the
 * deal's close month to the period's last month, clamped to 0..2 (a deal due in the last
 * month of a quarter has k = 0, one due in its first month k = 2).
 */
export function closeInPeriod(dealRates: DealRates, deal: Pick<ForecastDeal, 'closeDate'>, periodMonths: readonly string[]): number {
  const last = periodMonths.at(-1);
  if (last === undefined) return 0;
  const k = Math.min(2, Math.max(0, monthIndexOf(last) - monthIndexOf(deal.closeDate.slice(0, 7))));
  return dealRates.closedWithin[k as 0 | 1 | 2];
}
