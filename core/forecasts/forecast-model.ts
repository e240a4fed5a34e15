/**
 * The shapes the forecasts share: a deal as a forecast sees it, the rates learned from
 * closed deals' history, a forecast of a scope and period, and the backtest. The rules
 * that fill them live beside this file (learned-rates.ts, scope-forecast.ts, backtest.ts).
 */
import type { Scope } from '../organisation/scope.js';
import type { WonRevenueDistribution } from './won-revenue-simulation.js';

/** An open deal at the forecast's instant, with the state its learned rates are looked up by. */
export interface ForecastDeal {
  readonly opportunityId: string;
  /** Shown in the at-risk list; empty when the source does not carry it (a rebuilt past). */
  readonly name: string;
  readonly account: string;
  readonly ownerId: string;
  readonly stageId: string;
  /** YYYY-MM-DD; its month is the month the deal counts for. */
  readonly closeDate: string;
  /** Minor units. */
  readonly amount: number;
  /** Percent 0-100: the deal's override, else its stage's configured default. */
  readonly configuredProbability: number;
  /** Times the close date moved to a later month, up to the instant. */
  readonly closeMonthExtensions: number;
  /** Whole days since the last stage change (since creation while the stage never changed). */
  readonly daysSinceStageChange: number;
  /** Whole days since the deal was created. */
  readonly daysOpen: number;
}

/** Buckets of close-month extensions a rate cell is learned for. */
export const EXTENSION_BUCKETS = ['0', '1', '2+'] as const;
export type ExtensionBucket = (typeof EXTENSION_BUCKETS)[number];

/** Buckets of days since the last stage change a rate cell is learned for. */
export const STAGE_AGE_BUCKETS = ['0-30', '31-90', '91+'] as const;
export type StageAgeBucket = (typeof STAGE_AGE_BUCKETS)[number];

/** Where a rate came from: its own cell, the stage as a whole, or the configuration (too little data). */
export type RateSource = 'cell' | 'stage' | 'configured' | 'assumed';

/** Counts behind a win rate: month-start observations of open deals that have since closed. */
export interface WinCounts {
  readonly observations: number;
  readonly won: number;
}

/**
 * Counts behind the on-time rates: month-start observations of deals due that month that
 * have since closed, and how many closed within the month (0), by the next (1), by the one after (2).
 */
export interface OnTimeCounts {
  readonly observations: number;
  /** Cumulative: closedWithin[k] = closed by the end of the close month + k. */
  readonly closedWithin: readonly [number, number, number];
}

export interface RateCell {
  readonly stageId: string;
  readonly extensions: ExtensionBucket;
  readonly sinceStageChange: StageAgeBucket;
  readonly win: WinCounts;
  readonly onTime: OnTimeCounts;
}

export interface StageRates {
  readonly stageId: string;
  /** Percent 0-100, from the stage configuration in force when the rates were learned. */
  readonly configuredProbability: number;
  readonly win: WinCounts;
  readonly onTime: OnTimeCounts;
  /** The stage's win rate used where a cell has too little data: learned, or the configured one. */
  readonly winRate: number;
  readonly winRateSource: 'stage' | 'configured';
  /** The stage's cumulative on-time rates [k = 0, 1, 2]; [1, 1, 1] ('assumed') without data. */
  readonly closedWithin: readonly [number, number, number];
  readonly closedWithinSource: 'stage' | 'assumed';
  /** Median whole days a deal stayed in the stage before leaving it (null without data). */
  readonly medianDaysInStage: number | null;
  readonly cells: readonly RateCell[];
}

/** The rates learned from every closed deal's field history up to `learnedAt`. */
export interface LearnedRates {
  /**
   * The instant the history was read up to: only deals closed by then count. Null before
   * the first refresh: every stage then forecasts with its configured probability.
   */
  readonly learnedAt: string | null;
  /** A cell (or stage) with fewer observations than this does not give its own rate. */
  readonly minObservations: number;
  readonly stages: readonly StageRates[];
  /** Won deals' mean whole days from creation to close; null without won deals. */
  readonly averageSalesCycleDays: number | null;
  readonly closedDeals: number;
}

/** The rates one deal is forecast with, and where each came from. */
export interface DealRates {
  /** 0-1. */
  readonly winRate: number;
  readonly winRateSource: RateSource;
  /** 0-1: closing by the end of the deal's close month + k, k = 0, 1, 2. */
  readonly closedWithin: readonly [number, number, number];
  readonly closedWithinSource: RateSource;
  /** The observations behind the win rate used (0 for 'configured'). */
  readonly observations: number;
}

/** A reason a deal is at risk of slipping, with the figures that show it. */
export type SlipReason =
  | { readonly kind: 'extensions'; readonly closeMonthExtensions: number }
  | { readonly kind: 'stale-stage'; readonly daysSinceStageChange: number; readonly medianDaysInStage: number }
  | { readonly kind: 'older-than-cycle'; readonly daysOpen: number; readonly averageSalesCycleDays: number }
  | { readonly kind: 'low-on-time-rate'; readonly closeInPeriod: number };

export interface AtRiskDeal {
  readonly opportunityId: string;
  readonly name: string;
  readonly account: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount: number;
  readonly winRate: number;
  /** Probability it closes within the period (0-1). */
  readonly closeInPeriod: number;
  /** amount x winRate x (1 - closeInPeriod), rounded: the expected revenue the slip would move out. */
  readonly revenueAtRisk: number;
  readonly reasons: readonly SlipReason[];
}

/** Expected revenue of the open deals in the period, three ways (minor units). */
export interface ExpectedRevenue {
  /** Σ amount x configured probability: the engine's expected revenue as it always was. */
  readonly stageProbability: number;
  /** Σ amount x learned win rate. */
  readonly calibrated: number;
  /** Σ amount x learned win rate x probability of closing within the period. */
  readonly slipAdjusted: number;
}

export interface ForecastPeriod {
  readonly kind: 'month' | 'quarter';
  /** As asked: 2026-12 or 2026-Q4. */
  readonly label: string;
  readonly months: readonly string[];
}

export interface ScopeForecast {
  readonly scope: Scope;
  readonly period: ForecastPeriod;
  /** The instant the forecast is made at (now, or a past instant in the backtest). */
  readonly asAt: string;
  readonly ratesLearnedAt: string | null;
  /** Null when no target is set for the scope and period. */
  readonly target: number | null;
  /** Closed won in the period up to asAt. */
  readonly wonSoFar: number;
  readonly openDeals: number;
  readonly pipeline: number;
  readonly expected: ExpectedRevenue;
  /** wonSoFar + each expected figure: what each method says the period ends at. */
  readonly projectedWon: ExpectedRevenue;
  /** Monte Carlo of won revenue by the end of the period (each deal at winRate x closeInPeriod). */
  readonly simulation: WonRevenueDistribution;
  /** Ranked by revenue at risk, then amount, then id; at most `atRiskLimit`. */
  readonly atRisk: readonly AtRiskDeal[];
}

/** One backtested month of a scope: the forecast made at the start of the month, and what happened. */
export interface BacktestMonth {
  readonly month: string;
  readonly asAt: string;
  readonly target: number | null;
  readonly wonAtStart: number;
  readonly projectedWon: ExpectedRevenue;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly probabilityOfReachingTarget: number | null;
  /** Closed won in the month as it ended up. */
  readonly actualWon: number;
  /** Null without a target. */
  readonly reachedTarget: boolean | null;
}

/** One row of a calibration table: forecasts whose probability fell in [from, to). */
export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly forecasts: number;
  readonly meanProbability: number | null;
  readonly observedRate: number | null;
}

/** How far one expected-revenue figure was from what happened, over the backtested months. */
export interface FigureError {
  /** Mean of |projected - actual|, minor units. */
  readonly meanAbsoluteError: number;
  /** Mean of (projected - actual): positive is over-forecast. */
  readonly bias: number;
  /** Σ|projected - actual| / Σ actual; null when nothing was won. */
  readonly weightedAbsolutePercentageError: number | null;
}

export interface BacktestSummary {
  /** Months with a target (the ones the probability is scored on). */
  readonly scoredMonths: number;
  /** Mean of (p - outcome)^2 over scored months; null when none. */
  readonly brierScore: number | null;
  readonly calibration: readonly CalibrationBin[];
  readonly errors: {
    readonly stageProbability: FigureError;
    readonly calibrated: FigureError;
    readonly slipAdjusted: FigureError;
    readonly p50: FigureError;
  };
}

/** What one forecast is made from; `forecastOf` (scope-forecast.ts) turns it into a ScopeForecast. */
export interface ForecastInput {
  readonly scope: Scope;
  readonly period: ForecastPeriod;
  readonly asAt: string;
  /** Open at asAt, close month within the period. */
  readonly openDeals: readonly ForecastDeal[];
  /** Closed won in the period up to asAt, minor units. */
  readonly wonSoFar: number;
  readonly target: number | null;
  readonly rates: LearnedRates;
  /** At least MIN_DRAWS. */
  readonly draws: number;
  readonly seed: number;
  readonly atRiskLimit: number;
}

export interface ScopeBacktest {
  readonly scope: Scope;
  /** Null before the first refresh (months then empty). */
  readonly computedAt: string | null;
  readonly months: readonly BacktestMonth[];
  readonly summary: BacktestSummary;
  /** For a team or the company: scored over every rep-month of the reps in it (more forecasts than its own months). */
  readonly repMonths?: BacktestSummary;
}
