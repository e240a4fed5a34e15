/**
 * Every conversion metric's definition on small examples with exact values: first each
 * formula alone, then the worked examples of docs/leads-and-campaigns.md (the same leads,
 * deals and campaigns, conversion-examples.ts) summed from their real contributions.
 */
import { describe, expect, it } from 'vitest';
import {
  averageAmountOf,
  averageDaysOf,
  type ConversionLabels,
  campaignFiguresOf,
  campaignMetricsOf,
  dealCampaignGroup,
  dealFiguresOf,
  funnelOf,
  leadFiguresOf,
  leadMetricsOf,
  opportunityFiguresOf,
  opportunityMetricsOf,
  ratioOf,
  sourceGroup,
} from '#core/conversion/conversion-metrics.js';
import { conversionMonthsOf } from '#core/conversion/read-conversion-metrics.js';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { ValidationError } from '#core/shared/errors.js';
import { EXAMPLE_CAMPAIGNS, exampleCells } from './conversion-examples.js';

const MONTHS = ['2026-01', '2026-02'];
const TEAMS: Record<string, { id: string; name: string }> = {
  dave: { id: 'north', name: 'North' },
  erin: { id: 'south', name: 'South' },
};
const labels: ConversionLabels = {
  sources: DEFAULT_LEAD_SOURCES,
  campaigns: EXAMPLE_CAMPAIGNS,
  repName: (repId) => ({ dave: 'Dave Apthorp', erin: 'Erin Brock' })[repId],
  teamOf: (repId) => TEAMS[repId],
};
const noStatus = { open: 0, contacted: 0, qualified: 0, 'closed-unqualified': 0, converted: 0 };
const noDeals = { count: 0, open: 0, openAmount: 0, won: 0, wonAmount: 0, lost: 0, closeSeconds: 0 };
const DAY = 86_400;

describe('the arithmetic every metric shares', () => {
  it('ratios to 4 decimals, half away from zero, null over nothing', () => {
    expect(ratioOf(2, 3)).toBe(0.6667);
    expect(ratioOf(1, 8)).toBe(0.125);
    expect(ratioOf(-1, 3)).toBe(-0.3333);
    expect(ratioOf(0, 5)).toBe(0);
    expect(ratioOf(3, 0)).toBeNull();
  });

  it('average days to one decimal: 12.25 days is 12.3', () => {
    expect(averageDaysOf(2_116_800, 2)).toBe(12.3);
    expect(averageDaysOf(35 * DAY, 3)).toBe(11.7);
    expect(averageDaysOf(0, 1)).toBe(0);
    expect(averageDaysOf(0, 0)).toBeNull();
  });

  it('average amounts in whole minor units: 375,000.5 is 375,001', () => {
    expect(averageAmountOf(750_001, 2)).toBe(375_001);
    expect(averageAmountOf(1_950_001, 3)).toBe(650_000);
    expect(averageAmountOf(100, 0)).toBeNull();
  });
});

describe('lead figures', () => {
  it('conversion rate = converted ÷ created; average days = convert seconds ÷ converted ÷ 86,400', () => {
    expect(
      leadFiguresOf({ created: 3, converted: 2, convertSeconds: 2_116_800, convertedInMonth: 1, byStatus: { converted: 2, contacted: 1 } }),
    ).toEqual({
      created: 3,
      converted: 2,
      conversionRate: 0.6667,
      averageDaysToConvert: 12.3,
      convertedInMonth: 1,
      byStatus: { ...noStatus, converted: 2, contacted: 1 },
    });
  });

  it('nothing created: no rate; none converted: no average', () => {
    expect(leadFiguresOf({ created: 0, converted: 0, convertSeconds: 0, convertedInMonth: 3, byStatus: {} })).toMatchObject({
      conversionRate: null,
      averageDaysToConvert: null,
      convertedInMonth: 3,
    });
    expect(leadFiguresOf({ created: 4, converted: 0, convertSeconds: 0, convertedInMonth: 0, byStatus: { open: 4 } })).toMatchObject({
      conversionRate: 0,
      averageDaysToConvert: null,
    });
  });
});

describe('opportunity figures', () => {
  it('win rate = won ÷ (won + lost); average won deal; average days to close over won and lost', () => {
    expect(dealFiguresOf({ count: 3, open: 0, openAmount: 0, won: 2, wonAmount: 750_001, lost: 1, closeSeconds: 35 * DAY })).toEqual({
      count: 3,
      won: 2,
      lost: 1,
      winRate: 0.6667,
      averageWonDeal: 375_001,
      averageDaysToClose: 11.7,
      wonRevenue: 750_001,
      openPipeline: 0,
      openCount: 0,
    });
  });

  it('only open deals: no win rate, no average deal, no days to close', () => {
    expect(dealFiguresOf({ ...noDeals, count: 1, open: 1, openAmount: 800_000 })).toEqual({
      count: 1,
      won: 0,
      lost: 0,
      winRate: null,
      averageWonDeal: null,
      averageDaysToClose: null,
      wonRevenue: 0,
      openPipeline: 800_000,
      openCount: 1,
    });
  });

  it("revenue contribution = converted leads' won revenue ÷ all won revenue; null when nothing was won", () => {
    const fromLeads = { ...noDeals, count: 2, open: 1, openAmount: 800_000, won: 1, wonAmount: 1_200_000, closeSeconds: 30 * DAY };
    const others = { ...noDeals, count: 3, won: 2, wonAmount: 750_001, lost: 1, closeSeconds: 35 * DAY };
    const figures = opportunityFiguresOf(fromLeads, others);
    expect(figures.revenueContribution).toBe(0.6154);
    expect(figures.all).toEqual({
      count: 5,
      won: 3,
      lost: 1,
      winRate: 0.75,
      averageWonDeal: 650_000,
      averageDaysToClose: 16.3,
      wonRevenue: 1_950_001,
      openPipeline: 800_000,
      openCount: 1,
    });
    expect(opportunityFiguresOf({ ...noDeals, count: 1, open: 1 }, noDeals).revenueContribution).toBeNull();
  });
});

describe('campaign figures', () => {
  const counts = { leads: 3, conversions: 2, opportunities: 3, pipeline: 800_000, won: 1, wonRevenue: 1_200_000 };

  it('cost per lead, cost per won deal and ROI = (won revenue − actual cost) ÷ actual cost', () => {
    expect(campaignFiguresOf(counts, { actualCost: 150_000, budgetedCost: 200_000 })).toEqual({
      ...counts,
      actualCost: 150_000,
      budgetedCost: 200_000,
      costPerLead: 50_000,
      costPerWonDeal: 150_000,
      roi: 7,
    });
  });

  it('a loss is a negative ROI; a zero cost has none; no leads or won deals, no cost per', () => {
    expect(campaignFiguresOf({ ...counts, wonRevenue: 100_000 }, { actualCost: 150_000, budgetedCost: 0 }).roi).toBe(-0.3333);
    expect(campaignFiguresOf(counts, { actualCost: 0, budgetedCost: 50_000 })).toMatchObject({
      costPerLead: 0,
      costPerWonDeal: 0,
      roi: null,
    });
    expect(campaignFiguresOf({ ...counts, leads: 0, won: 0 }, { actualCost: 150_000, budgetedCost: 0 })).toMatchObject({
      costPerLead: null,
      costPerWonDeal: null,
    });
    expect(campaignFiguresOf(counts, null)).toMatchObject({ actualCost: null, budgetedCost: null, costPerLead: null, roi: null });
  });
});

describe('labels of sources and campaigns', () => {
  it('a source id, else text matched to an id or name in any case, else its own row', () => {
    expect(sourceGroup('web', DEFAULT_LEAD_SOURCES)).toEqual({ kind: 'source', id: 'web', label: 'Website' });
    expect(sourceGroup('WEBSITE', DEFAULT_LEAD_SOURCES)).toEqual({ kind: 'source', id: 'web', label: 'Website' });
    expect(sourceGroup('REFERRAL', DEFAULT_LEAD_SOURCES)).toEqual({ kind: 'source', id: 'referral', label: 'Referral' });
    expect(sourceGroup('Trade Show', DEFAULT_LEAD_SOURCES)).toEqual({ kind: 'legacy', id: null, label: 'Trade Show' });
    expect(sourceGroup('', DEFAULT_LEAD_SOURCES)).toEqual({ kind: 'none', id: null, label: 'No source' });
  });

  it("a deal's campaign: a reference, legacy text matched by name in any case, else its own row", () => {
    expect(dealCampaignGroup('c:spring', EXAMPLE_CAMPAIGNS)).toEqual({ kind: 'campaign', id: 'spring', label: 'Spring Launch' });
    expect(dealCampaignGroup('t:spring launch', EXAMPLE_CAMPAIGNS)).toEqual({ kind: 'campaign', id: 'spring', label: 'Spring Launch' });
    expect(dealCampaignGroup('t:Trade Fair 2015', EXAMPLE_CAMPAIGNS)).toEqual({ kind: 'legacy', id: null, label: 'Trade Fair 2015' });
    expect(dealCampaignGroup('', EXAMPLE_CAMPAIGNS)).toEqual({ kind: 'none', id: null, label: 'No campaign' });
  });
});

describe('the worked example: lead metrics', () => {
  const jan = {
    created: 3,
    converted: 2,
    conversionRate: 0.6667,
    averageDaysToConvert: 12.3,
    convertedInMonth: 1,
    byStatus: { ...noStatus, converted: 2, contacted: 1 },
  };
  const feb = {
    created: 1,
    converted: 0,
    conversionRate: 0,
    averageDaysToConvert: null,
    convertedInMonth: 1,
    byStatus: { ...noStatus, open: 1 },
  };

  it('by month: the leads created in each month, and the conversions dated in it', () => {
    const { rows, total } = leadMetricsOf(exampleCells(), 'month', MONTHS, labels);
    expect(rows).toEqual([
      { kind: 'month', id: '2026-01', label: '2026-01', ...jan },
      { kind: 'month', id: '2026-02', label: '2026-02', ...feb },
    ]);
    expect(total).toEqual({
      created: 4,
      converted: 2,
      conversionRate: 0.5,
      averageDaysToConvert: 12.3,
      convertedInMonth: 2,
      byStatus: { ...noStatus, open: 1, contacted: 1, converted: 2 },
    });
  });

  it('every month of the range has a row, empty ones too', () => {
    const { rows } = leadMetricsOf(exampleCells(), 'month', ['2025-12', ...MONTHS], labels);
    expect(rows[0]).toEqual({
      kind: 'month',
      id: '2025-12',
      label: '2025-12',
      created: 0,
      converted: 0,
      conversionRate: null,
      averageDaysToConvert: null,
      convertedInMonth: 0,
      byStatus: noStatus,
    });
  });

  it("by source: the settings' sources in their order, each named", () => {
    const { rows } = leadMetricsOf(exampleCells(), 'source', MONTHS, labels);
    expect(rows.map((row) => [row.id, row.label, row.created, row.converted, row.conversionRate])).toEqual([
      ['web', 'Website', 3, 2, 0.6667],
      ['referral', 'Referral', 1, 0, 0],
      ['partner', 'Partner', 0, 0, null],
      ['event', 'Event', 0, 0, null],
      ['advertising', 'Advertising', 0, 0, null],
      ['outbound', 'Outbound', 0, 0, null],
      ['other', 'Other', 0, 0, null],
    ]);
    expect(rows[0]?.convertedInMonth).toBe(2);
  });

  it('by campaign, team and rep', () => {
    const pick = (by: 'campaign' | 'team' | 'rep') =>
      leadMetricsOf(exampleCells(), by, MONTHS, labels).rows.map((row) => [row.kind, row.id, row.label, row.created, row.converted]);
    expect(pick('campaign')).toEqual([
      ['campaign', 'spring', 'Spring Launch', 3, 2],
      ['none', null, 'No campaign', 1, 0],
    ]);
    expect(pick('team')).toEqual([
      ['team', 'north', 'North', 3, 2],
      ['team', 'south', 'South', 1, 0],
    ]);
    expect(pick('rep')).toEqual([
      ['rep', 'dave', 'Dave Apthorp', 3, 2],
      ['rep', 'erin', 'Erin Brock', 1, 0],
    ]);
  });
});

describe('the worked example: opportunities from leads and the others', () => {
  const fromLeadsJan = {
    count: 1,
    won: 1,
    lost: 0,
    winRate: 1,
    averageWonDeal: 1_200_000,
    averageDaysToClose: 30,
    wonRevenue: 1_200_000,
    openPipeline: 0,
    openCount: 0,
  };
  const othersJan = {
    count: 3,
    won: 2,
    lost: 1,
    winRate: 0.6667,
    averageWonDeal: 375_001,
    averageDaysToClose: 11.7,
    wonRevenue: 750_001,
    openPipeline: 0,
    openCount: 0,
  };
  const openFeb = {
    count: 1,
    won: 0,
    lost: 0,
    winRate: null,
    averageWonDeal: null,
    averageDaysToClose: null,
    wonRevenue: 0,
    openPipeline: 800_000,
    openCount: 1,
  };
  const none = {
    count: 0,
    won: 0,
    lost: 0,
    winRate: null,
    averageWonDeal: null,
    averageDaysToClose: null,
    wonRevenue: 0,
    openPipeline: 0,
    openCount: 0,
  };

  it('by month of creation, side by side, with the revenue contribution', () => {
    const { rows, total } = opportunityMetricsOf(exampleCells(), 'month', MONTHS, labels);
    expect(rows).toEqual([
      {
        kind: 'month',
        id: '2026-01',
        label: '2026-01',
        fromLeads: fromLeadsJan,
        others: othersJan,
        all: {
          count: 4,
          won: 3,
          lost: 1,
          winRate: 0.75,
          averageWonDeal: 650_000,
          averageDaysToClose: 16.3,
          wonRevenue: 1_950_001,
          openPipeline: 0,
          openCount: 0,
        },
        revenueContribution: 0.6154,
      },
      { kind: 'month', id: '2026-02', label: '2026-02', fromLeads: openFeb, others: none, all: openFeb, revenueContribution: null },
    ]);
    expect(total).toEqual({
      fromLeads: { ...fromLeadsJan, count: 2, openPipeline: 800_000, openCount: 1 },
      others: othersJan,
      all: {
        count: 5,
        won: 3,
        lost: 1,
        winRate: 0.75,
        averageWonDeal: 650_000,
        averageDaysToClose: 16.3,
        wonRevenue: 1_950_001,
        openPipeline: 800_000,
        openCount: 1,
      },
      revenueContribution: 0.6154,
    });
  });

  it('by source: legacy text matched to a source, or a row of its own; deals with no source last', () => {
    const { rows } = opportunityMetricsOf(exampleCells(), 'source', MONTHS, labels);
    expect(rows.filter((row) => row.all.count > 0).map((row) => [row.kind, row.id, row.label, row.all.count, row.all.won])).toEqual([
      ['source', 'web', 'Website', 2, 1],
      ['source', 'referral', 'Referral', 1, 0],
      ['legacy', null, 'Trade Show', 1, 1],
      ['none', null, 'No source', 1, 1],
    ]);
    expect(rows.map((row) => row.label)).toEqual([
      'Website',
      'Referral',
      'Partner',
      'Event',
      'Advertising',
      'Outbound',
      'Other',
      'Trade Show',
      'No source',
    ]);
  });

  it('by campaign: references and matching legacy text together', () => {
    const { rows } = opportunityMetricsOf(exampleCells(), 'campaign', MONTHS, labels);
    expect(rows.map((row) => [row.kind, row.id, row.label, row.all.count, row.all.wonRevenue, row.all.openPipeline])).toEqual([
      ['campaign', 'spring', 'Spring Launch', 3, 1_200_000, 800_000],
      ['legacy', null, 'Trade Fair 2015', 1, 500_000, 0],
      ['none', null, 'No campaign', 1, 250_001, 0],
    ]);
  });
});

describe('the worked example: campaigns', () => {
  it('every campaign, legacy texts, then no campaign; the cost is the whole', () => {
    expect(campaignMetricsOf(exampleCells(), EXAMPLE_CAMPAIGNS)).toEqual([
      {
        kind: 'campaign',
        campaignId: 'spring',
        name: 'Spring Launch',
        type: 'email',
        parentCampaignId: null,
        startDate: '2026-01-01',
        endDate: '2026-03-31',
        leads: 3,
        conversions: 2,
        opportunities: 3,
        pipeline: 800_000,
        won: 1,
        wonRevenue: 1_200_000,
        actualCost: 150_000,
        budgetedCost: 200_000,
        costPerLead: 50_000,
        costPerWonDeal: 150_000,
        roi: 7,
      },
      {
        kind: 'campaign',
        campaignId: 'webinar',
        name: 'Spring Webinar',
        type: 'webinar',
        parentCampaignId: 'spring',
        startDate: '2026-01-01',
        endDate: '2026-03-31',
        leads: 0,
        conversions: 0,
        opportunities: 0,
        pipeline: 0,
        won: 0,
        wonRevenue: 0,
        actualCost: 0,
        budgetedCost: 50_000,
        costPerLead: null,
        costPerWonDeal: null,
        roi: null,
      },
      {
        kind: 'legacy',
        campaignId: null,
        name: 'Trade Fair 2015',
        type: null,
        parentCampaignId: null,
        startDate: null,
        endDate: null,
        leads: 0,
        conversions: 0,
        opportunities: 1,
        pipeline: 0,
        won: 1,
        wonRevenue: 500_000,
        actualCost: null,
        budgetedCost: null,
        costPerLead: null,
        costPerWonDeal: null,
        roi: null,
      },
      {
        kind: 'none',
        campaignId: null,
        name: 'No campaign',
        type: null,
        parentCampaignId: null,
        startDate: null,
        endDate: null,
        leads: 1,
        conversions: 0,
        opportunities: 1,
        pipeline: 0,
        won: 1,
        wonRevenue: 250_001,
        actualCost: null,
        budgetedCost: null,
        costPerLead: null,
        costPerWonDeal: null,
        roi: null,
      },
    ]);
  });
});

describe('the worked example: the opportunity funnel', () => {
  const share = (count: number, reached: number) => ({ count, share: reached === 0 ? null : ratioOf(count, reached) });

  it('of the deals that reached each stage: the share reaching each later stage and won, and the days in it', () => {
    const funnel = funnelOf(exampleCells(), DEFAULT_STAGES.stages);
    expect(
      funnel.map(({ later, ...stage }) => ({ ...stage, later: later.map((entry) => [entry.stageId, entry.count, entry.share]) })),
    ).toEqual([
      {
        stageId: 'prospecting',
        name: 'Prospecting',
        outcome: 'open',
        reached: 3,
        later: [
          ['investigation', 1, 0.3333],
          ['proposal-made', 1, 0.3333],
          ['negotiation', 0, 0],
          ['closed-won', 1, 0.3333],
          ['closed-lost', 1, 0.3333],
        ],
        won: share(1, 3),
        exits: 2,
        averageDaysInStage: 10,
      },
      {
        stageId: 'investigation',
        name: 'Investigation',
        outcome: 'open',
        reached: 1,
        later: [
          ['proposal-made', 0, 0],
          ['negotiation', 0, 0],
          ['closed-won', 0, 0],
          ['closed-lost', 1, 1],
        ],
        won: share(0, 1),
        exits: 1,
        averageDaysInStage: 10,
      },
      {
        stageId: 'proposal-made',
        name: 'Proposal Made',
        outcome: 'open',
        reached: 1,
        later: [
          ['negotiation', 0, 0],
          ['closed-won', 1, 1],
          ['closed-lost', 0, 0],
        ],
        won: share(1, 1),
        exits: 1,
        averageDaysInStage: 20,
      },
      {
        stageId: 'negotiation',
        name: 'Negotiation',
        outcome: 'open',
        reached: 0,
        later: [
          ['closed-won', 0, null],
          ['closed-lost', 0, null],
        ],
        won: share(0, 0),
        exits: 0,
        averageDaysInStage: null,
      },
      {
        stageId: 'closed-won',
        name: 'Closed Won',
        outcome: 'won',
        reached: 1,
        later: [['closed-lost', 0, 0]],
        won: share(1, 1),
        exits: 0,
        averageDaysInStage: null,
      },
      {
        stageId: 'closed-lost',
        name: 'Closed Lost',
        outcome: 'lost',
        reached: 1,
        later: [],
        won: share(0, 1),
        exits: 0,
        averageDaysInStage: null,
      },
    ]);
  });

  it('a month counts the deals that first entered a stage in it', () => {
    const january = exampleCells().filter((cell) => cell.month === '2026-01');
    const [prospecting, , , , closedWon] = funnelOf(january, DEFAULT_STAGES.stages);
    expect(prospecting).toMatchObject({ reached: 2, won: { count: 1, share: 0.5 }, exits: 2, averageDaysInStage: 10 });
    expect(prospecting?.later.map((entry) => entry.share)).toEqual([0.5, 0.5, 0, 0.5, 0.5]);
    expect(closedWon?.reached).toBe(0);
  });
});

describe('the range of months', () => {
  const now = new Date('2026-03-15T10:00:00Z');

  it('defaults to the 12 months up to the clock’s UTC month, or 12 from or up to the one month given', () => {
    expect(conversionMonthsOf({}, now)).toMatchObject({ from: '2025-04', to: '2026-03' });
    expect(conversionMonthsOf({}, new Date('2026-01-31T23:59:59Z')).from).toBe('2025-02');
    expect(conversionMonthsOf({ to: '2026-01' }, now)).toMatchObject({ from: '2025-02', to: '2026-01' });
    expect(conversionMonthsOf({ from: '2026-01' }, now)).toMatchObject({ from: '2026-01', to: '2026-12' });
  });

  it('at most 24 months, to not before from; the error names to', () => {
    expect(conversionMonthsOf({ from: '2024-04', to: '2026-03' }, now).months).toHaveLength(24);
    for (const query of [
      { from: '2024-03', to: '2026-03' },
      { from: '2026-03', to: '2026-02' },
    ]) {
      expect(() => conversionMonthsOf(query, now)).toThrow(ValidationError);
      try {
        conversionMonthsOf(query, now);
      } catch (error) {
        expect((error as ValidationError).issues[0]?.field).toBe('to');
      }
    }
  });
});
