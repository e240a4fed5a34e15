import * as z from 'zod';
import { AmountMinor, CalendarDate, Id, singleLineText } from '../shared/common-schemas.js';

/** What kind of marketing a campaign is; reports group by it. */
export const CAMPAIGN_TYPES = [
  'email',
  'webinar',
  'event',
  'trade-show',
  'advertising',
  'content',
  'referral-programme',
  'partner',
  'direct-mail',
  'telemarketing',
  'other',
] as const;
export const CampaignType = z.enum(CAMPAIGN_TYPES);
export type CampaignType = z.infer<typeof CampaignType>;

/**
 * What a client sends to PUT /campaigns/{id}. Costs are in minor units; the actual cost is
 * what ROI and cost per lead are measured against. A parent groups campaigns (a programme
 * and its waves); the parent must exist and a campaign may not be its own ancestor.
 */
export const CampaignInput = z
  .strictObject({
    name: singleLineText(200),
    type: CampaignType,
    startDate: CalendarDate,
    endDate: CalendarDate,
    budgetedCost: AmountMinor.default(0),
    actualCost: AmountMinor.default(0),
    parentCampaignId: Id.nullable().default(null),
  })
  .superRefine((input, ctx) => {
    if (input.endDate < input.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${input.startDate})` });
  });
export type CampaignInput = z.infer<typeof CampaignInput>;

/** A campaign as stored: versioned like every record an admin writes, and audited. */
export const Campaign = z.object({
  id: Id,
  name: z.string(),
  type: CampaignType,
  startDate: CalendarDate,
  endDate: CalendarDate,
  budgetedCost: AmountMinor,
  actualCost: AmountMinor,
  parentCampaignId: Id.nullable(),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  updatedBy: Id.optional(),
});
export type Campaign = z.infer<typeof Campaign>;
