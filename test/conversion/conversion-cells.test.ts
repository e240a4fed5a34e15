/**
 * What one lead and one deal contribute to the conversion cells, on small cases worked by
 * hand, and how a deal's stage path grows.
 */
import { describe, expect, it } from 'vitest';
import {
  type CountedDeal,
  type CountedLead,
  dealContributionOf,
  leadContributionOf,
  MAX_STAGE_VISITS,
  nextStagePath,
  type StageVisit,
} from '#core/conversion/conversion-cells.js';
import { dealCounterKey, funnelCounterKey } from '#core/conversion/counter-keys.js';

const DAY = 24 * 60 * 60;

function aLead(overrides: Partial<CountedLead> = {}): CountedLead {
  return {
    ownerId: 'dave',
    source: 'web',
    campaignId: 'spring',
    status: 'open',
    createdAt: '2026-03-02T09:00:00.000Z',
    convertedAt: null,
    ...overrides,
  };
}

function aDeal(overrides: Partial<CountedDeal> = {}): CountedDeal {
  return {
    live: true,
    repId: 'dave',
    stageOutcome: 'open',
    amount: 500_000,
    createdAt: '2026-01-10T00:00:00.000Z',
    closedAt: null,
    leadId: null,
    leadSource: null,
    campaignId: null,
    campaign: null,
    stagePath: [{ stageId: 'prospecting', at: '2026-01-10T00:00:00.000Z' }],
    ...overrides,
  };
}

describe('leadContributionOf', () => {
  it('counts nothing for no lead', () => {
    expect(leadContributionOf(undefined)).toEqual(new Map());
  });

  it('counts an open lead once, and its status, in the month it was created', () => {
    expect(leadContributionOf(aLead())).toEqual(
      new Map([['2026-03#dave', { 'lead.created|web|spring': 1, 'lead.status.open|web|spring': 1 }]]),
    );
  });

  it('counts a conversion in the creation month (with its seconds) and in the conversion month, across a year boundary', () => {
    // Prepare: created an hour before the new year, converted an hour after it.
    const converted = aLead({
      campaignId: null,
      status: 'converted',
      createdAt: '2026-12-31T23:00:00.000Z',
      convertedAt: '2027-01-01T01:00:00.000Z',
    });

    // Act / Assess
    expect(leadContributionOf(converted)).toEqual(
      new Map([
        [
          '2026-12#dave',
          { 'lead.created|web|': 1, 'lead.status.converted|web|': 1, 'lead.converted|web|': 1, 'lead.convertSeconds|web|': 7_200 },
        ],
        ['2027-01#dave', { 'lead.convertedInMonth|web|': 1 }],
      ]),
    );
  });

  it('holds no zero counter: a conversion within the second it was created adds no seconds', () => {
    const instant = '2026-03-02T09:00:00.000Z';
    expect(leadContributionOf(aLead({ status: 'converted', createdAt: instant, convertedAt: instant }))).toEqual(
      new Map([
        [
          '2026-03#dave',
          {
            'lead.created|web|spring': 1,
            'lead.status.converted|web|spring': 1,
            'lead.converted|web|spring': 1,
            'lead.convertedInMonth|web|spring': 1,
          },
        ],
      ]),
    );
  });
});

describe('dealContributionOf', () => {
  it('counts nothing for no deal and for a tombstone', () => {
    expect(dealContributionOf(undefined)).toEqual(new Map());
    expect(dealContributionOf(aDeal({ live: false }))).toEqual(new Map());
  });

  it('counts an open deal of no lead by its creation month, and its stage as reached, in the key format the reports read', () => {
    expect(dealContributionOf(aDeal())).toEqual(
      new Map([
        [
          '2026-01#dave',
          {
            'deal.count|other||': 1,
            'deal.open|other||': 1,
            'deal.openAmount|other||': 500_000,
            'funnel.reached|prospecting': 1,
          },
        ],
      ]),
    );
  });

  it('counts a won deal from a lead: outcome and close time in its creation month, each stage in the month it was first entered', () => {
    // Prepare: Prospecting 10 Jan, Negotiation 20 Jan, Closed Won 3 Feb (24 days after creation).
    const deal = aDeal({
      stageOutcome: 'won',
      amount: 5_000,
      closedAt: '2026-02-03T00:00:00.000Z',
      leadId: 'l1',
      leadSource: 'web',
      campaignId: 'spring',
      campaign: 'Spring 2016',
      stagePath: [
        { stageId: 'prospecting', at: '2026-01-10T00:00:00.000Z' },
        { stageId: 'negotiation', at: '2026-01-20T00:00:00.000Z' },
        { stageId: 'closed-won', at: '2026-02-03T00:00:00.000Z' },
      ],
    });
    // The campaign reference wins over the legacy text.
    const key = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, 'lead', 'web', 'c:spring');

    // Act
    const cells = dealContributionOf(deal);

    // Assess
    expect(key('won')).toBe('deal.won|lead|web|c%3Aspring');
    expect(cells).toEqual(
      new Map([
        [
          '2026-01#dave',
          {
            [key('count')]: 1,
            [key('won')]: 1,
            [key('wonAmount')]: 5_000,
            [key('closeSeconds')]: 24 * DAY,
            [funnelCounterKey('reached', 'prospecting')]: 1,
            [funnelCounterKey('then', 'prospecting', 'negotiation')]: 1,
            [funnelCounterKey('then', 'prospecting', 'closed-won')]: 1,
            [funnelCounterKey('won', 'prospecting')]: 1,
            [funnelCounterKey('stageSeconds', 'prospecting')]: 10 * DAY,
            [funnelCounterKey('stageExits', 'prospecting')]: 1,
            [funnelCounterKey('reached', 'negotiation')]: 1,
            [funnelCounterKey('then', 'negotiation', 'closed-won')]: 1,
            [funnelCounterKey('won', 'negotiation')]: 1,
            [funnelCounterKey('stageSeconds', 'negotiation')]: 14 * DAY,
            [funnelCounterKey('stageExits', 'negotiation')]: 1,
          },
        ],
        ['2026-02#dave', { [funnelCounterKey('reached', 'closed-won')]: 1, [funnelCounterKey('won', 'closed-won')]: 1 }],
      ]),
    );
  });

  it('counts a stage entered twice once as reached, in its first month, with every finished stay', () => {
    // Prepare: A (2 days), B (3 days), back to A (still there); legacy campaign text, no source.
    const deal = aDeal({
      stageOutcome: 'lost',
      amount: 0,
      closedAt: '2026-01-20T00:00:00.000Z',
      campaign: 'Spring 2016',
      stagePath: [
        { stageId: 'a', at: '2026-01-30T00:00:00.000Z' },
        { stageId: 'b', at: '2026-02-01T00:00:00.000Z' },
        { stageId: 'a', at: '2026-02-04T00:00:00.000Z' },
      ],
    });
    const key = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, 'other', null, 't:Spring 2016');

    // Act / Assess: a lost deal adds no amount; no zero wonAmount or openAmount appears.
    expect(dealContributionOf(deal)).toEqual(
      new Map([
        [
          '2026-01#dave',
          {
            [key('count')]: 1,
            [key('lost')]: 1,
            [key('closeSeconds')]: 10 * DAY,
            [funnelCounterKey('reached', 'a')]: 1,
            [funnelCounterKey('then', 'a', 'b')]: 1,
            [funnelCounterKey('stageSeconds', 'a')]: 2 * DAY,
            [funnelCounterKey('stageExits', 'a')]: 1,
          },
        ],
        [
          '2026-02#dave',
          {
            [funnelCounterKey('reached', 'b')]: 1,
            [funnelCounterKey('then', 'b', 'a')]: 1,
            [funnelCounterKey('stageSeconds', 'b')]: 3 * DAY,
            [funnelCounterKey('stageExits', 'b')]: 1,
          },
        ],
      ]),
    );
    expect(key('count')).toBe('deal.count|other||t%3ASpring%202016');
  });

  it('holds no zero counter for an open deal of no amount, also in a month with no stage entered', () => {
    const deal = aDeal({ amount: 0, stagePath: [{ stageId: 'prospecting', at: '2026-02-01T00:00:00.000Z' }] });
    expect(dealContributionOf(deal)).toEqual(
      new Map([
        ['2026-01#dave', { 'deal.count|other||': 1, 'deal.open|other||': 1 }],
        ['2026-02#dave', { 'funnel.reached|prospecting': 1 }],
      ]),
    );
  });
});

describe('nextStagePath', () => {
  const path: readonly StageVisit[] = [{ stageId: 'prospecting', at: '2026-01-10T00:00:00.000Z' }];

  it('adds a visit when the stage changed, dated by the change', () => {
    expect(nextStagePath(path, 'prospecting', 'negotiation', '2026-01-20T00:00:00.000Z')).toEqual([
      { stageId: 'prospecting', at: '2026-01-10T00:00:00.000Z' },
      { stageId: 'negotiation', at: '2026-01-20T00:00:00.000Z' },
    ]);
  });

  it('keeps the path when the stage did not change', () => {
    expect(nextStagePath(path, 'prospecting', 'prospecting', '2026-01-20T00:00:00.000Z')).toBe(path);
  });

  it('stops growing at MAX_STAGE_VISITS', () => {
    const full = Array.from({ length: MAX_STAGE_VISITS }, (_, index) => ({
      stageId: index % 2 ? 'a' : 'b',
      at: '2026-01-10T00:00:00.000Z',
    }));
    expect(nextStagePath(full, 'a', 'b', '2026-01-20T00:00:00.000Z')).toBe(full);
    expect(nextStagePath(full.slice(1), 'a', 'b', '2026-01-20T00:00:00.000Z')).toHaveLength(MAX_STAGE_VISITS);
  });
});
