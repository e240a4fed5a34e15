/**
 * The forecasts' responses, for the OpenAPI document and the stores (which check what they
 * read back against the same schemas). Each mirrors its core type (checked at the bottom).
 */
import * as z from 'zod';
import {
  EXTENSION_BUCKETS,
  type LearnedRates,
  type ScopeBacktest,
  type ScopeForecast,
  STAGE_AGE_BUCKETS,
} from '#core/forecasts/forecast-model.js';
import { Amount, ratio } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const Count = z.number().int().nonnegative();
/** A probability or share, 0 to 1, described as every ratio of the API is. */
const rate = (meaning: string, example: number) => ratio(meaning, example).min(0).max(1);
// Arrays of three (not tuples): the shape check reads a core tuple as an array.
const ThreeRates = z
  .array(rate('closed by the end of the close month + k', 0.7))
  .length(3)
  .meta({ description: 'closed by the end of the close month + 0, + 1, + 2 (cumulative)' });
const ThreeCounts = z.array(Count).length(3);

const ScopeDocument = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
  z.object({ kind: z.literal('rep'), repId: z.string() }),
]);

const WinCounts = z.object({ observations: Count, won: Count });
const OnTimeCounts = z.object({ observations: Count, closedWithin: ThreeCounts });

const RateCellDocument = z.object({
  stageId: z.string(),
  extensions: z.enum(EXTENSION_BUCKETS),
  sinceStageChange: z.enum(STAGE_AGE_BUCKETS),
  win: WinCounts,
  onTime: OnTimeCounts,
});

const StageRatesDocument = z.object({
  stageId: z.string(),
  configuredProbability: z.number().int().min(0).max(100).meta({ description: 'percent 0-100, as configured when the rates were learned' }),
  win: WinCounts,
  onTime: OnTimeCounts,
  winRate: ratio('the stage win rate used where a cell has too little data', 0.3),
  winRateSource: z.enum(['stage', 'configured']),
  closedWithin: ThreeRates,
  closedWithinSource: z.enum(['stage', 'assumed']),
  medianDaysInStage: Count.nullable(),
  cells: z.array(RateCellDocument),
});

export const LearnedRatesDocument = z
  .object({
    learnedAt: z.string().nullable().meta({ description: 'null before the first refresh: every stage at its configured probability' }),
    minObservations: Count,
    stages: z.array(StageRatesDocument),
    averageSalesCycleDays: Count.nullable(),
    closedDeals: Count,
  })
  .meta({ id: 'LearnedRates' });

const ExpectedRevenueDocument = z.object({
  stageProbability: Amount.meta({ description: 'Σ amount x configured probability: the expected revenue as always' }),
  calibrated: Amount.meta({ description: 'Σ amount x learned win rate' }),
  slipAdjusted: Amount.meta({ description: 'Σ amount x win rate x probability of closing within the period' }),
});

const SimulationDocument = z.object({
  draws: Count,
  seed: z.number().int(),
  p10: Amount,
  p50: Amount,
  p90: Amount,
  mean: Amount,
  probabilityOfReachingTarget: rate('the share of draws reaching the target; null without a target', 0.62).nullable(),
  standardError: ratio('of the probability of reaching target, sqrt(p(1-p)/draws); null without a target', 0.0049).nullable(),
});

const SlipReasonDocument = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('extensions'), closeMonthExtensions: Count }),
  z.object({ kind: z.literal('stale-stage'), daysSinceStageChange: Count, medianDaysInStage: Count }),
  z.object({ kind: z.literal('older-than-cycle'), daysOpen: Count, averageSalesCycleDays: Count }),
  z.object({ kind: z.literal('low-on-time-rate'), closeInPeriod: rate('the chance the deal closes within the period', 0.4) }),
]);

const AtRiskDealDocument = z.object({
  opportunityId: z.string(),
  name: z.string(),
  account: z.string(),
  ownerId: z.string(),
  stageId: z.string(),
  closeDate: z.string(),
  amount: Amount,
  winRate: rate('the win rate the deal is forecast with', 0.55),
  closeInPeriod: rate('the chance the deal closes within the period', 0.7),
  revenueAtRisk: Amount.meta({ description: 'amount x winRate x (1 - closeInPeriod): the expected revenue a slip would move out' }),
  reasons: z.array(SlipReasonDocument),
});

const ForecastPeriodDocument = z.object({ kind: z.enum(['month', 'quarter']), label: z.string(), months: z.array(z.string()) });

const ScopeForecastShape = z.object({
  scope: ScopeDocument,
  period: ForecastPeriodDocument,
  asAt: z.string(),
  ratesLearnedAt: z.string().nullable(),
  target: Amount.nullable(),
  wonSoFar: Amount,
  openDeals: Count,
  pipeline: Amount,
  expected: ExpectedRevenueDocument,
  projectedWon: ExpectedRevenueDocument,
  simulation: SimulationDocument,
  atRisk: z.array(AtRiskDealDocument),
});

export const ScopeForecastDocument = ScopeForecastShape.extend({
  name: z.string().meta({ description: "the scope's name: the rep's, the team's, the company's" }),
}).meta({ id: 'ScopeForecast' });

const BacktestMonthDocument = z.object({
  month: z.string(),
  asAt: z.string(),
  target: Amount.nullable(),
  wonAtStart: Amount,
  projectedWon: ExpectedRevenueDocument,
  p10: Amount,
  p50: Amount,
  p90: Amount,
  probabilityOfReachingTarget: rate('the forecast chance of reaching target; null without a target', 0.62).nullable(),
  actualWon: Amount,
  reachedTarget: z.boolean().nullable(),
});

const FigureErrorDocument = z.object({
  meanAbsoluteError: z.number().int().meta({ description: 'minor units: the mean of |projected - actual|, rounded half up' }),
  bias: z.number().int().meta({ description: 'minor units: the mean of projected - actual, positive when over-forecast, rounded half up' }),
  weightedAbsolutePercentageError: ratio('Σ|projected - actual| / Σ actual; null when nothing was won', 0.18).nullable(),
});

const BacktestSummaryDocument = z.object({
  scoredMonths: Count,
  brierScore: ratio('the mean of (probability - outcome)^2 over the scored months, 0 is perfect; null when none', 0.12).nullable(),
  calibration: z.array(
    z.object({
      from: ratio('the lowest probability of the bin', 0.6),
      to: ratio('the bin holds probabilities below this (the last bin up to 1 included)', 0.7),
      forecasts: Count,
      meanProbability: ratio('the mean forecast probability of the bin; null when empty', 0.65).nullable(),
      observedRate: ratio('the share of its months that reached target; null when empty', 0.6).nullable(),
    }),
  ),
  errors: z.object({
    stageProbability: FigureErrorDocument,
    calibrated: FigureErrorDocument,
    slipAdjusted: FigureErrorDocument,
    p50: FigureErrorDocument,
  }),
});

export const ScopeBacktestDocument = z
  .object({
    scope: ScopeDocument,
    computedAt: z.string().nullable().meta({ description: 'null before the first refresh (months then empty)' }),
    months: z.array(BacktestMonthDocument),
    summary: BacktestSummaryDocument,
    repMonths: BacktestSummaryDocument.exactOptional().meta({
      description: "a team's or the company's: scored over every rep-month of its reps",
    }),
  })
  .meta({ id: 'ScopeBacktest' });

const ratesMatch: SameShape<LearnedRates, z.infer<typeof LearnedRatesDocument>> = true;
const forecastMatches: SameShape<ScopeForecast, z.infer<typeof ScopeForecastShape>> = true;
const backtestMatches: SameShape<ScopeBacktest, z.infer<typeof ScopeBacktestDocument>> = true;
void ratesMatch;
void forecastMatches;
void backtestMatches;
