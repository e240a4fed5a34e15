import { describe, expect, it } from 'vitest';
import { configuredRates } from '#core/forecasts/configured-rates.js';
import type { ForecastDeal, ForecastInput, LearnedRates, StageRates } from '#core/forecasts/forecast-model.js';
import { forecastOf } from '#core/forecasts/scope-forecast.js';
import { MIN_DRAWS } from '#core/forecasts/won-revenue-simulation.js';
import { COMPANY_SCOPE } from '#core/organisation/scope.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';

const MONTH = { kind: 'month', label: '2026-12', months: ['2026-12'] } as const;
const QUARTER = { kind: 'quarter', label: '2026-Q4', months: ['2026-10', '2026-11', '2026-12'] } as const;

/** A stage whose rates are learned from enough observations (no cells: every deal takes the stage's rates). */
function stage(stageId: string, winRate: number, closedWithin: [number, number, number], extra: Partial<StageRates> = {}): StageRates {
  return {
    stageId,
    configuredProbability: 50,
    win: { observations: 100, won: Math.round(winRate * 100) },
    onTime: { observations: 100, closedWithin: closedWithin.map((rate) => Math.round(rate * 100)) as [number, number, number] },
    winRate,
    winRateSource: 'stage',
    closedWithin,
    closedWithinSource: 'stage',
    medianDaysInStage: null,
    cells: [],
    ...extra,
  };
}

function rates(stages: StageRates[], extra: Partial<LearnedRates> = {}): LearnedRates {
  return { learnedAt: '2026-12-01T00:00:00.000Z', minObservations: 30, stages, averageSalesCycleDays: null, closedDeals: 500, ...extra };
}

function deal(opportunityId: string, stageId: string, amount: number, extra: Partial<ForecastDeal> = {}): ForecastDeal {
  return {
    opportunityId,
    name: `Deal ${opportunityId}`,
    account: 'Acme',
    ownerId: 'rep-1',
    stageId,
    closeDate: '2026-12-15',
    amount,
    configuredProbability: 50,
    closeMonthExtensions: 0,
    daysSinceStageChange: 0,
    daysOpen: 0,
    ...extra,
  };
}

function input(extra: Partial<ForecastInput>): ForecastInput {
  return {
    scope: COMPANY_SCOPE,
    period: MONTH,
    asAt: '2026-12-01T00:00:00.000Z',
    openDeals: [],
    wonSoFar: 0,
    target: null,
    rates: rates([]),
    draws: MIN_DRAWS,
    seed: 1,
    atRiskLimit: 10,
    ...extra,
  };
}

/** Three standard errors of a simulated probability around the exact one. */
const within = (value: number | null, exact: number, draws: number) =>
  expect(Math.abs((value ?? -1) - exact)).toBeLessThanOrEqual(3 * Math.sqrt((exact * (1 - exact)) / draws));

describe('the forecast of a scope and period', () => {
  it('90,000 won of 100,000 and one open 20,000 deal at a learned 50 % with no slip risk: P(reach target) = 0.5', () => {
    const forecast = forecastOf(
      input({
        wonSoFar: 9_000_000,
        target: 10_000_000,
        openDeals: [deal('a', 'proposal-made', 2_000_000)],
        rates: rates([stage('proposal-made', 0.5, [1, 1, 1])]),
      }),
    );
    within(forecast.simulation.probabilityOfReachingTarget, 0.5, MIN_DRAWS);
    expect(forecast.expected).toEqual({ stageProbability: 1_000_000, calibrated: 1_000_000, slipAdjusted: 1_000_000 });
    expect(forecast.projectedWon).toEqual({ stageProbability: 10_000_000, calibrated: 10_000_000, slipAdjusted: 10_000_000 });
    expect(forecast).toMatchObject({ wonSoFar: 9_000_000, target: 10_000_000, openDeals: 1, pipeline: 2_000_000, atRisk: [] });
  });

  it('two open 10,000 deals at 50 % with 85,000 won: both must be won, P = 0.25', () => {
    const forecast = forecastOf(
      input({
        wonSoFar: 8_500_000,
        target: 10_000_000,
        openDeals: [deal('a', 'proposal-made', 1_000_000), deal('b', 'proposal-made', 1_000_000)],
        rates: rates([stage('proposal-made', 0.5, [1, 1, 1])]),
      }),
    );
    within(forecast.simulation.probabilityOfReachingTarget, 0.25, MIN_DRAWS);
    expect(forecast.simulation.p50).toBe(9_500_000);
  });

  it('the three expected figures, each rounded once at the end', () => {
    const forecast = forecastOf(
      input({
        wonSoFar: 100,
        openDeals: [
          deal('a', 'investigation', 1_000_000, { configuredProbability: 20 }),
          deal('b', 'proposal-made', 333_333),
          deal('c', 'proposal-made', 333_333),
        ],
        rates: rates([stage('investigation', 0.25, [0.5, 0.75, 1]), stage('proposal-made', 0.6, [0.8, 0.9, 1])]),
        atRiskLimit: 0,
      }),
    );
    // 1,000,000 x 20 % + 2 x 333,333 x 50 % = 200,000 + 333,333 (each deal rounded would give 333,334).
    // 1,000,000 x 0.25 + 2 x 333,333 x 0.6 = 250,000 + 399,999.6.
    // 1,000,000 x 0.25 x 0.5 + 2 x 333,333 x 0.6 x 0.8 = 125,000 + 319,999.68.
    expect(forecast.expected).toEqual({ stageProbability: 533_333, calibrated: 650_000, slipAdjusted: 445_000 });
    expect(forecast.projectedWon).toEqual({ stageProbability: 533_433, calibrated: 650_100, slipAdjusted: 445_100 });
    expect(forecast.pipeline).toBe(1_666_666);
    expect(forecast.atRisk).toEqual([]);
  });

  it('before the first refresh: every stage at its configured probability, no slip risk', () => {
    const forecast = forecastOf(
      input({
        openDeals: [
          deal('a', 'negotiation', 1_000_000, { configuredProbability: 60 }),
          deal('b', 'prospecting', 1_000_000, { configuredProbability: 10 }),
        ],
        rates: configuredRates(DEFAULT_STAGES),
      }),
    );
    expect(forecast.ratesLearnedAt).toBeNull();
    // The deal's override drives the engine's figure; the stage's configured 75 % the calibrated one.
    expect(forecast.expected).toEqual({ stageProbability: 700_000, calibrated: 850_000, slipAdjusted: 850_000 });
    expect(forecast.atRisk).toEqual([]);
  });

  it('a stage missing from the rates forecasts with the deal configured probability', () => {
    const forecast = forecastOf(
      input({ openDeals: [deal('a', 'unknown-stage', 1_000_000, { configuredProbability: 40 })], rates: rates([]) }),
    );
    expect(forecast.expected).toEqual({ stageProbability: 400_000, calibrated: 400_000, slipAdjusted: 400_000 });
  });

  it('in a quarter a deal due in its first month has two more months to close than one due in its last', () => {
    const forecast = forecastOf(
      input({
        period: QUARTER,
        openDeals: [
          deal('oct', 'proposal-made', 1_000_000, { closeDate: '2026-10-15' }),
          deal('nov', 'proposal-made', 1_000_000, { closeDate: '2026-11-15' }),
          deal('dec', 'proposal-made', 1_000_000, { closeDate: '2026-12-15' }),
        ],
        rates: rates([stage('proposal-made', 0.5, [0.5, 0.8, 0.9])]),
      }),
    );
    // 500,000 x (0.9 + 0.8 + 0.5)
    expect(forecast.expected.slipAdjusted).toBe(1_100_000);
    expect(forecast.atRisk.map((risk) => [risk.opportunityId, risk.closeInPeriod, risk.revenueAtRisk])).toEqual([
      ['dec', 0.5, 250_000],
      ['nov', 0.8, 100_000],
      ['oct', 0.9, 50_000],
    ]);
  });

  it('the at-risk deals: their reasons, ranked by revenue at risk, then amount, then id, cut at the limit', () => {
    const learned = rates(
      [
        stage('proposal-made', 0.5, [0.4, 0.9, 1], { medianDaysInStage: 20 }),
        stage('negotiation', 0.8, [1, 1, 1], { medianDaysInStage: 20 }),
      ],
      { averageSalesCycleDays: 60 },
    );
    const openDeals = [
      deal('b', 'proposal-made', 1_000_000, { closeMonthExtensions: 1, daysSinceStageChange: 30, daysOpen: 90 }),
      deal('a', 'proposal-made', 1_000_000, { daysSinceStageChange: 20, daysOpen: 60 }),
      deal('quiet', 'negotiation', 5_000_000, { daysSinceStageChange: 5, daysOpen: 5 }),
      deal('extended', 'negotiation', 2_000_000, { closeMonthExtensions: 2 }),
      deal('small', 'proposal-made', 500_000),
    ];
    const forecast = forecastOf(input({ openDeals, rates: learned }));
    expect(forecast.atRisk).toEqual([
      {
        opportunityId: 'a',
        name: 'Deal a',
        account: 'Acme',
        ownerId: 'rep-1',
        stageId: 'proposal-made',
        closeDate: '2026-12-15',
        amount: 1_000_000,
        winRate: 0.5,
        closeInPeriod: 0.4,
        revenueAtRisk: 300_000,
        reasons: [{ kind: 'low-on-time-rate', closeInPeriod: 0.4 }],
      },
      expect.objectContaining({
        opportunityId: 'b',
        revenueAtRisk: 300_000,
        reasons: [
          { kind: 'extensions', closeMonthExtensions: 1 },
          { kind: 'stale-stage', daysSinceStageChange: 30, medianDaysInStage: 20 },
          { kind: 'older-than-cycle', daysOpen: 90, averageSalesCycleDays: 60 },
          { kind: 'low-on-time-rate', closeInPeriod: 0.4 },
        ],
      }),
      expect.objectContaining({ opportunityId: 'small', revenueAtRisk: 150_000 }),
      expect.objectContaining({ opportunityId: 'extended', revenueAtRisk: 0, reasons: [{ kind: 'extensions', closeMonthExtensions: 2 }] }),
    ]);
    expect(forecastOf(input({ openDeals, rates: learned, atRiskLimit: 2 })).atRisk.map((risk) => risk.opportunityId)).toEqual(['a', 'b']);
    expect(forecastOf(input({ openDeals, rates: learned, atRiskLimit: 0 })).atRisk).toEqual([]);
  });

  it('the same input and seed give the same forecast', () => {
    const question = input({
      wonSoFar: 1_000,
      target: 3_000_000,
      openDeals: [deal('a', 'proposal-made', 2_000_000), deal('b', 'proposal-made', 1_500_000)],
      rates: rates([stage('proposal-made', 0.45, [0.6, 0.9, 1])]),
      seed: 42,
    });
    expect(forecastOf(question)).toEqual(forecastOf(question));
  });
});
