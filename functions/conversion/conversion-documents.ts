/**
 * Responses of the conversion metrics, for the OpenAPI document. Each mirrors a core result
 * type; the `sameShape` checks at the bottom make the compiler fail if one drifts from it.
 */
import * as z from 'zod';
import { CampaignType } from '#core/campaigns/campaign.js';
import { GROUPINGS } from '#core/conversion/conversion-metrics.js';
import type { CampaignMetrics, ConversionFunnel, LeadMetrics, OpportunityMetrics } from '#core/conversion/read-conversion-metrics.js';
import { LeadStatus } from '#core/leads/lead.js';
import { StageOutcome } from '#core/organisation/stage.js';
import { Month } from '#core/shared/common-schemas.js';
import { Amount, ratio } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const Count = z.number().int().nonnegative();
const Days = z.number().nullable().meta({ description: 'days, to one decimal; null when there is nothing to average' });

const header = {
  from: Month,
  to: Month,
  months: z.array(Month),
  scope: z
    .object({
      kind: z.enum(['company', 'visible', 'team', 'rep']),
      id: z.string().nullable(),
      name: z.string().nullable(),
    })
    .meta({ description: "whose leads and deals: the company, everything a manager sees ('visible'), a team's subtree, or a rep" }),
};

const group = {
  kind: z
    .enum([...GROUPINGS, 'legacy', 'none'])
    .meta({ description: "what the row stands for; 'legacy' is free text from before sources and campaigns were records, 'none' none" }),
  id: z.string().nullable().meta({ description: 'the month, source, campaign, team or rep id; null for legacy and none' }),
  label: z.string(),
};

const LeadFiguresDocument = z
  .object({
    created: Count,
    converted: Count.meta({ description: 'of the leads created, converted (up to now)' }),
    conversionRate: ratio('converted ÷ created; null when none was created', 0.25).nullable(),
    averageDaysToConvert: Days,
    convertedInMonth: Count.meta({ description: 'conversions dated in the row (month) or range, of leads created whenever' }),
    byStatus: z.record(LeadStatus, Count).meta({ description: 'of the leads created, how many are in each status now' }),
  })
  .meta({ id: 'LeadFigures' });

const DealFiguresDocument = z
  .object({
    count: Count,
    won: Count,
    lost: Count,
    winRate: ratio('won ÷ (won + lost); null when none closed', 0.5).nullable(),
    averageWonDeal: Amount.nullable().meta({ description: 'won revenue ÷ won, minor units; null when none won' }),
    averageDaysToClose: Days,
    wonRevenue: Amount,
    openPipeline: Amount,
    openCount: Count,
  })
  .meta({ id: 'DealFigures', description: 'deals created in the range (row): counts and amounts of those' });

const OpportunityFiguresDocument = z.object({
  fromLeads: DealFiguresDocument,
  others: DealFiguresDocument,
  all: DealFiguresDocument,
  revenueContribution: ratio("converted leads' won revenue ÷ all won revenue; null when nothing was won", 0.4).nullable(),
});

export const LeadMetricsDocument = z
  .object({
    ...header,
    by: z.enum(GROUPINGS),
    rows: z.array(z.object({ ...group, ...LeadFiguresDocument.shape })),
    total: LeadFiguresDocument,
  })
  .meta({ id: 'LeadMetrics' });

export const OpportunityMetricsDocument = z
  .object({
    ...header,
    by: z.enum(GROUPINGS),
    rows: z.array(z.object({ ...group, ...OpportunityFiguresDocument.shape })),
    total: OpportunityFiguresDocument,
  })
  .meta({ id: 'OpportunityMetrics' });

export const CampaignMetricsDocument = z
  .object({
    ...header,
    campaigns: z.array(
      z.object({
        kind: z.enum(['campaign', 'legacy', 'none']),
        campaignId: z.string().nullable(),
        name: z.string(),
        type: CampaignType.nullable(),
        parentCampaignId: z.string().nullable(),
        startDate: z.string().nullable(),
        endDate: z.string().nullable(),
        leads: Count.meta({ description: 'leads created in the range naming the campaign' }),
        conversions: Count.meta({ description: 'of those leads, converted' }),
        opportunities: Count.meta({ description: 'deals created in the range attributed to the campaign' }),
        pipeline: Amount.meta({ description: 'amount of those deals still open' }),
        won: Count,
        wonRevenue: Amount,
        actualCost: Amount.nullable().meta({
          description: "the campaign's whole actual cost, whatever the range; null for a row that is no campaign",
        }),
        budgetedCost: Amount.nullable(),
        costPerLead: Amount.nullable().meta({ description: 'actualCost ÷ leads; null without leads or cost record' }),
        costPerWonDeal: Amount.nullable().meta({ description: 'actualCost ÷ won; null without won deals or cost record' }),
        roi: ratio('(wonRevenue − actualCost) ÷ actualCost; null when the cost is zero', 1.5).nullable(),
      }),
    ),
  })
  .meta({ id: 'CampaignMetrics' });

const FunnelShareDocument = z
  .object({
    count: Count,
    share: ratio('count ÷ reached; null when none reached the stage', 0.6).nullable(),
  })
  .meta({ id: 'FunnelShare' });

export const ConversionFunnelDocument = z
  .object({
    ...header,
    stages: z.array(
      z.object({
        stageId: z.string(),
        name: z.string(),
        outcome: StageOutcome,
        reached: Count.meta({ description: 'deals that first entered the stage in the range' }),
        later: z
          .array(z.object({ stageId: z.string(), name: z.string(), ...FunnelShareDocument.shape }))
          .meta({ description: 'each later stage in the configuration: of those deals, the ones that entered it afterwards' }),
        won: FunnelShareDocument,
        exits: Count.meta({ description: 'finished stays in the stage of those deals' }),
        averageDaysInStage: Days,
      }),
    ),
  })
  .meta({ id: 'ConversionFunnel' });

const shapesMatch: [
  SameShape<LeadMetrics, z.infer<typeof LeadMetricsDocument>>,
  SameShape<OpportunityMetrics, z.infer<typeof OpportunityMetricsDocument>>,
  SameShape<CampaignMetrics, z.infer<typeof CampaignMetricsDocument>>,
  SameShape<ConversionFunnel, z.infer<typeof ConversionFunnelDocument>>,
] = [true, true, true, true];
void shapesMatch;
