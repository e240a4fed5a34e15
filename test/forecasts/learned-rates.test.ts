import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RateCell } from '#core/forecasts/forecast-model.js';
import { DEFAULT_MIN_OBSERVATIONS, learnRates } from '#core/forecasts/learned-rates.js';
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { DealRecord, PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import { dealRecordOf, historyOfDeals } from '#test/support/forecast-deals.js';
import { FORECAST_STAGES, forecastHistoryOf } from '#test/support/forecast-history.js';

const day = (date: string) => `${date}T00:00:00.000Z`;

/** Each deal's month-start observations are worked out in the comment beside it. */
const deals = [
  // Won. 02-01: prospecting, ext 0, 17 days; 03-01: 45 days, due March, closed with a March date (k = 0).
  dealRecordOf({ id: 'a', createdAt: day('2026-01-15'), stageId: 'prospecting', closeDate: '2026-03-20' }, [
    { at: day('2026-03-10'), set: { stageId: 'closed-won' } },
  ]),
  // Lost. 02-01 (created at that instant): investigation, ext 0, 0 days, due Feb, closed with an April date (k = 2);
  // 03-01: ext 1, 28 days, due April (not on-time); 04-01: ext 1, 59 days, due April (k = 0).
  dealRecordOf({ id: 'b', createdAt: day('2026-02-01'), stageId: 'investigation', closeDate: '2026-02-25' }, [
    { at: day('2026-02-20'), set: { closeDate: '2026-04-10' } },
    { at: day('2026-04-05'), set: { stageId: 'closed-lost' } },
  ]),
  // Still open at learnedAt (won later): left out.
  dealRecordOf({ id: 'c', createdAt: day('2026-03-10'), stageId: 'prospecting', closeDate: '2026-06-30' }, [
    { at: day('2026-04-15'), set: { stageId: 'negotiation' } },
    { at: day('2026-07-01'), set: { stageId: 'closed-won' } },
  ]),
  // Lost. 02-01: proposal-made, 27 days; 03-01: negotiation, 15 days since the change; 04-01: 46; 05-01: 76, due May (k = 0).
  dealRecordOf({ id: 'd', createdAt: day('2026-01-05'), stageId: 'proposal-made', closeDate: '2026-05-31' }, [
    { at: day('2026-02-14'), set: { stageId: 'negotiation' } },
    { at: day('2026-05-20'), set: { stageId: 'closed-lost' } },
  ]),
  // Deleted: never closed.
  dealRecordOf({ id: 'e', createdAt: day('2026-01-02'), stageId: 'prospecting', closeDate: '2026-02-28' }, [
    { at: day('2026-02-15'), set: { deleted: true } },
  ]),
  // Won within a month: no month start open, 10 days in negotiation, a 10-day cycle.
  dealRecordOf({ id: 'f', createdAt: day('2026-04-02'), stageId: 'negotiation', closeDate: '2026-04-30' }, [
    { at: day('2026-04-12'), set: { stageId: 'closed-won' } },
  ]),
  // A stage the configuration does not know (open): 02-01, ext 0, 12 days.
  dealRecordOf({ id: 'g', createdAt: day('2026-01-20'), stageId: 'legacy', closeDate: '2026-02-28' }, [
    { at: day('2026-02-10'), set: { stageId: 'closed-lost' } },
  ]),
];
const history = historyOfDeals(deals);

const cell = (
  stageId: string,
  extensions: RateCell['extensions'],
  sinceStageChange: RateCell['sinceStageChange'],
  observations: number,
  won: number,
  onTime: number,
  closedWithin: [number, number, number] = [0, 0, 0],
): RateCell => ({ stageId, extensions, sinceStageChange, win: { observations, won }, onTime: { observations: onTime, closedWithin } });

describe('learned rates', () => {
  it('count month-start observations of deals closed by learnedAt, by cell, with the fallbacks', () => {
    expect(learnRates(history, day('2026-06-01'), { minObservations: 2 })).toEqual({
      learnedAt: day('2026-06-01'),
      minObservations: 2,
      stages: [
        {
          stageId: 'prospecting',
          configuredProbability: 10,
          win: { observations: 2, won: 2 },
          onTime: { observations: 1, closedWithin: [1, 1, 1] },
          winRate: 1,
          winRateSource: 'stage',
          closedWithin: [1, 1, 1],
          closedWithinSource: 'assumed',
          medianDaysInStage: 54,
          cells: [cell('prospecting', '0', '0-30', 1, 1, 0), cell('prospecting', '0', '31-90', 1, 1, 1, [1, 1, 1])],
        },
        {
          stageId: 'investigation',
          configuredProbability: 20,
          win: { observations: 3, won: 0 },
          onTime: { observations: 2, closedWithin: [1, 1, 2] },
          winRate: 0,
          winRateSource: 'stage',
          closedWithin: [0.5, 0.5, 1],
          closedWithinSource: 'stage',
          medianDaysInStage: 63,
          cells: [
            cell('investigation', '0', '0-30', 1, 0, 1, [0, 0, 1]),
            cell('investigation', '1', '0-30', 1, 0, 0),
            cell('investigation', '1', '31-90', 1, 0, 1, [1, 1, 1]),
          ],
        },
        {
          stageId: 'proposal-made',
          configuredProbability: 50,
          win: { observations: 1, won: 0 },
          onTime: { observations: 0, closedWithin: [0, 0, 0] },
          winRate: 0.5,
          winRateSource: 'configured',
          closedWithin: [1, 1, 1],
          closedWithinSource: 'assumed',
          medianDaysInStage: 40,
          cells: [cell('proposal-made', '0', '0-30', 1, 0, 0)],
        },
        {
          stageId: 'negotiation',
          configuredProbability: 75,
          win: { observations: 3, won: 0 },
          onTime: { observations: 1, closedWithin: [1, 1, 1] },
          winRate: 0,
          winRateSource: 'stage',
          closedWithin: [1, 1, 1],
          closedWithinSource: 'assumed',
          // Stays of 95 (deal d) and 10 days (deal f): the lower median.
          medianDaysInStage: 10,
          cells: [cell('negotiation', '0', '0-30', 1, 0, 0), cell('negotiation', '0', '31-90', 2, 0, 1, [1, 1, 1])],
        },
        {
          stageId: 'legacy',
          configuredProbability: 0,
          win: { observations: 1, won: 0 },
          onTime: { observations: 1, closedWithin: [1, 1, 1] },
          winRate: 0,
          winRateSource: 'configured',
          closedWithin: [1, 1, 1],
          closedWithinSource: 'assumed',
          medianDaysInStage: 21,
          cells: [cell('legacy', '0', '0-30', 1, 0, 1, [1, 1, 1])],
        },
      ],
      // Deals a (54 days) and f (10 days).
      averageSalesCycleDays: 32,
      closedDeals: 5,
    });
  });

  it('use the configured probability below 30 observations by default', () => {
    const rates = learnRates(history, day('2026-06-01'));
    expect(rates.minObservations).toBe(DEFAULT_MIN_OBSERVATIONS);
    expect(rates.stages.map((stage) => [stage.stageId, stage.winRate, stage.winRateSource, stage.closedWithinSource])).toEqual([
      ['prospecting', 0.1, 'configured', 'assumed'],
      ['investigation', 0.2, 'configured', 'assumed'],
      ['proposal-made', 0.5, 'configured', 'assumed'],
      ['negotiation', 0.75, 'configured', 'assumed'],
      ['legacy', 0, 'configured', 'assumed'],
    ]);
  });

  it('do not look ahead: a deal closed after learnedAt is left out until it has closed', () => {
    const withoutC = historyOfDeals(deals.filter((deal) => deal.current.id !== 'c'));
    expect(learnRates(history, day('2026-06-01'), { minObservations: 2 })).toEqual(
      learnRates(withoutC, day('2026-06-01'), { minObservations: 2 }),
    );
    // By August deal c has closed: observed at 04-01 (prospecting, 22 days), 05-01 and 06-01 (negotiation, 16 and 47 days).
    const august = learnRates(history, day('2026-08-01'), { minObservations: 2 });
    expect(august.closedDeals).toBe(6);
    expect(august.stages.find((stage) => stage.stageId === 'negotiation')?.win).toEqual({ observations: 5, won: 2 });
    expect(august.stages.find((stage) => stage.stageId === 'prospecting')?.win).toEqual({ observations: 3, won: 3 });
  });

  it('read stages and probabilities from the configuration in force at learnedAt', () => {
    const configured = historyOfDeals(deals, {
      stageVersions: [
        {
          version: 2,
          updatedAt: day('2026-05-15'),
          stages: [
            { id: 'negotiation', name: 'Negotiation', probability: 60, outcome: 'open' },
            { id: 'prospecting', name: 'Prospecting', probability: 5, outcome: 'open' },
            { id: 'closed-won', name: 'Won', probability: 100, outcome: 'won' },
            { id: 'closed-lost', name: 'Lost', probability: 0, outcome: 'lost' },
          ],
        },
      ],
    });
    const rates = learnRates(configured, day('2026-06-01'));
    expect(rates.stages.map((stage) => [stage.stageId, stage.configuredProbability])).toEqual([
      ['negotiation', 60],
      ['prospecting', 5],
      ['investigation', 0],
      ['legacy', 0],
      ['proposal-made', 0],
    ]);
  });

  it('recover the true rates of a generated history (±0.05 win, ±0.03 on time)', () => {
    const generated = forecastHistoryOf({
      seed: 14,
      reps: Array.from({ length: 8 }, (_, index) => `rep-${index + 1}`),
      months: 24,
      dealsPerRepMonth: 40,
      now: '2026-12-01T00:00:00.000Z',
    });
    const rates = learnRates(generated.history, '2026-12-01T00:00:00.000Z');
    for (const stageId of FORECAST_STAGES) {
      const stage = rates.stages.find((candidate) => candidate.stageId === stageId);
      expect(stage?.winRateSource).toBe('stage');
      // About 1,600 deals a stage seen 1-3 times each: the standard error is under 0.0125, so 0.05 is 4 of them.
      expect(Math.abs((stage?.winRate ?? -1) - generated.trueRates.win[stageId])).toBeLessThanOrEqual(0.05);
    }
    const cells = rates.stages.flatMap((stage) => stage.cells);
    const onTime = (extensions: RateCell['extensions']) => {
      const chosen = cells.filter((candidate) => candidate.extensions === extensions);
      const observations = chosen.reduce((sum, { onTime: counts }) => sum + counts.observations, 0);
      const within = [0, 1, 2].map(
        (k) => chosen.reduce((sum, { onTime: counts }) => sum + (counts.closedWithin[k] ?? 0), 0) / observations,
      );
      return { observations, within };
    };
    const first = onTime('0');
    // About 7,000 deals due in their month: standard error 0.0055, 0.03 is over 5 of them.
    expect(first.observations).toBeGreaterThan(5_000);
    expect(Math.abs((first.within[0] ?? -1) - (1 - generated.trueRates.slip))).toBeLessThanOrEqual(0.03);
    expect(first.within.slice(1)).toEqual([1, 1]);
    expect(onTime('1').within).toEqual([1, 1, 1]);
    expect(onTime('2+').observations).toBe(0);
  });
});

/** Adds changes after `after` to some deals: reopenings, new close dates, deletions, new deals. */
function withLaterChanges(
  history: PipelineHistory,
  after: number,
  picks: readonly { deal: number; kind: number; days: number }[],
): PipelineHistory {
  const deals = [...history.deals];
  picks.forEach(({ deal: index, kind, days }, n) => {
    const record = deals[index % deals.length] as DealRecord;
    const { current } = record;
    const changedAt = new Date(Math.max(after, Date.parse(current.updatedAt)) + (days + 1) * 86_400_000).toISOString();
    const version = current.version + 1;
    const base = { opportunityId: current.id, changedAt, version };
    let change: FieldChange;
    if (kind === 0)
      change = {
        ...base,
        field: 'stageId',
        oldValue: current.stageId,
        newValue: current.stageId === 'closed-won' ? 'closed-lost' : 'closed-won',
      };
    else if (kind === 1) change = { ...base, field: 'closeDate', oldValue: current.closeDate, newValue: changedAt.slice(0, 10) };
    else if (kind === 2) change = { ...base, field: 'deleted', oldValue: current.deleted, newValue: !current.deleted };
    else {
      deals.push(
        dealRecordOf({ id: `late-${n}`, createdAt: changedAt, stageId: 'negotiation', closeDate: changedAt.slice(0, 10) }, [
          { at: new Date(Date.parse(changedAt) + 86_400_000).toISOString(), set: { stageId: 'closed-won' } },
        ]),
      );
      return;
    }
    const field = change.field;
    deals[index % deals.length] = {
      current: { ...current, [field]: change.newValue, updatedAt: changedAt, version },
      history: [...record.history, change],
      appliedVersion: version,
    };
  });
  return { ...history, deals };
}

describe('learned rates (properties)', () => {
  const generated = forecastHistoryOf({
    seed: 7,
    reps: ['rep-1', 'rep-2', 'rep-3'],
    months: 10,
    dealsPerRepMonth: 6,
    now: '2026-11-15T00:00:00.000Z',
  });

  it('are deterministic and never look past learnedAt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.record({ deal: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), days: fc.integer({ min: 0, max: 60 }) }), {
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 40 }),
        (monthsBack, picks, minObservations) => {
          const learnedAt = `${new Date(Date.UTC(2026, 10 - monthsBack, 1)).toISOString().slice(0, 7)}-01T00:00:00.000Z`;
          const options = { minObservations };
          const rates = learnRates(generated.history, learnedAt, options);
          expect(learnRates(generated.history, learnedAt, options)).toEqual(rates);
          const shuffled = { ...generated.history, deals: [...generated.history.deals].reverse() };
          expect(learnRates(shuffled, learnedAt, options)).toEqual(rates);
          expect(learnRates(withLaterChanges(generated.history, Date.parse(learnedAt), picks), learnedAt, options)).toEqual(rates);
        },
      ),
      { numRuns: 40 },
    );
  });
});
