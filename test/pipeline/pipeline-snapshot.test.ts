import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { DEFAULT_STAGES, type StageConfiguration } from '#core/organisation/stage.js';
import { type AsAtDeal, asAtDealOf, opportunityAsAt } from '#core/pipeline/as-at.js';
import { NO_TEAM, pipelineSnapshotOf, snapshotChange } from '#core/pipeline/pipeline-snapshot.js';
import { TIMELINE_START, timelinesOf, versionInForce } from '../support/deal-timelines.js';
import { commandArbitrary } from '../support/opportunity-history.js';

function aDeal(overrides: Partial<AsAtDeal> = {}): AsAtDeal {
  return {
    opportunityId: 'opp-1',
    ownerId: 'dave',
    stageId: 'proposal-made',
    closeDate: '2026-12-31',
    amount: 1_000_000,
    probability: null,
    ...overrides,
  };
}

const teams: Record<string, string> = { dave: 'team-north', erin: 'team-south' };
const teamOfRep = (repId: string): string | undefined => teams[repId];

describe('pipelineSnapshotOf', () => {
  it('sums the open deals by stage, owner, team and close month, across the year boundary', () => {
    // Prepare
    const deals = [
      aDeal({ opportunityId: 'opp-1', ownerId: 'erin', stageId: 'negotiation', closeDate: '2027-01-01', amount: 2_000_000 }),
      aDeal({
        opportunityId: 'opp-2',
        ownerId: 'dave',
        stageId: 'prospecting',
        closeDate: '2026-12-31',
        amount: 1_000_000,
        probability: 30,
      }),
      aDeal({ opportunityId: 'opp-3', ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-12-01', amount: 500_000 }),
      aDeal({ opportunityId: 'opp-4', ownerId: 'erin', stageId: 'closed-won', amount: 9_000_000 }),
      aDeal({ opportunityId: 'opp-5', ownerId: 'erin', stageId: 'closed-lost', amount: 7_000_000 }),
    ];
    // Act
    const snapshot = pipelineSnapshotOf({ asAt: '2026-12-01T00:00:00.000Z', deals, stages: DEFAULT_STAGES, teamOfRep });
    // Assess: 2,000,000 x 75 % + 1,000,000 x 30 % (override) + 500,000 x 10 %
    expect(snapshot.total).toEqual({ amount: 3_500_000, expectedRevenue: 1_850_000, count: 3 });
    expect(snapshot.byStage.map(({ stageId, amount, count, expectedRevenue }) => [stageId, amount, count, expectedRevenue])).toEqual([
      ['prospecting', 1_500_000, 2, 350_000],
      ['investigation', 0, 0, 0],
      ['proposal-made', 0, 0, 0],
      ['negotiation', 2_000_000, 1, 1_500_000],
    ]);
    expect(snapshot.byOwner).toEqual([
      { ownerId: 'dave', amount: 1_500_000, expectedRevenue: 350_000, count: 2 },
      { ownerId: 'erin', amount: 2_000_000, expectedRevenue: 1_500_000, count: 1 },
    ]);
    expect(snapshot.byTeam.map(({ teamId }) => teamId)).toEqual(['team-north', 'team-south']);
    expect(snapshot.byCloseMonth).toEqual([
      { month: '2026-12', amount: 1_500_000, expectedRevenue: 350_000, count: 2 },
      { month: '2027-01', amount: 2_000_000, expectedRevenue: 1_500_000, count: 1 },
    ]);
  });

  it('counts a stage missing from the configuration as open at 0 %, after the configured stages', () => {
    // Prepare
    const deals = [
      aDeal({ opportunityId: 'opp-1', stageId: 'legacy-b' }),
      aDeal({ opportunityId: 'opp-2', stageId: 'legacy-a', probability: 50 }),
    ];
    // Act
    const snapshot = pipelineSnapshotOf({ asAt: '2027-01-01T00:00:00.000Z', deals, stages: DEFAULT_STAGES, teamOfRep });
    // Assess
    expect(snapshot.byStage.slice(-2)).toEqual([
      { stageId: 'legacy-a', name: 'legacy-a', probability: 0, configured: false, amount: 1_000_000, expectedRevenue: 500_000, count: 1 },
      { stageId: 'legacy-b', name: 'legacy-b', probability: 0, configured: false, amount: 1_000_000, expectedRevenue: 0, count: 1 },
    ]);
    expect(snapshot.total.count).toBe(2);
  });

  it('puts owners in no known team under NO_TEAM', () => {
    // Act
    const snapshot = pipelineSnapshotOf({
      asAt: '2027-01-01T00:00:00.000Z',
      deals: [aDeal({ ownerId: 'frank' }), aDeal({ opportunityId: 'opp-2' })],
      stages: DEFAULT_STAGES,
      teamOfRep,
    });
    // Assess
    expect(snapshot.byTeam.map(({ teamId, count }) => [teamId, count])).toEqual([
      [NO_TEAM, 1],
      ['team-north', 1],
    ]);
  });

  it('rounds expected revenue once, on the exact sum', () => {
    // Prepare: 3 x (1 cent x 50 %) is 1.5 cents: one rounding gives 2, rounding each deal 3
    const deals = [1, 2, 3].map((n) => aDeal({ opportunityId: `opp-${n}`, amount: 1, probability: 50 }));
    // Act
    const snapshot = pipelineSnapshotOf({ asAt: '2027-01-01T00:00:00.000Z', deals, stages: DEFAULT_STAGES, teamOfRep });
    // Assess
    expect(snapshot.total.expectedRevenue).toBe(2);
  });

  it('gives deep-equal snapshots for the same deals in any order', () => {
    // Prepare
    const deals = [
      aDeal({ opportunityId: 'opp-1', ownerId: 'erin', closeDate: '2027-02-28' }),
      aDeal({ opportunityId: 'opp-2', stageId: 'odd' }),
      aDeal({ opportunityId: 'opp-3', ownerId: 'zoe' }),
    ];
    // Act
    const forward = pipelineSnapshotOf({ asAt: '2027-01-01T00:00:00.000Z', deals, stages: DEFAULT_STAGES, teamOfRep });
    const backward = pipelineSnapshotOf({
      asAt: '2027-01-01T00:00:00.000Z',
      deals: [...deals].reverse(),
      stages: DEFAULT_STAGES,
      teamOfRep,
    });
    // Assess
    expect(backward).toEqual(forward);
  });
});

describe('snapshotChange', () => {
  it('gives per stage the amount and count deltas and whether the stage grew or shrank', () => {
    // Prepare
    const december = pipelineSnapshotOf({
      asAt: '2026-12-01T00:00:00.000Z',
      deals: [
        aDeal({ opportunityId: 'opp-1', stageId: 'prospecting' }),
        aDeal({ opportunityId: 'opp-2', stageId: 'negotiation' }),
        aDeal({ opportunityId: 'opp-3', stageId: 'retired' }),
      ],
      stages: DEFAULT_STAGES,
      teamOfRep,
    });
    const january = pipelineSnapshotOf({
      asAt: '2027-01-01T00:00:00.000Z',
      deals: [
        aDeal({ opportunityId: 'opp-1', stageId: 'investigation' }),
        aDeal({ opportunityId: 'opp-2', stageId: 'negotiation' }),
        aDeal({ opportunityId: 'opp-4', stageId: 'investigation', amount: 250_000 }),
      ],
      stages: DEFAULT_STAGES,
      teamOfRep,
    });
    // Act
    const change = snapshotChange(december, january);
    // Assess
    expect(change.from).toBe('2026-12-01T00:00:00.000Z');
    expect(change.to).toBe('2027-01-01T00:00:00.000Z');
    expect(change.total).toMatchObject({
      amountFrom: 3_000_000,
      amountTo: 2_250_000,
      amountDelta: -750_000,
      countDelta: 0,
      direction: 'shrunk',
    });
    expect(change.byStage.map(({ stageId, amountDelta, countDelta, direction }) => [stageId, amountDelta, countDelta, direction])).toEqual([
      ['prospecting', -1_000_000, -1, 'shrunk'],
      ['investigation', 1_250_000, 2, 'grown'],
      ['proposal-made', 0, 0, 'unchanged'],
      ['negotiation', 0, 0, 'unchanged'],
      ['retired', -1_000_000, -1, 'shrunk'],
    ]);
  });
});

const teamsOfReps: Record<string, string> = { 'rep-0': 'team-a', 'rep-1': 'team-b' };
const WITHOUT_INVESTIGATION: StageConfiguration = { stages: DEFAULT_STAGES.stages.filter((stage) => stage.id !== 'investigation') };

describe('pipeline snapshot over random histories', () => {
  it('from as-at deals equals the snapshot of the versions in force at the same instant (property)', () => {
    fc.assert(
      fc.property(
        fc.array(commandArbitrary(4, 3), { maxLength: 40 }),
        fc.constantFrom(DEFAULT_STAGES, WITHOUT_INVESTIGATION),
        (commands, stages) => {
          // Prepare
          const { timelines, history } = timelinesOf(commands);
          const versions = timelines.map((timeline) => timeline.versions);
          const instants = [
            TIMELINE_START.getTime() - 1,
            ...versions.flat().flatMap((version) => [-1, 0, 1].map((offset) => Date.parse(version.updatedAt) + offset)),
          ];
          for (const instant of instants.map((time) => new Date(time).toISOString())) {
            const inForce = versions
              .map((deal) => versionInForce(deal, instant))
              .filter((version): version is Opportunity => version !== undefined && !version.deleted)
              .map(asAtDealOf);
            // Act
            const rebuilt = timelines
              .map(({ current }) => opportunityAsAt(current, history, instant))
              .filter((deal): deal is AsAtDeal => deal !== undefined);
            const timeTravel = pipelineSnapshotOf({ asAt: instant, deals: rebuilt, stages, teamOfRep: (repId) => teamsOfReps[repId] });
            const direct = pipelineSnapshotOf({
              asAt: instant,
              deals: [...inForce].reverse(),
              stages,
              teamOfRep: (repId) => teamsOfReps[repId],
            });
            // Assess
            expect(timeTravel).toEqual(direct);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
