/**
 * Answers of the conversion metrics (GET /conversion/…) as the API gives them, for the leads
 * page's builders: Acme's first quarter of 2016, small enough to check by hand.
 */
import type {
  CampaignMetrics,
  ConversionFunnel,
  DealFigures,
  LeadFigures,
  LeadMetrics,
  OpportunityMetrics,
} from '#web/app/api/api-types.js';

const header = {
  from: '2016-01',
  to: '2016-03',
  months: ['2016-01', '2016-02', '2016-03'],
  scope: { kind: 'company' as const, id: 'acme', name: 'Acme Software Ltd' },
};

const leadFigures = (
  created: number,
  byStatus: Partial<LeadFigures['byStatus']>,
  rest: Partial<Omit<LeadFigures, 'created' | 'byStatus'>> = {},
): LeadFigures => {
  const converted = byStatus.converted ?? 0;
  return {
    created,
    converted,
    conversionRate: created === 0 ? null : Math.round((converted / created) * 10_000) / 10_000,
    averageDaysToConvert: converted === 0 ? null : 12.5,
    convertedInMonth: converted,
    byStatus: { open: 0, contacted: 0, qualified: 0, 'closed-unqualified': 0, converted: 0, ...byStatus },
    ...rest,
  };
};

export const leadsByMonth: LeadMetrics = {
  ...header,
  by: 'month',
  rows: [
    { kind: 'month', id: '2016-01', label: '2016-01', ...leadFigures(4, { open: 1, contacted: 1, 'closed-unqualified': 1, converted: 1 }) },
    { kind: 'month', id: '2016-02', label: '2016-02', ...leadFigures(3, { open: 1, qualified: 1, converted: 1 }) },
    { kind: 'month', id: '2016-03', label: '2016-03', ...leadFigures(0, {}) },
  ],
  total: leadFigures(7, { open: 2, contacted: 1, qualified: 1, 'closed-unqualified': 1, converted: 2 }),
};

export const leadsBySource: LeadMetrics = {
  ...header,
  by: 'source',
  rows: [
    { kind: 'source', id: 'web', label: 'Website', ...leadFigures(4, { open: 2, contacted: 1, converted: 1 }) },
    { kind: 'source', id: 'referral', label: 'Referral', ...leadFigures(2, { qualified: 1, converted: 1 }) },
    { kind: 'source', id: 'partner', label: 'Partner', ...leadFigures(0, {}) },
    { kind: 'source', id: 'event', label: 'Event', ...leadFigures(1, { 'closed-unqualified': 1 }) },
  ],
  total: leadsByMonth.total,
};

const dealFigures = (figures: Partial<DealFigures>): DealFigures => ({
  count: 0,
  won: 0,
  lost: 0,
  winRate: null,
  averageWonDeal: null,
  averageDaysToClose: null,
  wonRevenue: 0,
  openPipeline: 0,
  openCount: 0,
  ...figures,
});

export const opportunitiesByMonth: OpportunityMetrics = {
  ...header,
  by: 'month',
  rows: [
    {
      kind: 'month',
      id: '2016-01',
      label: '2016-01',
      fromLeads: dealFigures({ count: 1, won: 1, winRate: 1, wonRevenue: 1_200_000 }),
      others: dealFigures({ count: 4, won: 1, lost: 1, winRate: 0.5, wonRevenue: 3_000_000, openCount: 2, openPipeline: 4_000_000 }),
      all: dealFigures({ count: 5, won: 2, lost: 1, winRate: 0.6667, wonRevenue: 4_200_000, openCount: 2, openPipeline: 4_000_000 }),
      revenueContribution: 0.2857,
    },
    {
      kind: 'month',
      id: '2016-02',
      label: '2016-02',
      fromLeads: dealFigures({ count: 1, openCount: 1, openPipeline: 900_000 }),
      others: dealFigures({ count: 2, lost: 1, winRate: 0, openCount: 1, openPipeline: 800_000 }),
      all: dealFigures({ count: 3, lost: 1, winRate: 0, openCount: 2, openPipeline: 1_700_000 }),
      revenueContribution: null,
    },
    {
      kind: 'month',
      id: '2016-03',
      label: '2016-03',
      fromLeads: dealFigures({}),
      others: dealFigures({}),
      all: dealFigures({}),
      revenueContribution: null,
    },
  ],
  total: {
    fromLeads: dealFigures({ count: 2, won: 1, winRate: 1, wonRevenue: 1_200_000, openCount: 1, openPipeline: 900_000 }),
    others: dealFigures({ count: 6, won: 1, lost: 2, winRate: 0.3333, wonRevenue: 3_000_000, openCount: 3, openPipeline: 4_800_000 }),
    all: dealFigures({ count: 8, won: 2, lost: 2, winRate: 0.5, wonRevenue: 4_200_000, openCount: 4, openPipeline: 5_700_000 }),
    revenueContribution: 0.2857,
  },
};

const campaign = {
  kind: 'campaign' as const,
  parentCampaignId: null,
  startDate: '2016-01-04',
  endDate: '2016-02-26',
  budgetedCost: 500_000,
};

export const campaigns: CampaignMetrics = {
  ...header,
  campaigns: [
    {
      ...campaign,
      campaignId: 'spring-webinars',
      name: 'Spring webinars',
      type: 'webinar',
      leads: 4,
      conversions: 2,
      opportunities: 2,
      pipeline: 900_000,
      won: 1,
      wonRevenue: 1_200_000,
      actualCost: 400_000,
      costPerLead: 100_000,
      costPerWonDeal: 400_000,
      roi: 2,
    },
    {
      ...campaign,
      campaignId: 'trade-show',
      name: 'London trade show',
      type: 'trade-show',
      leads: 1,
      conversions: 0,
      opportunities: 0,
      pipeline: 0,
      won: 0,
      wonRevenue: 0,
      actualCost: 0,
      costPerLead: 0,
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
      leads: 2,
      conversions: 0,
      opportunities: 6,
      pipeline: 4_800_000,
      won: 1,
      wonRevenue: 3_000_000,
      actualCost: null,
      budgetedCost: null,
      costPerLead: null,
      costPerWonDeal: null,
      roi: null,
    },
  ],
};

const share = (count: number, reached: number) => ({
  count,
  share: reached === 0 ? null : Math.round((count / reached) * 10_000) / 10_000,
});

export const funnel: ConversionFunnel = {
  ...header,
  stages: [
    {
      stageId: 'prospecting',
      name: 'Prospecting',
      outcome: 'open',
      reached: 8,
      later: [
        { stageId: 'proposal-made', name: 'Proposal made', ...share(5, 8) },
        { stageId: 'closed-won', name: 'Closed Won', ...share(2, 8) },
        { stageId: 'closed-lost', name: 'Closed Lost', ...share(2, 8) },
      ],
      won: share(2, 8),
      exits: 6,
      averageDaysInStage: 9.5,
    },
    {
      stageId: 'proposal-made',
      name: 'Proposal made',
      outcome: 'open',
      reached: 5,
      later: [
        { stageId: 'closed-won', name: 'Closed Won', ...share(2, 5) },
        { stageId: 'closed-lost', name: 'Closed Lost', ...share(1, 5) },
      ],
      won: share(2, 5),
      exits: 3,
      averageDaysInStage: 14,
    },
    {
      stageId: 'closed-won',
      name: 'Closed Won',
      outcome: 'won',
      reached: 2,
      later: [],
      won: share(2, 2),
      exits: 0,
      averageDaysInStage: null,
    },
    {
      stageId: 'closed-lost',
      name: 'Closed Lost',
      outcome: 'lost',
      reached: 2,
      later: [],
      won: share(0, 2),
      exits: 0,
      averageDaysInStage: null,
    },
  ],
};
