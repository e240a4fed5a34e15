/**
 * The worked examples of docs/leads-and-campaigns.md, as the lead and deal states whose
 * contributions the conversion cells hold. The unit tests compute the metrics from them; the
 * integration tests write the same contributions to DynamoDB Local and read them through
 * the API. Keep them identical to the page.
 */
import type { Campaign } from '#core/campaigns/campaign.js';
import type { ConversionCell } from '#core/conversion/conversion-cell-repository.js';
import {
  type CountedDeal,
  type CountedLead,
  cellOfKey,
  dealContributionOf,
  leadContributionOf,
} from '#core/conversion/conversion-cells.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';

/** Dave (team North) works L1-L3 and D1-D4; Erin (team South) L4 and D5. */
export const EXAMPLE_LEADS: Readonly<Record<string, CountedLead>> = {
  L1: {
    ownerId: 'dave',
    source: 'web',
    campaignId: 'spring',
    status: 'converted',
    createdAt: '2026-01-05T09:00:00.000Z',
    convertedAt: '2026-01-15T21:00:00.000Z',
  },
  L2: {
    ownerId: 'dave',
    source: 'web',
    campaignId: 'spring',
    status: 'converted',
    createdAt: '2026-01-20T00:00:00.000Z',
    convertedAt: '2026-02-03T00:00:00.000Z',
  },
  L3: {
    ownerId: 'dave',
    source: 'web',
    campaignId: 'spring',
    status: 'contacted',
    createdAt: '2026-01-25T12:00:00.000Z',
    convertedAt: null,
  },
  L4: {
    ownerId: 'erin',
    source: 'referral',
    campaignId: null,
    status: 'open',
    createdAt: '2026-02-10T08:00:00.000Z',
    convertedAt: null,
  },
};

const deal = (fields: Partial<CountedDeal> & Pick<CountedDeal, 'repId' | 'stageOutcome' | 'amount' | 'createdAt'>): CountedDeal => ({
  live: true,
  closedAt: null,
  leadId: null,
  leadSource: null,
  campaignId: null,
  campaign: null,
  stagePath: [],
  ...fields,
});

export const EXAMPLE_DEALS: Readonly<Record<string, CountedDeal>> = {
  /** From L1: won 12,000.00 after 30 days. */
  D1: deal({
    repId: 'dave',
    leadId: 'L1',
    leadSource: 'web',
    campaignId: 'spring',
    stageOutcome: 'won',
    amount: 1_200_000,
    createdAt: '2026-01-15T21:00:00.000Z',
    closedAt: '2026-02-14T21:00:00.000Z',
    stagePath: [
      { stageId: 'prospecting', at: '2026-01-15T21:00:00.000Z' },
      { stageId: 'proposal-made', at: '2026-01-25T21:00:00.000Z' },
      { stageId: 'closed-won', at: '2026-02-14T21:00:00.000Z' },
    ],
  }),
  /** From L2: open, 8,000.00. */
  D2: deal({
    repId: 'dave',
    leadId: 'L2',
    leadSource: 'web',
    campaignId: 'spring',
    stageOutcome: 'open',
    amount: 800_000,
    createdAt: '2026-02-03T00:00:00.000Z',
    stagePath: [{ stageId: 'prospecting', at: '2026-02-03T00:00:00.000Z' }],
  }),
  /** Legacy source and campaign texts that match nothing: won 5,000.00 after 10 days. */
  D3: deal({
    repId: 'dave',
    leadSource: 'Trade Show',
    campaign: 'Trade Fair 2015',
    stageOutcome: 'won',
    amount: 500_000,
    createdAt: '2026-01-02T00:00:00.000Z',
    closedAt: '2026-01-12T00:00:00.000Z',
  }),
  /** Legacy texts that match the source Referral and the campaign Spring: lost 3,000.00 after 20 days. */
  D4: deal({
    repId: 'dave',
    leadSource: 'REFERRAL',
    campaign: 'spring launch',
    stageOutcome: 'lost',
    amount: 300_000,
    createdAt: '2026-01-06T00:00:00.000Z',
    closedAt: '2026-01-26T00:00:00.000Z',
    stagePath: [
      { stageId: 'prospecting', at: '2026-01-06T00:00:00.000Z' },
      { stageId: 'investigation', at: '2026-01-16T00:00:00.000Z' },
      { stageId: 'closed-lost', at: '2026-01-26T00:00:00.000Z' },
    ],
  }),
  /** No source, no campaign: won 2,500.01 after 5 days. */
  D5: deal({
    repId: 'erin',
    stageOutcome: 'won',
    amount: 250_001,
    createdAt: '2026-01-10T00:00:00.000Z',
    closedAt: '2026-01-15T00:00:00.000Z',
  }),
};

const campaign = (fields: Pick<Campaign, 'id' | 'name' | 'type' | 'actualCost' | 'budgetedCost'> & Partial<Campaign>): Campaign => ({
  startDate: '2026-01-01',
  endDate: '2026-03-31',
  parentCampaignId: null,
  version: 1,
  updatedAt: '2025-12-20T00:00:00.000Z',
  ...fields,
});

/** Spring Launch cost 1,500.00 (budget 2,000.00); Spring Webinar, a wave of it, cost nothing. */
export const EXAMPLE_CAMPAIGNS: readonly Campaign[] = [
  campaign({ id: 'spring', name: 'Spring Launch', type: 'email', actualCost: 150_000, budgetedCost: 200_000 }),
  campaign({ id: 'webinar', name: 'Spring Webinar', type: 'webinar', actualCost: 0, budgetedCost: 50_000, parentCampaignId: 'spring' }),
];

/** The contributions of the example leads and deals, summed by cell. */
export function exampleContributions(): { readonly leads: CellCounters; readonly deals: CellCounters } {
  return {
    leads: Object.values(EXAMPLE_LEADS).reduce<CellCounters>((sum, lead) => addCellCounters(sum, leadContributionOf(lead)), new Map()),
    deals: Object.values(EXAMPLE_DEALS).reduce<CellCounters>((sum, deal) => addCellCounters(sum, dealContributionOf(deal)), new Map()),
  };
}

/** The same, as the cells a store reads back. */
export function exampleCells(): ConversionCell[] {
  const { leads, deals } = exampleContributions();
  const cells = (kind: ConversionCell['kind'], counters: CellCounters) =>
    [...counters].map(([key, values]) => ({ kind, ...cellOfKey(key), counters: values }));
  return [...cells('leads', leads), ...cells('deals', deals)];
}
