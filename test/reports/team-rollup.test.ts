import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommissionLevels } from '#core/commission/commission-levels.js';
import type { RepMonthTotals } from '#core/linkage/rep-month-totals.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { buildTeamTree } from '#core/organisation/team-tree.js';
import { repMonthKey, rollUpTeam, type TeamRollupInput } from '#core/reports/team-rollup.js';
import { NotFoundError } from '#core/shared/errors.js';
import { parsePeriod } from '#core/shared/period.js';
import { DAVE_BANDS, dealLink, generalLevels, major, totalsOf } from '../support/record-factories.js';

const tree = buildTeamTree(
  [
    { id: 'company', name: 'Acme', parentTeamId: null },
    { id: 'east', name: 'East', parentTeamId: 'company' },
    { id: 'west', name: 'West', parentTeamId: 'company' },
    { id: 'enterprise', name: 'Enterprise', parentTeamId: 'east' },
  ],
  [
    { id: 'ann', name: 'Ann', teamId: 'company' },
    { id: 'bob', name: 'Bob', teamId: 'east' },
    { id: 'cat', name: 'Cat', teamId: 'enterprise' },
    { id: 'dan', name: 'Dan', teamId: 'west' },
  ],
);

const won = (amount: number) => dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount, familyAmounts: { '': amount } });
const open = (amount: number) => dealLink({ stageId: 'negotiation', amount, familyAmounts: { '': amount } });
const TEN_PERCENT = generalLevels([{ from: 0, to: null, ratePercent: 10 }]);

/** Builds the lookups from maps keyed `${id}|${month}`, as the API feeds them from its reads. */
function inputOf(data: {
  totals?: Record<string, RepMonthTotals>;
  repTargets?: Record<string, number>;
  teamTargets?: Record<string, number>;
  levels?: Record<string, CommissionLevels>;
}): Omit<TeamRollupInput, 'teamId' | 'months'> {
  return {
    tree,
    stages: DEFAULT_STAGES,
    repTotals: (repId, month) => data.totals?.[repMonthKey(repId, month)] ?? {},
    repTarget: (repId, month) => data.repTargets?.[repMonthKey(repId, month)] ?? null,
    teamTarget: (teamId, month) => data.teamTargets?.[repMonthKey(teamId, month)] ?? null,
    repLevels: (repId, month) => data.levels?.[repMonthKey(repId, month)] ?? null,
  };
}

const quarter = parsePeriod('2026-Q1').months;
const sample = inputOf({
  totals: {
    'bob|2026-01': totalsOf(won(major(10_000))),
    'bob|2026-02': totalsOf(open(major(20_000))),
    'cat|2026-02': totalsOf(won(major(50_000)), won(major(30_000)), open(major(40_000))),
    'dan|2026-03': totalsOf(won(major(5_000))),
  },
  repTargets: { 'bob|2026-01': major(10_000), 'bob|2026-02': major(10_000), 'bob|2026-03': major(10_000), 'cat|2026-02': major(50_000) },
  teamTargets: { 'west|2026-01': major(30_000) },
  levels: { 'bob|2026-01': TEN_PERCENT, 'bob|2026-02': TEN_PERCENT, 'bob|2026-03': TEN_PERCENT, 'cat|2026-02': generalLevels(DAVE_BANDS) },
});

describe('team roll-up', () => {
  it('sums the whole subtree over the months of a quarter', () => {
    const report = rollUpTeam({ ...sample, teamId: 'company', months: quarter });
    expect(report.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(report).toMatchObject({ teamId: 'company', name: 'Acme' });
    expect(report.targetRecord).toMatchObject({ closedWon: major(95_000), pipeline: major(60_000), expectedRevenue: major(45_000) });
  });

  it("falls back, month by month, to the sum of members' and child teams' targets", () => {
    // Jan: bob 10,000 + west's own 30,000; Feb: bob 10,000 + cat 50,000; Mar: bob 10,000.
    expect(rollUpTeam({ ...sample, teamId: 'company', months: quarter }).targetRecord.target).toBe(major(110_000));
    expect(rollUpTeam({ ...sample, teamId: 'east', months: quarter }).targetRecord.target).toBe(major(80_000));
    expect(rollUpTeam({ ...sample, teamId: 'west', months: quarter }).targetRecord.target).toBe(major(30_000));
    expect(rollUpTeam({ ...sample, teamId: 'company', months: ['2026-02'] }).targetRecord.target).toBe(major(60_000));
  });

  it("prefers a team's own target where one is set", () => {
    const withCompanyTarget = {
      ...sample,
      teamTarget: (teamId: string, month: string) =>
        teamId === 'company' && month === '2026-02' ? major(100_000) : sample.teamTarget(teamId, month),
    };
    expect(rollUpTeam({ ...withCompanyTarget, teamId: 'company', months: quarter }).targetRecord.target).toBe(
      major(40_000 + 100_000 + 10_000),
    );
    expect(rollUpTeam({ ...withCompanyTarget, teamId: 'company', months: ['2026-02'] }).targetRecord.target).toBe(major(100_000));
  });

  it('has no target when nobody has one', () => {
    const report = rollUpTeam({ ...sample, teamId: 'west', months: ['2026-03'] });
    expect(report.targetRecord).toMatchObject({ target: null, closedWon: major(5_000), shortfall: null, attainment: null });
  });

  it('adds up commission per rep and month', () => {
    const report = rollUpTeam({ ...sample, teamId: 'company', months: quarter });
    // bob: 1,000 earned in Jan and 2,000 pipeline in Feb; cat: the seed example in Feb.
    expect(report.commission).toEqual({ earned: major(3_300), pipelineCommission: major(4_400), totalPotential: major(7_700) });
  });

  it('never runs revenue summed over months through the bands', () => {
    const input = inputOf({
      totals: { 'cat|2026-01': totalsOf(won(major(50_000))), 'cat|2026-02': totalsOf(won(major(30_000))) },
      levels: { 'cat|2026-01': generalLevels(DAVE_BANDS), 'cat|2026-02': generalLevels(DAVE_BANDS) },
    });
    // 50,000 x 2 % + 30,000 x 2 %, not commission(80,000) = 2,300.
    expect(rollUpTeam({ ...input, teamId: 'enterprise', months: quarter }).commission.earned).toBe(major(1_600));
  });

  it("drills down one level: child teams by name, then the team's own reps", () => {
    const report = rollUpTeam({ ...sample, teamId: 'company', months: quarter });
    expect(
      report.members.map((member) => [member.kind, member.id, member.name, member.targetRecord.target, member.targetRecord.closedWon]),
    ).toEqual([
      ['team', 'east', 'East', major(80_000), major(90_000)],
      ['team', 'west', 'West', major(30_000), major(5_000)],
      ['rep', 'ann', 'Ann', null, 0],
    ]);
    const east = rollUpTeam({ ...sample, teamId: 'east', months: quarter });
    expect(east.members.map((member) => [member.kind, member.id, member.commission.totalPotential])).toEqual([
      ['team', 'enterprise', major(4_700)],
      ['rep', 'bob', major(3_000)],
    ]);
    expect(east.members[1]?.targetRecord).toMatchObject({ target: major(30_000), closedWon: major(10_000), attainment: 0.3333 });
  });

  it('reads a fiscal quarter across a year end the same as the calendar months it covers', () => {
    const fiscalQ4 = parsePeriod('2025-Q4', 4).months; // April start: 2026-01..2026-03
    expect(fiscalQ4).toEqual(quarter);
    expect(rollUpTeam({ ...sample, teamId: 'company', months: fiscalQ4 })).toEqual(
      rollUpTeam({ ...sample, teamId: 'company', months: quarter }),
    );
    const fiscalYear = rollUpTeam({ ...sample, teamId: 'company', months: parsePeriod('2025-FY', 4).months });
    expect(fiscalYear.months).toHaveLength(12);
    expect(fiscalYear.targetRecord.closedWon).toBe(major(95_000));
    const nextFiscalYear = rollUpTeam({ ...sample, teamId: 'company', months: parsePeriod('2026-FY', 4).months });
    expect(nextFiscalYear.targetRecord).toMatchObject({ closedWon: 0, target: null });
  });

  it('rejects an unknown team', () => {
    expect(() => rollUpTeam({ ...sample, teamId: 'ghost', months: quarter })).toThrow(NotFoundError);
  });
});

describe('team roll-up: properties', () => {
  const reps = ['ann', 'bob', 'cat', 'dan'];
  const linkArbitrary = fc
    .record({
      stageId: fc.constantFrom('prospecting', 'negotiation', 'closed-won', 'closed-lost'),
      amount: fc.integer({ min: 0, max: 1e9 }),
    })
    .map(({ stageId, amount }) => dealLink({ stageId, amount, familyAmounts: { '': amount } }));
  const dataArbitrary = fc.record({
    links: fc.dictionary(
      fc.constantFrom(...reps.flatMap((repId) => quarter.map((month) => repMonthKey(repId, month)))),
      fc.array(linkArbitrary, { maxLength: 4 }),
    ),
    targets: fc.dictionary(
      fc.constantFrom(...reps.flatMap((repId) => quarter.map((month) => repMonthKey(repId, month)))),
      fc.integer({ min: 0, max: 1e9 }),
    ),
  });

  it('a team is the sum of its drill-down members, in figures, targets and commission', () => {
    fc.assert(
      fc.property(dataArbitrary, (data) => {
        const input = inputOf({
          totals: Object.fromEntries(Object.entries(data.links).map(([key, links]) => [key, totalsOf(...links)])),
          repTargets: data.targets,
          levels: Object.fromEntries(
            reps.flatMap((repId) => quarter.map((month) => [repMonthKey(repId, month), generalLevels(DAVE_BANDS)])),
          ),
        });
        for (const teamId of ['company', 'east']) {
          const report = rollUpTeam({ ...input, teamId, months: quarter });
          const sum = (pick: (member: (typeof report.members)[number]) => number) =>
            report.members.reduce((total, member) => total + pick(member), 0);
          expect(sum((member) => member.targetRecord.closedWon)).toBe(report.targetRecord.closedWon);
          expect(sum((member) => member.targetRecord.pipeline)).toBe(report.targetRecord.pipeline);
          expect(sum((member) => member.commission.earned)).toBe(report.commission.earned);
          expect(sum((member) => member.commission.pipelineCommission)).toBe(report.commission.pipelineCommission);
          const targets = report.members.map((member) => member.targetRecord.target).filter((target): target is number => target !== null);
          expect(report.targetRecord.target).toBe(targets.length === 0 ? null : targets.reduce((a, b) => a + b, 0));
        }
      }),
    );
  });
});
