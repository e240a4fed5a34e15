import { describe, expect, it } from 'vitest';
import { backtestScopes, summaryOf } from '#core/forecasts/backtest.js';
import type { BacktestMonth } from '#core/forecasts/forecast-model.js';
import { MIN_DRAWS } from '#core/forecasts/won-revenue-simulation.js';
import type { Scope } from '#core/organisation/scope.js';
import { dealRecordOf, historyOfDeals } from '#test/support/forecast-deals.js';
import { forecastHistoryOf } from '#test/support/forecast-history.js';

const day = (date: string) => `${date}T00:00:00.000Z`;

/**
 * Stages whose configured probabilities are 1 and 0: with too few closed deals the learned
 * rates fall back to them, so every forecast below is certain and computed by hand.
 */
const stageVersions = [
  {
    version: 1,
    updatedAt: day('2026-01-01'),
    stages: [
      { id: 'sure', name: 'Sure', probability: 100, outcome: 'open' as const },
      { id: 'never', name: 'Never', probability: 0, outcome: 'open' as const },
      { id: 'closed-won', name: 'Won', probability: 100, outcome: 'won' as const },
      { id: 'closed-lost', name: 'Lost', probability: 0, outcome: 'lost' as const },
    ],
  },
];

const history = historyOfDeals(
  [
    // Won before March with a March close date: won at the start of March.
    dealRecordOf({ id: 'y', createdAt: day('2026-02-01'), stageId: 'sure', closeDate: '2026-03-05', amount: 1_000_000 }, [
      { at: day('2026-02-25'), set: { stageId: 'closed-won' } },
    ]),
    // Open at the start of March, certain, won in March.
    dealRecordOf({ id: 'x', createdAt: day('2026-02-10'), stageId: 'sure', closeDate: '2026-03-20', amount: 5_000_000 }, [
      { at: '2026-03-20T12:00:00.000Z', set: { stageId: 'closed-won' } },
    ]),
    // Open at the start of April, certain, lost.
    dealRecordOf({ id: 'z', createdAt: day('2026-03-15'), stageId: 'sure', closeDate: '2026-04-15', amount: 2_000_000 }, [
      { at: day('2026-04-10'), set: { stageId: 'closed-lost' } },
    ]),
    // Open at the start of May, hopeless, won.
    dealRecordOf({ id: 'w', createdAt: day('2026-04-05'), stageId: 'never', closeDate: '2026-05-10', amount: 3_000_000 }, [
      { at: day('2026-05-10'), set: { stageId: 'closed-won' } },
    ]),
  ],
  { stageVersions },
);

const targets: Record<string, number | null> = { '2026-03': 5_500_000, '2026-04': 1_000_000, '2026-05': 1_000_000, '2026-06': null };

describe('the backtest', () => {
  const backtests = backtestScopes(history, {
    now: day('2026-07-01'),
    months: ['2026-03', '2026-04', '2026-05', '2026-06'],
    targetOf: (_scope, month) => targets[month] ?? null,
    draws: MIN_DRAWS,
    seed: 1,
  });

  it('covers the company, every team and every rep with deals', () => {
    expect(backtests.map((backtest) => backtest.scope)).toEqual([
      { kind: 'company' },
      { kind: 'team', teamId: 'team-1' },
      { kind: 'rep', repId: 'rep-1' },
    ]);
  });

  it('forecasts each month as at its first instant and sets it against what was won', () => {
    const [company] = backtests;
    const figures = (value: number) => ({ stageProbability: value, calibrated: value, slipAdjusted: value });
    expect(company?.months).toEqual([
      {
        month: '2026-03',
        asAt: day('2026-03-01'),
        target: 5_500_000,
        wonAtStart: 1_000_000,
        projectedWon: figures(6_000_000),
        p10: 6_000_000,
        p50: 6_000_000,
        p90: 6_000_000,
        probabilityOfReachingTarget: 1,
        actualWon: 6_000_000,
        reachedTarget: true,
      },
      {
        month: '2026-04',
        asAt: day('2026-04-01'),
        target: 1_000_000,
        wonAtStart: 0,
        projectedWon: figures(2_000_000),
        p10: 2_000_000,
        p50: 2_000_000,
        p90: 2_000_000,
        probabilityOfReachingTarget: 1,
        actualWon: 0,
        reachedTarget: false,
      },
      {
        month: '2026-05',
        asAt: day('2026-05-01'),
        target: 1_000_000,
        wonAtStart: 0,
        projectedWon: figures(0),
        p10: 0,
        p50: 0,
        p90: 0,
        probabilityOfReachingTarget: 0,
        actualWon: 3_000_000,
        reachedTarget: true,
      },
      {
        month: '2026-06',
        asAt: day('2026-06-01'),
        target: null,
        wonAtStart: 0,
        projectedWon: figures(0),
        p10: 0,
        p50: 0,
        p90: 0,
        probabilityOfReachingTarget: null,
        actualWon: 0,
        reachedTarget: null,
      },
    ]);
  });

  it('scores the months with a target by Brier and calibration, and every month by its errors', () => {
    const [company, team, rep] = backtests;
    // (1 - 1)^2, (1 - 0)^2, (0 - 1)^2 over three scored months.
    expect(company?.summary.scoredMonths).toBe(3);
    expect(company?.summary.brierScore).toBeCloseTo(2 / 3, 12);
    const bins = company?.summary.calibration ?? [];
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, forecasts: 1, meanProbability: 0, observedRate: 1 });
    expect(bins[9]).toEqual({ from: 0.9, to: 1, forecasts: 2, meanProbability: 1, observedRate: 0.5 });
    expect(bins.slice(1, 9).every((bin) => bin.forecasts === 0 && bin.meanProbability === null && bin.observedRate === null)).toBe(true);
    // Errors 0, +2,000,000, -3,000,000, 0 over 9,000,000 won.
    const error = { meanAbsoluteError: 1_250_000, bias: -250_000, weightedAbsolutePercentageError: 5 / 9 };
    expect(company?.summary.errors).toEqual({ stageProbability: error, calibrated: error, slipAdjusted: error, p50: error });
    expect(team?.summary).toEqual(company?.summary);
    expect(rep?.summary).toEqual(company?.summary);
    expect(company?.repMonths).toEqual(rep?.summary);
    expect(rep?.repMonths).toBeUndefined();
  });

  it('puts a probability of exactly 1 in the last calibration bin and leaves empty summaries empty', () => {
    const month = (p: number | null, reached: boolean | null): BacktestMonth => ({
      month: '2026-01',
      asAt: day('2026-01-01'),
      target: p === null ? null : 1,
      wonAtStart: 0,
      projectedWon: { stageProbability: 0, calibrated: 0, slipAdjusted: 0 },
      p10: 0,
      p50: 0,
      p90: 0,
      probabilityOfReachingTarget: p,
      actualWon: 0,
      reachedTarget: reached,
    });
    const summary = summaryOf([month(0.25, true), month(0.1, false), month(1, true), month(null, null)]);
    expect(summary.calibration.map((bin) => bin.forecasts)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(summary.brierScore).toBeCloseTo((0.75 ** 2 + 0.1 ** 2 + 0) / 3, 12);
    expect(summary.errors.p50.weightedAbsolutePercentageError).toBeNull();
    expect(summaryOf([])).toMatchObject({ scoredMonths: 0, brierScore: null, errors: { p50: { meanAbsoluteError: 0, bias: 0 } } });
  });

  it('keeps the mean errors in whole minor units, rounded half up', () => {
    const month = (p50: number, actualWon: number): BacktestMonth => ({
      month: '2026-01',
      asAt: day('2026-01-01'),
      target: null,
      wonAtStart: 0,
      projectedWon: { stageProbability: p50, calibrated: p50, slipAdjusted: p50 },
      p10: p50,
      p50,
      p90: p50,
      probabilityOfReachingTarget: null,
      actualWon,
      reachedTarget: null,
    });
    // Errors -1 and -2: mean absolute 1.5 -> 2, bias -1.5 -> -1; errors +1 and +2: bias 1.5 -> 2.
    expect(summaryOf([month(9, 10), month(8, 10)]).errors.p50).toEqual({
      meanAbsoluteError: 2,
      bias: -1,
      weightedAbsolutePercentageError: 3 / 20,
    });
    expect(summaryOf([month(11, 10), month(12, 10)]).errors.calibrated).toMatchObject({ meanAbsoluteError: 2, bias: 2 });
  });

  it("counts an open deal for its owner's team at the month start, and what was won for the team at now", () => {
    const moved = historyOfDeals(history.deals, {
      stageVersions,
      teams: [
        { id: 'team-1', name: 'Sales', parentTeamId: null },
        { id: 'team-2', name: 'East', parentTeamId: 'team-1' },
      ],
      // rep-1 joins East on 2026-03-15: March is forecast for Sales alone, won for East.
      repVersions: [
        { repId: 'rep-1', version: 1, updatedAt: day('2020-01-01'), teamId: 'team-1' },
        { repId: 'rep-1', version: 2, updatedAt: day('2026-03-15'), teamId: 'team-2' },
      ],
    });
    const [, parent, east] = backtestScopes(moved, {
      now: day('2026-07-01'),
      months: ['2026-03'],
      targetOf: () => null,
      draws: MIN_DRAWS,
      seed: 1,
    });
    expect(east?.scope).toEqual({ kind: 'team', teamId: 'team-2' });
    expect([east?.months[0]?.wonAtStart, east?.months[0]?.projectedWon.calibrated, east?.months[0]?.actualWon]).toEqual([0, 0, 6_000_000]);
    expect([parent?.months[0]?.wonAtStart, parent?.months[0]?.projectedWon.calibrated, parent?.months[0]?.actualWon]).toEqual([
      1_000_000, 6_000_000, 6_000_000,
    ]);
    expect(east?.repMonths?.scoredMonths).toBe(0);
  });
});

describe('the backtest of a generated history', () => {
  it('is the same twice and scores every rep-month of the company', () => {
    const reps = ['rep-1', 'rep-2', 'rep-3', 'rep-4'];
    const generated = forecastHistoryOf({ seed: 3, reps, months: 12, dealsPerRepMonth: 8, now: day('2026-12-01') });
    const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    const targetOf = (scope: Scope) => (scope.kind === 'rep' ? 4_000_000 : scope.kind === 'team' ? 16_000_000 : 16_000_000);
    const options = { now: day('2026-12-01'), months, targetOf, draws: MIN_DRAWS, seed: 5 };
    const backtests = backtestScopes(generated.history, options);
    expect(backtestScopes(generated.history, options)).toEqual(backtests);
    expect(backtests.map((backtest) => backtest.scope)).toEqual([
      { kind: 'company' },
      { kind: 'team', teamId: 'team-sales' },
      ...reps.map((repId) => ({ kind: 'rep', repId })),
    ]);
    const company = backtests[0];
    expect(company?.summary.scoredMonths).toBe(6);
    expect(company?.repMonths?.scoredMonths).toBe(24);
    for (const backtest of backtests) {
      for (const month of backtest.months) {
        expect(month.p10).toBeLessThanOrEqual(month.p50);
        expect(month.p50).toBeLessThanOrEqual(month.p90);
        expect(month.projectedWon.slipAdjusted).toBeLessThanOrEqual(month.projectedWon.calibrated);
      }
    }
  });
});
