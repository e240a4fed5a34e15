/**
 * A deal link as the conversion counters see it. The stream keeps the deal cells the way
 * it keeps the month totals: each link write ADDs (what the new link contributes) − (what
 * the link it replaces contributed), in the transaction that writes the link, so the deal
 * cells are always the sum over all live links of their contributions.
 */
import { type CountedDeal, dealContributionOf, nextStagePath, type StageVisit } from '../conversion/conversion-cells.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { CellCounters } from '../shared/counters.js';
import type { DealLink } from './deal-link.js';

/** The path of a new deal: the stage it was created in, entered at its creation. */
export function initialStagePath(opportunity: Pick<Opportunity, 'stageId' | 'createdAt'>): readonly StageVisit[] {
  return [{ stageId: opportunity.stageId, at: opportunity.createdAt }];
}

/** The stage path over a deal's versions in order (first = as created), as the stream builds it one change at a time. */
export function stagePathOfVersions(
  versions: readonly Pick<Opportunity, 'stageId' | 'createdAt' | 'updatedAt'>[],
): readonly StageVisit[] | null {
  const [first, ...rest] = versions;
  if (!first) return null;
  let path = initialStagePath(first);
  let before = first;
  for (const after of rest) {
    path = nextStagePath(path, before.stageId, after.stageId, after.updatedAt);
    before = after;
  }
  return path;
}

/**
 * A link's stage path; a link without one (stored before stage paths) was in its stage
 * since the deal's creation, as far as anything recorded says.
 */
export function stagePathOf(link: Pick<DealLink, 'stageId' | 'quality' | 'stagePath'>): readonly StageVisit[] {
  return link.stagePath ?? [{ stageId: link.stageId, at: link.quality.createdAt }];
}

/** The fields of a link the conversion counters follow; undefined stays undefined (nothing stored). */
export function countedDealOf(link: DealLink | undefined): CountedDeal | undefined {
  if (!link) return undefined;
  return {
    live: link.live,
    repId: link.repId,
    stageOutcome: link.stageOutcome,
    amount: link.amount,
    createdAt: link.quality.createdAt,
    closedAt: link.quality.closedAt,
    leadId: link.leadId ?? null,
    leadSource: link.leadSource ?? null,
    campaignId: link.campaignId ?? null,
    campaign: link.campaign ?? null,
    stagePath: stagePathOf(link),
  };
}

/** What one link adds to the deal cells; a tombstone adds nothing. */
export function dealConversionOf(link: DealLink | undefined): CellCounters {
  return dealContributionOf(countedDealOf(link));
}
