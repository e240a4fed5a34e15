import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closingAt, dealTimelineOf, forecastDealsAt, stageConfigurationsOf, timelineStateAt } from '#core/forecasts/deal-timeline.js';
import { opportunityAsAtEach } from '#core/pipeline/as-at.js';
import { timelinesOf, versionInForce } from '#test/support/deal-timelines.js';
import { dealRecordOf, historyOfDeals } from '#test/support/forecast-deals.js';
import { commandArbitrary } from '#test/support/opportunity-history.js';

const ms = (instant: string) => Date.parse(instant);

/** Prospecting -> investigation, two extensions (a move within the month is none), won. */
const deal = dealRecordOf(
  { id: 'opp-1', createdAt: '2026-01-10T00:00:00.000Z', stageId: 'prospecting', closeDate: '2026-02-15', amount: 1_000 },
  [
    { at: '2026-01-20T00:00:00.000Z', set: { stageId: 'investigation' } },
    { at: '2026-02-10T00:00:00.000Z', set: { closeDate: '2026-03-15', amount: 2_000 } },
    { at: '2026-03-05T00:00:00.000Z', set: { closeDate: '2026-03-25' } },
    { at: '2026-03-20T00:00:00.000Z', set: { closeDate: '2026-06-01' } },
    { at: '2026-04-10T00:00:00.000Z', set: { stageId: 'closed-won' } },
  ],
);

describe('a deal timeline', () => {
  const timeline = dealTimelineOf(deal);
  const configurations = stageConfigurationsOf([]);

  it('has one version per change instant, the first as created', () => {
    expect(
      timeline.versions.map((version) => [
        new Date(version.at).toISOString().slice(0, 10),
        version.state.stageId,
        version.state.closeDate,
        version.state.amount,
        version.extensions,
      ]),
    ).toEqual([
      ['2026-01-10', 'prospecting', '2026-02-15', 1_000, 0],
      ['2026-01-20', 'investigation', '2026-02-15', 1_000, 0],
      ['2026-02-10', 'investigation', '2026-03-15', 2_000, 1],
      ['2026-03-05', 'investigation', '2026-03-25', 2_000, 1],
      ['2026-03-20', 'investigation', '2026-06-01', 2_000, 2],
      ['2026-04-10', 'closed-won', '2026-06-01', 2_000, 2],
    ]);
  });

  it('gives the state, extensions and last stage change at an instant (a change at the instant counts as made)', () => {
    expect(timelineStateAt(timeline, ms('2026-01-09T23:59:59.999Z'))).toBeUndefined();
    const created = timelineStateAt(timeline, ms('2026-01-10T00:00:00.000Z'));
    expect(created?.state.stageId).toBe('prospecting');
    expect(created?.lastStageChangeAt).toBeNull();
    const february = timelineStateAt(timeline, ms('2026-02-10T00:00:00.000Z'));
    expect(february?.state.closeDate).toBe('2026-03-15');
    expect(february?.extensions).toBe(1);
    expect(february?.lastStageChangeAt).toBe(ms('2026-01-20T00:00:00.000Z'));
    expect(timelineStateAt(timeline, ms('2026-02-09T23:59:59.999Z'))?.extensions).toBe(0);
  });

  it('equals the as-at rebuild of time travel at every instant', () => {
    const instants = [
      '2026-01-10T00:00:00.000Z',
      '2026-01-25T00:00:00.000Z',
      '2026-02-10T00:00:00.000Z',
      '2026-03-21T00:00:00.000Z',
      '2026-05-01T00:00:00.000Z',
    ];
    const asAt = opportunityAsAtEach(deal.current, deal.history, instants);
    for (const instant of instants) {
      const state = timelineStateAt(timeline, ms(instant))?.state;
      expect(
        state && {
          stageId: state.stageId,
          closeDate: state.closeDate,
          amount: state.amount,
          ownerId: state.ownerId,
          probability: state.probability,
        },
      ).toEqual({
        stageId: asAt.get(instant)?.stageId,
        closeDate: asAt.get(instant)?.closeDate,
        amount: asAt.get(instant)?.amount,
        ownerId: asAt.get(instant)?.ownerId,
        probability: asAt.get(instant)?.probability,
      });
    }
  });

  it('knows its closing only from the instant it closed', () => {
    expect(closingAt(timeline, configurations, ms('2026-04-09T00:00:00.000Z'))).toBeUndefined();
    expect(closingAt(timeline, configurations, ms('2026-05-01T00:00:00.000Z'))).toEqual({
      outcome: 'won',
      closedAt: ms('2026-04-10T00:00:00.000Z'),
      closeDate: '2026-06-01',
    });
  });

  it('takes the last move from open to closed for a deal reopened and closed again', () => {
    const reopened = dealTimelineOf(
      dealRecordOf({ id: 'opp-2', createdAt: '2026-01-01T00:00:00.000Z', stageId: 'negotiation', closeDate: '2026-01-31' }, [
        { at: '2026-01-15T00:00:00.000Z', set: { stageId: 'closed-won' } },
        { at: '2026-01-20T00:00:00.000Z', set: { stageId: 'negotiation' } },
        { at: '2026-02-03T00:00:00.000Z', set: { stageId: 'closed-lost', closeDate: '2026-02-03' } },
      ]),
    );
    expect(closingAt(reopened, configurations, ms('2026-01-16T00:00:00.000Z'))).toEqual({
      outcome: 'won',
      closedAt: ms('2026-01-15T00:00:00.000Z'),
      closeDate: '2026-01-31',
    });
    expect(closingAt(reopened, configurations, ms('2026-03-01T00:00:00.000Z'))).toEqual({
      outcome: 'lost',
      closedAt: ms('2026-02-03T00:00:00.000Z'),
      closeDate: '2026-02-03',
    });
  });
});

describe('the deals at an instant as a forecast sees them', () => {
  const history = historyOfDeals(
    [
      deal,
      dealRecordOf({
        id: 'opp-override',
        createdAt: '2026-01-01T12:00:00.000Z',
        stageId: 'proposal-made',
        closeDate: '2026-03-31',
        probability: 65,
        ownerId: 'rep-2',
      }),
      dealRecordOf({ id: 'opp-unknown', createdAt: '2026-01-01T00:00:00.000Z', stageId: 'legacy', closeDate: '2026-03-31' }),
      dealRecordOf({ id: 'opp-deleted', createdAt: '2026-01-01T00:00:00.000Z', stageId: 'prospecting', closeDate: '2026-03-31' }, [
        { at: '2026-01-05T00:00:00.000Z', set: { deleted: true } },
      ]),
      dealRecordOf(
        { id: 'opp-won', createdAt: '2026-01-01T00:00:00.000Z', stageId: 'negotiation', closeDate: '2026-02-20', amount: 5_000 },
        [{ at: '2026-02-20T00:00:00.000Z', set: { stageId: 'closed-won' } }],
      ),
    ],
    {
      repVersions: [
        { repId: 'rep-1', version: 1, updatedAt: '2020-01-01T00:00:00.000Z', teamId: 'team-1' },
        { repId: 'rep-2', version: 1, updatedAt: '2020-01-01T00:00:00.000Z', teamId: 'team-1' },
        { repId: 'rep-2', version: 2, updatedAt: '2026-03-01T00:00:00.000Z', teamId: 'team-2' },
      ],
    },
  );

  it('gives each open deal its configured probability, counters, owner and team then', () => {
    const { open, won } = forecastDealsAt(history, '2026-03-01T00:00:00.000Z');
    expect(open.map(({ deal: forecastDeal, state }) => ({ ...forecastDeal, teamId: state.teamId }))).toEqual([
      {
        opportunityId: 'opp-1',
        name: '',
        account: '',
        ownerId: 'rep-1',
        stageId: 'investigation',
        closeDate: '2026-03-15',
        amount: 2_000,
        configuredProbability: 20,
        closeMonthExtensions: 1,
        daysSinceStageChange: 40,
        daysOpen: 50,
        teamId: 'team-1',
      },
      {
        opportunityId: 'opp-override',
        name: '',
        account: '',
        ownerId: 'rep-2',
        stageId: 'proposal-made',
        closeDate: '2026-03-31',
        amount: 100_000,
        configuredProbability: 65,
        closeMonthExtensions: 0,
        daysSinceStageChange: 58,
        daysOpen: 58,
        teamId: 'team-2',
      },
      {
        opportunityId: 'opp-unknown',
        name: '',
        account: '',
        ownerId: 'rep-1',
        stageId: 'legacy',
        closeDate: '2026-03-31',
        amount: 100_000,
        configuredProbability: 0,
        closeMonthExtensions: 0,
        daysSinceStageChange: 59,
        daysOpen: 59,
        teamId: 'team-1',
      },
    ]);
    expect(won.map((state) => [state.opportunityId, state.amount, state.closeDate])).toEqual([['opp-won', 5_000, '2026-02-20']]);
  });

  it('takes the name and account where the stored item carries them', () => {
    const named = dealRecordOf({ id: 'opp-named', createdAt: '2026-01-01T00:00:00.000Z', stageId: 'prospecting', closeDate: '2026-03-31' });
    const withName = { ...named, current: { ...named.current, name: 'Big deal', account: 'Acme' } };
    const [open] = forecastDealsAt(historyOfDeals([withName]), '2026-02-01T00:00:00.000Z').open;
    expect([open?.deal.name, open?.deal.account]).toEqual(['Big deal', 'Acme']);
  });
});

describe('deal timelines over random histories', () => {
  it('give the version in force at every instant, as the stored versions were', () => {
    fc.assert(
      fc.property(fc.array(commandArbitrary(3, 3), { maxLength: 40 }), (commands) => {
        const { timelines, history } = timelinesOf(commands);
        for (const { current, versions } of timelines) {
          const timeline = dealTimelineOf({ current, history: [...history].reverse() });
          for (const version of versions) {
            for (const offset of [-1, 0, 1]) {
              const at = Date.parse(version.updatedAt) + offset;
              const inForce = versionInForce(versions, new Date(at).toISOString());
              const state = timelineStateAt(timeline, at)?.state;
              const expected =
                inForce && Date.parse(current.createdAt) <= at
                  ? {
                      stageId: inForce.stageId,
                      closeDate: inForce.closeDate,
                      amount: inForce.amount,
                      probability: inForce.probability,
                      ownerId: inForce.ownerId,
                      deleted: inForce.deleted,
                    }
                  : undefined;
              expect(state).toEqual(expected);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
