import * as z from 'zod';
import { stagePathOf } from '#core/linkage/deal-conversion.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { StageOutcome } from '#core/organisation/stage.js';
import { keys } from '../store/keys.js';

/** How long a tombstone link outlives its last stream record: stream retention is 24 h. */
export const TOMBSTONE_TTL_SECONDS = 3 * 24 * 60 * 60;

const QualityCountersItem = z.object({
  createdAt: z.string(),
  closeMonthExtensions: z.number().int().nonnegative(),
  lastStageChangeAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});

const DealLinkItem = z.object({
  opportunityId: z.string(),
  repId: z.string(),
  month: z.string(),
  version: z.number().int().positive(),
  live: z.boolean(),
  name: z.string(),
  account: z.string(),
  stageId: z.string(),
  stageOutcome: StageOutcome,
  closeDate: z.string(),
  amount: z.number().int(),
  probability: z.number().int().nullable(),
  familyAmounts: z.array(z.object({ productFamily: z.string(), amount: z.number().int() })),
  priority: z.boolean(),
  quality: QualityCountersItem,
  // Links stored before the conversion counters have none of these (see dealLinkFromItem).
  leadId: z.string().nullable().optional(),
  leadSource: z.string().nullable().optional(),
  campaignId: z.string().nullable().optional(),
  campaign: z.string().nullable().optional(),
  stagePath: z.array(z.object({ stageId: z.string(), at: z.string() })).optional(),
});

/**
 * A link as stored in its rep-month partition; a tombstone expires after `expiresAt`.
 * Links are in no index: the stream rewrites them on every change of their deal, and an
 * index entry would cost a write each time.
 */
export function dealLinkToItem(link: DealLink, now: Date): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...keys.dealLink(link, link.opportunityId),
    type: 'DealLink',
    ...link,
    // A list, not a map: the general family is '' and DynamoDB map keys may not be empty.
    familyAmounts: Object.entries(link.familyAmounts).map(([productFamily, amount]) => ({ productFamily, amount })),
  };
  if (!link.live) item.expiresAt = Math.floor(now.getTime() / 1000) + TOMBSTONE_TTL_SECONDS;
  return item;
}

/**
 * A stored link. One stored before the conversion counters reads as a deal from no lead,
 * source or campaign, in its stage since its creation: the deal cells the upgrade's
 * reconcile repair writes are the sums of links read this way.
 */
export function dealLinkFromItem(item: Record<string, unknown>): DealLink {
  const { familyAmounts, leadId, leadSource, campaignId, campaign, stagePath, ...link } = DealLinkItem.parse(item);
  return {
    ...link,
    familyAmounts: Object.fromEntries(familyAmounts.map((entry) => [entry.productFamily, entry.amount])),
    leadId: leadId ?? null,
    leadSource: leadSource ?? null,
    campaignId: campaignId ?? null,
    campaign: campaign ?? null,
    stagePath: stagePathOf({ ...link, stagePath }),
  };
}
