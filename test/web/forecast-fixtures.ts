/**
 * Answers of the forecast and commission insight routes, as the engine writes them, for the
 * dashboard's unit tests: Dave Apthorp's February 2016 (80,000 won of a 100,000 target,
 * three open deals), the month's next sale and a commission change with its lines.
 */
import type { CommissionChange, NextSale, ScopeForecast } from '#web/app/api/api-types.js';
import { major } from './option-reader.js';
import { DAVE_LEVELS } from './seed-fixtures.js';

export const daveForecast: ScopeForecast = {
  scope: { kind: 'rep', repId: 'dave-apthorp' },
  period: { kind: 'month', label: '2016-02', months: ['2016-02'] },
  asAt: '2016-02-25T12:00:00.000Z',
  ratesLearnedAt: '2016-02-01T02:00:00.000Z',
  target: major(100_000),
  wonSoFar: major(80_000),
  openDeals: 3,
  pipeline: major(50_000),
  expected: { stageProbability: major(30_000), calibrated: major(24_000), slipAdjusted: major(14_500) },
  projectedWon: { stageProbability: major(110_000), calibrated: major(104_000), slipAdjusted: major(94_500) },
  simulation: {
    draws: 10_000,
    seed: 1,
    p10: major(80_000),
    p50: major(95_000),
    p90: major(120_000),
    mean: major(94_512.34),
    probabilityOfReachingTarget: 0.4312,
    standardError: 0.00495,
  },
  atRisk: [
    {
      opportunityId: 'dave-2016-3',
      name: 'Umbrella renewal',
      account: 'Umbrella',
      ownerId: 'dave-apthorp',
      stageId: 'negotiation',
      closeDate: '2016-02-26',
      amount: major(25_000),
      winRate: 0.6,
      closeInPeriod: 0.35,
      revenueAtRisk: major(9_750),
      reasons: [
        { kind: 'extensions', closeMonthExtensions: 3 },
        { kind: 'stale-stage', daysSinceStageChange: 74, medianDaysInStage: 21 },
        { kind: 'older-than-cycle', daysOpen: 160, averageSalesCycleDays: 90 },
        { kind: 'low-on-time-rate', closeInPeriod: 0.35 },
      ],
    },
    {
      opportunityId: 'dave-2016-4',
      name: 'Hooli expansion',
      account: 'Hooli',
      ownerId: 'dave-apthorp',
      stageId: 'proposal',
      closeDate: '2016-02-29',
      amount: major(15_000),
      winRate: 0.5,
      closeInPeriod: 0.8,
      revenueAtRisk: major(1_500),
      reasons: [{ kind: 'extensions', closeMonthExtensions: 1 }],
    },
  ],
};

/** The same month without a target (nobody set one). */
export const noTargetForecast: ScopeForecast = {
  ...daveForecast,
  target: null,
  ratesLearnedAt: null,
  simulation: { ...daveForecast.simulation, probabilityOfReachingTarget: null, standardError: null },
  atRisk: [],
};

/** DOMAIN's Dave: 80,000 won is in the open top band at 6 %; a Services family with a band of its own still to reach. */
export const daveNextSale: NextSale = {
  repId: 'dave-apthorp',
  month: '2016-02',
  levels: DAVE_LEVELS,
  pools: [
    {
      productFamily: null,
      pooledFamilies: ['Hardware', 'Software'],
      wonRevenue: major(80_000),
      band: { from: major(50_000), to: null, ratePercent: 6 },
      marginalRatePercent: 6,
      revenueToNextBand: null,
      nextBand: null,
      capped: false,
    },
    {
      productFamily: 'Services',
      pooledFamilies: [],
      wonRevenue: major(40_000),
      band: { from: major(30_000), to: major(50_000), ratePercent: 2 },
      marginalRatePercent: 2,
      revenueToNextBand: major(10_000),
      nextBand: { from: major(50_000), to: major(60_000), ratePercent: 4 },
      capped: false,
    },
  ],
};

/** Between the 1st and now: a deal won (earned up, pipeline down), one moved out, the levels raised, the target changed. */
export const daveChange: CommissionChange = {
  repId: 'dave-apthorp',
  month: '2016-02',
  from: '2016-02-01T00:00:00.000Z',
  to: '2016-02-25T12:00:00.000Z',
  before: { earned: major(1_500), pipelineCommission: major(3_600), totalPotential: major(5_100) },
  after: { earned: major(2_300), pipelineCommission: major(2_400), totalPotential: major(4_700) },
  change: { earned: major(800), pipelineCommission: major(-1_200), totalPotential: major(-400) },
  lines: [
    {
      kind: 'won',
      deal: { opportunityId: 'dave-2016-1', name: 'Globex licence' },
      subject: null,
      at: '2016-02-10T09:30:00.000Z',
      detail: 'Proposal → Closed Won',
      earned: major(800),
      pipelineCommission: major(-800),
      totalPotential: 0,
    },
    {
      kind: 'moved-out',
      deal: { opportunityId: 'dave-2016-2', name: 'Initech upgrade' },
      subject: null,
      at: '2016-02-15T10:00:00.000Z',
      detail: 'close date 2016-02-20 → 2016-03-10',
      earned: 0,
      pipelineCommission: major(-600),
      totalPotential: major(-600),
    },
    {
      kind: 'levels-changed',
      deal: null,
      subject: 'commission-levels',
      at: '2016-02-20T08:00:00.000Z',
      detail: '0-50,000 at 2 %, 50,000+ at 6 %',
      earned: 0,
      pipelineCommission: major(200),
      totalPotential: major(200),
    },
    {
      kind: 'target-changed',
      deal: null,
      subject: 'target',
      at: '2016-02-21T08:00:00.000Z',
      detail: 'target 90,000.00 → 100,000.00 (targets do not move commission)',
      earned: 0,
      pipelineCommission: 0,
      totalPotential: 0,
    },
  ],
};
