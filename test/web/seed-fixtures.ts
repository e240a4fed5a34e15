/**
 * The seed's example as the API answers it, computed by the engine itself (not typed in by
 * hand): Dave Apthorp's February 2016 (2 % to 50,000, 4 % to 75,000, 6 % above; 80,000 won,
 * 25,000 and 15,000 open), his team North with Erin Brock, the company Acme Ltd, a year of
 * months, the pipeline trend and the movement between two dates, and the quality table.
 */
import { commissionRecordOf } from '#core/commission/commission-record.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { buildTeamTree } from '#core/organisation/team-tree.js';
import type { AsAtDeal } from '#core/pipeline/as-at.js';
import { pipelineMovementOf } from '#core/pipeline/pipeline-movement.js';
import type { DealState } from '#core/pipeline/pipeline-rebuild.js';
import { type PipelineSnapshot, pipelineSnapshotOf, snapshotChange } from '#core/pipeline/pipeline-snapshot.js';
import type { PipelineChangeReport } from '#core/pipeline/read-pipeline-change.js';
import type { PipelineTrend, TrendPoint } from '#core/pipeline/read-pipeline-trend.js';
import type { QualityTablePage } from '#core/quality/quality-table.js';
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import type { TeamPeriodResult } from '#core/reports/read-team-period.js';
import { repMonthKey, rollUpTeam } from '#core/reports/team-rollup.js';
import { monthsBetween, parsePeriod } from '#core/shared/period.js';
import { targetRecordOf } from '#core/targets/target-record.js';
import type { MonthSeries } from '#web/app/charts/month-series.js';
import { DAVE_BANDS, dealLink, generalLevels, major, totalsOf } from '../support/record-factories.js';

const won = (repId: string, month: string, amount: number, overrides: Partial<DealLink> = {}) =>
  dealLink({
    repId,
    month,
    closeDate: `${month}-10`,
    stageId: 'closed-won',
    stageOutcome: 'won',
    amount,
    familyAmounts: { '': amount },
    ...overrides,
  });
const open = (repId: string, month: string, stageId: string, amount: number, overrides: Partial<DealLink> = {}) =>
  dealLink({ repId, month, closeDate: `${month}-20`, stageId, amount, familyAmounts: { '': amount }, ...overrides });

/** Dave's February 2016: the seed's example. */
export const daveFebruaryLinks: DealLink[] = [
  won('dave', '2016-02', major(50_000), {
    opportunityId: 'd-won-1',
    name: 'Umbrella renewal',
    account: 'Umbrella',
    closeDate: '2016-02-05',
  }),
  won('dave', '2016-02', major(30_000), { opportunityId: 'd-won-2', name: 'Hooli upgrade', account: 'Hooli', closeDate: '2016-02-12' }),
  open('dave', '2016-02', 'negotiation', major(25_000), { opportunityId: 'd-open-1', name: 'Globex licence', account: 'Globex' }),
  open('dave', '2016-02', 'proposal-made', major(15_000), {
    opportunityId: 'd-open-2',
    name: 'Initech pilot',
    account: 'Initech',
    closeDate: '2016-02-25',
  }),
];

/** Every rep's deals by `rep|month`. */
const linksByRepMonth: Record<string, DealLink[]> = {
  'dave|2016-01': [won('dave', '2016-01', major(10_000))],
  'dave|2016-02': daveFebruaryLinks,
  'dave|2016-03': [open('dave', '2016-03', 'negotiation', major(40_000)), open('dave', '2016-03', 'prospecting', major(8_000))],
  'dave|2016-05': [open('dave', '2016-05', 'investigation', major(12_000))],
  'erin|2016-02': [won('erin', '2016-02', major(20_000)), open('erin', '2016-02', 'prospecting', major(10_000))],
  'erin|2016-04': [open('erin', '2016-04', 'proposal-made', major(6_000))],
  'sam|2016-01': [won('sam', '2016-01', major(20_000))],
  'sam|2016-02': [open('sam', '2016-02', 'investigation', major(5_000))],
};

const targets: Record<string, number> = {
  'dave|2016-01': major(100_000),
  'dave|2016-02': major(100_000),
  'dave|2016-03': major(120_000),
  'erin|2016-02': major(50_000),
  'sam|2016-01': major(20_000),
};

export const DAVE_LEVELS = generalLevels(DAVE_BANDS);

/** `GET /reps/dave/months/2016-02`. */
export const daveFebruary: RepMonthReport = {
  repId: 'dave',
  name: 'Dave Apthorp',
  month: '2016-02',
  targetRecord: targetRecordOf(totalsOf(...daveFebruaryLinks), DEFAULT_STAGES, major(100_000)),
  commissionRecord: commissionRecordOf({
    totals: totalsOf(...daveFebruaryLinks),
    stages: DEFAULT_STAGES,
    levels: DAVE_LEVELS,
    links: daveFebruaryLinks,
  }),
  levels: DAVE_LEVELS,
  targets: [],
  deals: [],
};

/** Dave in July 2016: no target, no deals. */
export const daveJuly: RepMonthReport = {
  ...daveFebruary,
  month: '2016-07',
  targetRecord: targetRecordOf({}, DEFAULT_STAGES, null),
  commissionRecord: commissionRecordOf({ totals: {}, stages: DEFAULT_STAGES, levels: DAVE_LEVELS, links: [] }),
};

const tree = buildTeamTree(
  [
    { id: 'acme', name: 'Acme Ltd', parentTeamId: null },
    { id: 'north', name: 'North', parentTeamId: 'acme' },
  ],
  [
    { id: 'dave', name: 'Dave Apthorp', teamId: 'north' },
    { id: 'erin', name: 'Erin Brock', teamId: 'north' },
    { id: 'sam', name: 'Sam Cole', teamId: 'acme' },
  ],
);

function rollUp(teamId: string, months: readonly string[]) {
  return rollUpTeam({
    tree,
    teamId,
    months,
    stages: DEFAULT_STAGES,
    repTotals: (repId, month) => totalsOf(...(linksByRepMonth[repMonthKey(repId, month)] ?? [])),
    repTarget: (repId, month) => targets[repMonthKey(repId, month)] ?? null,
    teamTarget: () => null,
    repLevels: () => DAVE_LEVELS,
  });
}

/** `GET /teams/north/periods/2016-02`. */
export const northFebruary: TeamPeriodResult = { ...rollUp('north', ['2016-02']), period: parsePeriod('2016-02') };

/** `GET /company/periods/2016-Q1`. */
export const companyFirstQuarter: TeamPeriodResult = { ...rollUp('acme', parsePeriod('2016-Q1').months), period: parsePeriod('2016-Q1') };

/** `GET /{scope}/months?from&to`, as the API builds it from the same roll-up, a month at a time. */
function monthSeriesOf(teamId: string, from: string, to: string): MonthSeries {
  const team = tree.team(teamId);
  return {
    scope: { kind: team?.parentTeamId === null ? 'company' : 'team', id: teamId, name: team?.name ?? teamId },
    months: monthsBetween(from, to).map((month) => {
      const report = rollUp(teamId, [month]);
      return {
        month,
        targetRecord: report.targetRecord,
        commission: report.commission,
        members: report.members.map(({ kind, id, name, targetRecord }) => ({
          kind,
          id,
          name,
          closedWon: targetRecord.closedWon,
          target: targetRecord.target,
          pipeline: targetRecord.pipeline,
          expectedRevenue: targetRecord.expectedRevenue,
        })),
      };
    }),
  };
}

/** North's fiscal year 2016 (January start). */
export const northYear = monthSeriesOf('north', '2016-01', '2016-12');
/** The company's fiscal year 2016: its team North and Sam, placed in the company. */
export const companyYear = monthSeriesOf('acme', '2016-01', '2016-12');
/** A year in which nothing happened. */
export const quietYear = monthSeriesOf('north', '2019-01', '2019-12');

const asAtDeal = (opportunityId: string, stageId: string, amount: number, closeDate = '2016-03-20'): AsAtDeal => ({
  opportunityId,
  ownerId: 'dave',
  stageId,
  closeDate,
  amount,
  probability: null,
});

function snapshotAt(asAt: string, deals: readonly AsAtDeal[]): PipelineSnapshot {
  return pipelineSnapshotOf({ asAt, deals, stages: DEFAULT_STAGES, teamOfRep: () => 'north' });
}

/** A trend as readPipelineTrend answers it: points oldest first, changes between consecutive taken points. */
function trendOf(series: 'monthly' | 'weekly', points: readonly TrendPoint[]): PipelineTrend {
  const taken = points.flatMap((point) => (point.snapshot ? [point.snapshot] : []));
  return {
    scope: { kind: 'team', teamId: 'north' },
    series,
    points,
    changes: taken.slice(1).map((to, index) => snapshotChange(taken[index] as PipelineSnapshot, to)),
  };
}

const monthlyInstants = monthsBetween('2015-03', '2016-03').map((month) => `${month}-01T00:00:00.000Z`);

/** 13 monthly points, March 2015 to March 2016; the snapshot of 1 Oct 2015 was missed. */
export const monthlyTrend = trendOf(
  'monthly',
  monthlyInstants.map((asAt, index) =>
    asAt.startsWith('2015-10')
      ? { asAt, taken: false, snapshot: null }
      : {
          asAt,
          taken: true,
          snapshot: snapshotAt(asAt, [
            asAtDeal('t-1', 'prospecting', major(10_000 + index * 1_000)),
            asAtDeal('t-2', 'negotiation', major(20_000)),
            ...(index >= 6 ? [asAtDeal('t-3', 'proposal-made', major(15_000))] : []),
          ]),
        },
  ),
);

const weeklyInstants = ['2016-01-11', '2016-01-18', '2016-01-25', '2016-02-01', '2016-02-08', '2016-02-15', '2016-02-22', '2016-02-29'].map(
  (date) => `${date}T00:00:00.000Z`,
);

/** 8 Mondays of January and February 2016. */
export const weeklyTrend = trendOf(
  'weekly',
  weeklyInstants.map((asAt, index) => ({
    asAt,
    taken: true,
    snapshot: snapshotAt(asAt, [
      asAtDeal('w-1', 'investigation', major(5_000 * (index + 1))),
      asAtDeal('w-2', 'negotiation', major(25_000)),
    ]),
  })),
);

/** A trend whose snapshots were never taken. */
export const untakenTrend = trendOf(
  'monthly',
  monthlyInstants.slice(0, 3).map((asAt) => ({ asAt, taken: false, snapshot: null })),
);

const state = (opportunityId: string, stageId: string, amount: number, outcome: DealState['outcome'] = 'open'): DealState => ({
  ...asAtDeal(opportunityId, stageId, amount),
  outcome,
  teamId: 'north',
});
const statesOf = (...states: DealState[]) => new Map(states.map((dealState) => [dealState.opportunityId, dealState]));

/** `GET /pipeline/change?from=2016-02-01&to=2016-03-01&teamId=north`: grown, moved, new, won, lost. */
export const februaryChange: PipelineChangeReport = {
  scope: { kind: 'team', teamId: 'north' },
  ...pipelineMovementOf({
    from: '2016-02-01T00:00:00.000Z',
    to: '2016-03-01T00:00:00.000Z',
    statesFrom: statesOf(
      state('c-grow', 'negotiation', major(25_000)),
      state('c-move', 'prospecting', major(10_000)),
      state('c-win', 'proposal-made', major(15_000)),
      state('c-lose', 'investigation', major(5_000)),
      state('c-same', 'investigation', major(7_000)),
    ),
    statesTo: statesOf(
      state('c-grow', 'negotiation', major(30_000)),
      state('c-move', 'investigation', major(9_000)),
      state('c-win', 'closed-won', major(15_000), 'won'),
      state('c-lose', 'closed-lost', major(5_000), 'lost'),
      state('c-same', 'investigation', major(7_000)),
      state('c-new', 'prospecting', major(12_000)),
    ),
    inScope: () => true,
    stagesFrom: DEFAULT_STAGES,
    stagesTo: DEFAULT_STAGES,
  }),
};

/** A movement with nothing in the pipeline at either end. */
export const emptyChange: PipelineChangeReport = {
  scope: { kind: 'rep', repId: 'dave' },
  ...pipelineMovementOf({
    from: '2016-02-01T00:00:00.000Z',
    to: '2016-03-01T00:00:00.000Z',
    statesFrom: new Map(),
    statesTo: new Map(),
    inScope: () => true,
    stagesFrom: DEFAULT_STAGES,
    stagesTo: DEFAULT_STAGES,
  }),
};

/** `GET /quality?month=2016-02&teamId=north&asOf=2016-02-15` (the figures of the API's own test). */
export const northQuality: Pick<QualityTablePage, 'month' | 'asOf' | 'total' | 'rows'> = {
  month: '2016-02',
  asOf: '2016-02-15T00:00:00.000Z',
  total: 3,
  rows: [
    {
      opportunityId: 'e-open-1',
      name: 'Stark Industries, phase 2',
      account: 'Stark',
      ownerId: 'erin',
      stageId: 'prospecting',
      outcome: 'open',
      closeDate: '2016-02-28',
      amount: major(10_000),
      priority: false,
      closeMonthExtensions: 3,
      daysSinceLastStageChange: 106,
      daysOpen: 137,
    },
    {
      opportunityId: 'd-open-1',
      name: 'Globex licence',
      account: 'Globex',
      ownerId: 'dave',
      stageId: 'negotiation',
      outcome: 'open',
      closeDate: '2016-02-20',
      amount: major(25_000),
      priority: true,
      closeMonthExtensions: 2,
      daysSinceLastStageChange: 26,
      daysOpen: 76,
    },
    {
      opportunityId: 'd-open-2',
      name: 'Initech pilot',
      account: 'Initech',
      ownerId: 'dave',
      stageId: 'proposal-made',
      outcome: 'open',
      closeDate: '2016-02-25',
      amount: major(15_000),
      priority: false,
      closeMonthExtensions: 0,
      daysSinceLastStageChange: 14,
      daysOpen: 14,
    },
  ],
};
