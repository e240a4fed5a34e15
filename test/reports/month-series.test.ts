import { describe, expect, it } from 'vitest';
import type { RepMonthTotals } from '#core/linkage/rep-month-totals.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { buildTeamTree } from '#core/organisation/team-tree.js';
import { MAX_SERIES_MONTHS, repMonthSeries, seriesMonths, teamMonthSeries } from '#core/reports/month-series.js';
import { type RollupLookups, repMonthKey, rollUpRep, rollUpTeam } from '#core/reports/team-rollup.js';
import { ValidationError } from '#core/shared/errors.js';
import { DAVE_BANDS, dealLink, generalLevels, major, totalsOf } from '../support/record-factories.js';

const tree = buildTeamTree(
  [
    { id: 'company', name: 'Acme', parentTeamId: null },
    { id: 'east', name: 'East', parentTeamId: 'company' },
  ],
  [
    { id: 'ann', name: 'Ann', teamId: 'company' },
    { id: 'bob', name: 'Bob', teamId: 'east' },
  ],
);

const won = (amount: number) => dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount, familyAmounts: { '': amount } });
const open = (amount: number) => dealLink({ stageId: 'negotiation', amount, familyAmounts: { '': amount } });

const totals: Record<string, RepMonthTotals> = {
  'ann|2026-01': totalsOf(won(major(10_000))),
  'bob|2026-01': totalsOf(won(major(60_000)), open(major(20_000))),
  'bob|2026-03': totalsOf(open(major(40_000))),
};
const targets: Record<string, number> = { 'bob|2026-01': major(50_000), 'bob|2026-02': major(50_000) };
const lookups: RollupLookups = {
  stages: DEFAULT_STAGES,
  repTotals: (repId, month) => totals[repMonthKey(repId, month)] ?? {},
  repTarget: (repId, month) => targets[repMonthKey(repId, month)] ?? null,
  teamTarget: (teamId, month) => (teamId === 'company' && month === '2026-03' ? major(70_000) : null),
  repLevels: () => generalLevels(DAVE_BANDS),
};
const months = ['2026-01', '2026-02', '2026-03'];

describe('the months of a series', () => {
  it('runs from from to to, both included, across a year end', () => {
    expect(seriesMonths('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(seriesMonths('2026-02', '2026-02')).toEqual(['2026-02']);
  });

  it(`holds 1 to ${MAX_SERIES_MONTHS} months, else names to`, () => {
    expect(seriesMonths('2025-01', '2026-12')).toHaveLength(24);
    for (const [from, to] of [
      ['2026-02', '2026-01'],
      ['2025-01', '2027-01'],
    ] as const) {
      expect(() => seriesMonths(from, to)).toThrow(
        expect.objectContaining({ constructor: ValidationError, issues: [expect.objectContaining({ field: 'to' })] }),
      );
    }
  });
});

describe("a team's month series", () => {
  const series = teamMonthSeries({ ...lookups, tree, teamId: 'company', months });

  it('rolls up each month exactly as a one-month period', () => {
    expect(series.map((entry) => entry.month)).toEqual(months);
    for (const entry of series) {
      const period = rollUpTeam({ ...lookups, tree, teamId: 'company', months: [entry.month] });
      expect({ targetRecord: entry.targetRecord, commission: entry.commission }).toEqual({
        targetRecord: period.targetRecord,
        commission: period.commission,
      });
    }
    expect(series.map((entry) => [entry.targetRecord.target, entry.targetRecord.closedWon, entry.targetRecord.pipeline])).toEqual([
      [major(50_000), major(70_000), major(20_000)],
      [major(50_000), 0, 0],
      [major(70_000), 0, major(40_000)],
    ]);
  });

  it("gives each month's members, child teams then reps, with the figures a stacked chart needs", () => {
    expect(series[0]?.members).toEqual([
      {
        kind: 'team',
        id: 'east',
        name: 'East',
        closedWon: major(60_000),
        target: major(50_000),
        pipeline: major(20_000),
        expectedRevenue: major(15_000),
      },
      { kind: 'rep', id: 'ann', name: 'Ann', closedWon: major(10_000), target: null, pipeline: 0, expectedRevenue: 0 },
    ]);
    // The members add up to the team in every month.
    for (const entry of series) {
      expect(entry.members.reduce((sum, member) => sum + member.closedWon, 0)).toBe(entry.targetRecord.closedWon);
      expect(entry.members.reduce((sum, member) => sum + member.expectedRevenue, 0)).toBe(entry.targetRecord.expectedRevenue);
    }
  });

  it('sums, over the months, to the period of the same months', () => {
    const period = rollUpTeam({ ...lookups, tree, teamId: 'company', months });
    expect(series.reduce((sum, entry) => sum + entry.commission.earned, 0)).toBe(period.commission.earned);
    expect(series.reduce((sum, entry) => sum + (entry.targetRecord.target ?? 0), 0)).toBe(period.targetRecord.target);
  });
});

describe("a rep's month series and period", () => {
  it("gives the rep's month records, with no members", () => {
    const series = repMonthSeries(lookups, 'bob', months);
    expect(series.map((entry) => [entry.month, entry.targetRecord.closedWon, entry.commission.earned, entry.members])).toEqual([
      // 50,000 x 2 % + 10,000 x 4 %
      ['2026-01', major(60_000), major(1_400), []],
      ['2026-02', 0, 0, []],
      ['2026-03', 0, 0, []],
    ]);
    expect(series[2]?.commission).toEqual({ earned: 0, pipelineCommission: major(800), totalPotential: major(800) });
  });

  it("counts a rep's period exactly as the rep counts in a team's", () => {
    const east = rollUpTeam({ ...lookups, tree, teamId: 'east', months });
    const bob = east.members.find((member) => member.id === 'bob');
    expect(rollUpRep(lookups, 'bob', months)).toEqual({ targetRecord: bob?.targetRecord, commission: bob?.commission });
    expect(rollUpRep(lookups, 'bob', months).targetRecord).toMatchObject({ target: major(100_000), attainment: 0.6 });
  });
});
