import { describe, expect, it } from 'vitest';
import { closeInPeriod, extensionBucketOf, ratesForDeal, stageAgeBucketOf } from '#core/forecasts/deal-rates.js';
import type { ForecastDeal, LearnedRates, StageRates } from '#core/forecasts/forecast-model.js';

const stage = (overrides: Partial<StageRates> & Pick<StageRates, 'stageId'>): StageRates => ({
  configuredProbability: 50,
  win: { observations: 0, won: 0 },
  onTime: { observations: 0, closedWithin: [0, 0, 0] },
  winRate: 0.5,
  winRateSource: 'configured',
  closedWithin: [1, 1, 1],
  closedWithinSource: 'assumed',
  medianDaysInStage: null,
  cells: [],
  ...overrides,
});

const rates: LearnedRates = {
  learnedAt: '2026-06-01T00:00:00.000Z',
  minObservations: 4,
  averageSalesCycleDays: 60,
  closedDeals: 20,
  stages: [
    stage({
      stageId: 'proposal-made',
      win: { observations: 12, won: 6 },
      onTime: { observations: 8, closedWithin: [4, 6, 8] },
      winRate: 0.5,
      winRateSource: 'stage',
      closedWithin: [0.5, 0.75, 1],
      closedWithinSource: 'stage',
      cells: [
        // Enough for both rates of its own.
        {
          stageId: 'proposal-made',
          extensions: '0',
          sinceStageChange: '0-30',
          win: { observations: 4, won: 3 },
          onTime: { observations: 4, closedWithin: [3, 4, 4] },
        },
        // Enough win observations, too few on-time ones.
        {
          stageId: 'proposal-made',
          extensions: '1',
          sinceStageChange: '31-90',
          win: { observations: 5, won: 1 },
          onTime: { observations: 3, closedWithin: [0, 3, 3] },
        },
        // Too few of either.
        {
          stageId: 'proposal-made',
          extensions: '2+',
          sinceStageChange: '91+',
          win: { observations: 3, won: 2 },
          onTime: { observations: 1, closedWithin: [1, 1, 1] },
        },
      ],
    }),
    stage({ stageId: 'prospecting', configuredProbability: 10, win: { observations: 2, won: 2 }, winRate: 0.1 }),
  ],
};

const deal = (overrides: Partial<ForecastDeal>): ForecastDeal => ({
  opportunityId: 'opp-1',
  name: '',
  account: '',
  ownerId: 'rep-1',
  stageId: 'proposal-made',
  closeDate: '2026-06-15',
  amount: 100_000,
  configuredProbability: 50,
  closeMonthExtensions: 0,
  daysSinceStageChange: 10,
  daysOpen: 10,
  ...overrides,
});

describe('the rates of one deal', () => {
  it('buckets extensions and days since the last stage change', () => {
    expect([0, 1, 2, 7].map(extensionBucketOf)).toEqual(['0', '1', '2+', '2+']);
    expect([0, 30, 31, 90, 91].map(stageAgeBucketOf)).toEqual(['0-30', '0-30', '31-90', '31-90', '91+']);
  });

  it("takes its own cell's rates where the cell has enough observations", () => {
    expect(ratesForDeal(rates, deal({}))).toEqual({
      winRate: 0.75,
      winRateSource: 'cell',
      closedWithin: [0.75, 1, 1],
      closedWithinSource: 'cell',
      observations: 4,
    });
  });

  it("falls back to the stage's on-time rates where only the win counts suffice", () => {
    expect(ratesForDeal(rates, deal({ closeMonthExtensions: 1, daysSinceStageChange: 45 }))).toEqual({
      winRate: 0.2,
      winRateSource: 'cell',
      closedWithin: [0.5, 0.75, 1],
      closedWithinSource: 'stage',
      observations: 5,
    });
  });

  it("falls back to the stage's learned rates for a thin cell or none", () => {
    const stageRates = {
      winRate: 0.5,
      winRateSource: 'stage',
      closedWithin: [0.5, 0.75, 1],
      closedWithinSource: 'stage',
      observations: 12,
    };
    expect(ratesForDeal(rates, deal({ closeMonthExtensions: 3, daysSinceStageChange: 200 }))).toEqual(stageRates);
    expect(ratesForDeal(rates, deal({ closeMonthExtensions: 0, daysSinceStageChange: 200 }))).toEqual(stageRates);
  });

  it("falls back to the stage's configured probability (no observations behind it) without enough data", () => {
    expect(ratesForDeal(rates, deal({ stageId: 'prospecting', configuredProbability: 35 }))).toEqual({
      winRate: 0.1,
      winRateSource: 'configured',
      closedWithin: [1, 1, 1],
      closedWithinSource: 'assumed',
      observations: 0,
    });
  });

  it("forecasts a stage the rates do not know with the deal's configured probability", () => {
    expect(ratesForDeal(rates, deal({ stageId: 'legacy', configuredProbability: 35 }))).toEqual({
      winRate: 0.35,
      winRateSource: 'configured',
      closedWithin: [1, 1, 1],
      closedWithinSource: 'assumed',
      observations: 0,
    });
  });
});

describe('closing within a period', () => {
  const dealRates = ratesForDeal(rates, deal({}));
  const quarter = ['2026-04', '2026-05', '2026-06'];

  it('reads closedWithin by the months from the close month to the period end', () => {
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-06-15' }, quarter)).toBe(0.5);
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-05-15' }, quarter)).toBe(0.8);
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-04-15' }, quarter)).toBe(0.9);
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-06-15' }, ['2026-06'])).toBe(0.5);
  });

  it('clamps to 0..2 months', () => {
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-01-15' }, quarter)).toBe(0.9);
    expect(closeInPeriod({ ...dealRates, closedWithin: [0.5, 0.8, 0.9] }, { closeDate: '2026-09-15' }, quarter)).toBe(0.5);
  });
});
